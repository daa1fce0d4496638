"""Pure rules of the courses app that selectors, services and views share."""

from .pages import CorrectAnswersShown


def attempts_left(*, max_attempts: int, submitted: int) -> int | None:
    """Attempts a participant still has: only submitted attempts count, so
    opening a quiz (or leaving it unsent) never uses one up. None: no
    limit."""
    if not max_attempts:
        return None
    return max(max_attempts - submitted, 0)


def correct_answers_visible(
    *, setting: str, passed: bool, attempts_left: int | None
) -> bool:
    """May the participant see the correct answers and the explanations of
    a submitted attempt? By default only once the quiz is passed or no
    attempt is left, so the answers cannot be copied into the next try."""
    if setting == CorrectAnswersShown.AFTER_EVERY_ATTEMPT:
        return True
    if setting == CorrectAnswersShown.NEVER:
        return False
    return passed or attempts_left == 0
