"""Reads of the anonymous satisfaction surveys (re-exported by
``evaluation.selectors``, which other modules import)."""

from collections import Counter

from django.utils import timezone

from .models import (
    EvaluationPlan,
    Survey,
    SurveyOpenAnswer,
    SurveyRespondents,
    SurveyTally,
)
from .sources import Source, participant_ids


def survey_respondent_ids(*, survey: Survey) -> list[int]:
    row = SurveyRespondents.objects.filter(survey=survey).first()
    return list(row.user_ids) if row else []


def survey_has_answered(*, survey: Survey, user) -> bool:
    return user.pk in survey_respondent_ids(survey=survey)


def survey_eligible_ids(*, survey: Survey, source: Source) -> list[int]:
    return participant_ids(source=source)


def survey_response_rate(*, survey: Survey, source: Source) -> dict:
    eligible = set(survey_eligible_ids(survey=survey, source=source))
    answered = len(eligible & set(survey_respondent_ids(survey=survey)))
    total = len(eligible)
    return {
        "answered": answered,
        "eligible": total,
        "percent": round(answered * 100 / total) if total else 0,
    }


def survey_results(*, survey: Survey) -> list[dict]:
    """Per question: scale → counts 1..5, answers, mean; open → texts."""
    tallies: dict[str, Counter] = {}
    for key, value, count in SurveyTally.objects.filter(survey=survey).values_list(
        "question_key", "value", "count"
    ):
        tallies.setdefault(key, Counter())[value] += count
    texts: dict[str, list[str]] = {}
    for key, text in (
        SurveyOpenAnswer.objects.filter(survey=survey)
        .order_by("id")
        .values_list("question_key", "text")
    ):
        texts.setdefault(key, []).append(text)
    result = []
    for question in survey.questions:
        key = question["key"]
        if question["kind"] == "scale":
            counts = tallies.get(key, Counter())
            answers = sum(counts.values())
            total = sum(v * c for v, c in counts.items())
            result.append(
                {
                    **question,
                    "counts": [counts.get(v, 0) for v in range(1, 6)],
                    "answers": answers,
                    "mean": round(total / answers, 2) if answers else None,
                }
            )
        else:
            result.append({**question, "texts": sorted(texts.get(key, []))})
    return result


def surveys_of(*, plan: EvaluationPlan | None) -> list[Survey]:
    if plan is None:
        return []
    return list(plan.surveys.order_by("event_day_id", "pk"))


def survey_open_for(*, survey: Survey, source: Source, user, now=None) -> bool:
    """A day's survey opens when the day starts; a course's when its lessons
    are done."""
    now = now or timezone.now()
    if source.is_event:
        for day_id, date, start, _end in source.days:
            if survey.event_day_id == day_id:
                import datetime

                begins = timezone.make_aware(
                    datetime.datetime.combine(date, start),
                    timezone.get_default_timezone(),
                )
                return now >= begins
        # A survey for the whole event opens on its last day.
        if source.days:
            import datetime

            _id, date, start, _end = source.days[-1]
            return now >= timezone.make_aware(
                datetime.datetime.combine(date, start),
                timezone.get_default_timezone(),
            )
        return False
    from .sources import course_lessons_done

    return course_lessons_done(source=source, user=user)
