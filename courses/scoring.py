"""Scoring multiple-choice answers against a question map. Pure: no
database, no errors of its own; the course quizzes and the evaluation's
knowledge tests both score this way.

A question map is ``{question id: {"kind": "single"|"multiple",
"choices": {choice id: (text, is_correct)}}}`` (``question_map()``)."""


def answers_clean(*, questions: dict, answers) -> dict[str, list[str]] | None:
    """``answers`` ({question id: [choice ids]}, a lone choice id allowed)
    with ids as strings and choices sorted, or None when they do not fit the
    questions (an unknown question or choice, a repeated choice, or several
    choices for a single-choice question)."""
    if not isinstance(answers, dict):
        return None
    clean = {}
    for qid, chosen in answers.items():
        question = questions.get(str(qid))
        if question is None:
            return None
        if isinstance(chosen, str):
            chosen = [chosen]
        if not isinstance(chosen, (list, tuple)):
            return None
        chosen = sorted(str(c) for c in chosen)
        if len(set(chosen)) != len(chosen) or any(
            c not in question["choices"] for c in chosen
        ):
            return None
        if question["kind"] == "single" and len(chosen) > 1:
            return None
        clean[str(qid)] = chosen
    return clean


def answers_score(*, questions: dict, clean: dict) -> tuple[dict, int]:
    """Each question's result ({"correct", "chosen", "right"}) and the score
    in percent (rounded down). A question counts when exactly its correct
    choices are chosen; an unanswered one counts as wrong."""
    results = {}
    correct_count = 0
    for qid, question in questions.items():
        right = sorted(cid for cid, (_t, ok) in question["choices"].items() if ok)
        chosen = clean.get(qid, [])
        correct = chosen == right
        correct_count += correct
        results[qid] = {"correct": correct, "chosen": chosen, "right": right}
    score = int(correct_count * 100 / len(questions)) if questions else 0
    return results, score
