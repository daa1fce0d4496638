"""The anonymous satisfaction survey (ankieta ewaluacyjna).

Answering writes only counters (scale questions), open texts with a random
id, and the person's id into the survey's sorted list of respondents: no
record, audit entry or notification ties a person to an answer (see
models.py). That is why ``survey_answer`` writes no audit entry.
"""

import random

from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.live.texts import Text

from .. import selectors
from ..errors import EvaluationError
from ..models import Survey, SurveyOpenAnswer, SurveyRespondents, SurveyTally
from ..sources import is_participant, source_get
from .outcomes import plan_ensure, source_require

# The usual questions of EFS training surveys. Stored in Polish (the survey
# is edited per event in Polish); gettext_noop marks them for the catalogue.
DEFAULT_QUESTIONS = [
    ("scale", gettext_noop("Jak oceniasz zajęcia ogólnie?")),
    ("scale", gettext_noop("Czy program był zgodny z Twoimi potrzebami zawodowymi?")),
    ("scale", gettext_noop("Jak oceniasz przygotowanie merytoryczne prowadzących?")),
    ("scale", gettext_noop("Jak oceniasz sposób prowadzenia zajęć?")),
    ("scale", gettext_noop("Jak oceniasz materiały szkoleniowe?")),
    ("scale", gettext_noop("Jak oceniasz organizację (sala, catering, czas)?")),
    ("scale", gettext_noop("W jakim stopniu wykorzystasz zdobytą wiedzę w pracy?")),
    ("open", gettext_noop("Co było dla Ciebie najbardziej wartościowe?")),
    ("open", gettext_noop("Co należałoby zmienić lub poprawić?")),
]
MAX_OPEN_LENGTH = 2000
MAX_QUESTIONS = 25


def default_questions() -> list[dict]:
    return [
        {"key": f"q{i}", "kind": kind, "text": text}
        for i, (kind, text) in enumerate(DEFAULT_QUESTIONS, start=1)
    ]


@transaction.atomic
def survey_ensure(
    *, actor: User | None, source_kind: str, source_id: int, event_day_id=None
) -> Survey:
    """The survey of a course, or of one event day (``event_day_id``),
    created with the default question set the first time.

    Raises EvaluationError "not_found" (no such day of this event) and
    "not_allowed" (an actor outside the organiser's scope)."""
    source = source_require(source_kind=source_kind, source_id=source_id)
    if actor is not None and not selectors.user_may_manage(user=actor, source=source):
        raise EvaluationError("not_allowed", _("Ankiety przygotowują koordynatorzy."))
    day_ids = [d[0] for d in source.days]
    if event_day_id is not None and int(event_day_id) not in day_ids:
        raise EvaluationError("not_found", _("To wydarzenie nie ma takiego dnia."))
    plan = plan_ensure(source=source)
    day = None
    if event_day_id is not None:
        day = next(d for d in source.days if d[0] == int(event_day_id))
    title = (
        _("Ankieta: %(title)s, dzień %(date)s")
        % {"title": source.title, "date": day[1].strftime("%d.%m.%Y")}
        if day
        else _("Ankieta: %(title)s") % {"title": source.title}
    )
    survey, created = Survey.objects.get_or_create(
        plan=plan,
        event_day_id=int(event_day_id) if event_day_id is not None else 0,
        defaults={"title": title[:200], "questions": default_questions()},
    )
    if created:
        SurveyRespondents.objects.create(survey=survey)
        audit_log(actor=actor, action="evaluation.survey.created", obj=survey)
    return survey


def _clean_questions(questions) -> list[dict]:
    invalid = EvaluationError(
        "invalid_survey",
        _("Każde pytanie musi mieć treść i rodzaj (skala 1–5 albo otwarte)."),
    )
    if not isinstance(questions, list) or not 1 <= len(questions) <= MAX_QUESTIONS:
        raise invalid
    clean = []
    for i, item in enumerate(questions, start=1):
        if not isinstance(item, dict):
            raise invalid
        kind = item.get("kind")
        text = str(item.get("text") or "").strip()
        if kind not in ("scale", "open") or not text or len(text) > 500:
            raise invalid
        clean.append({"key": f"q{i}", "kind": kind, "text": text})
    return clean


def _survey_managed(*, actor: User, survey_id: int, refusal: str):
    """The survey (locked) and its source, when ``actor`` may manage it.

    Raises EvaluationError "not_found", or "not_allowed" with ``refusal``."""
    survey = Survey.objects.select_for_update().filter(pk=survey_id).first()
    if survey is None:
        raise EvaluationError("not_found", _("Nie znaleziono ankiety."))
    plan = survey.plan
    source = source_require(source_kind=plan.source_kind, source_id=plan.source_id)
    if not selectors.user_may_manage(user=actor, source=source):
        raise EvaluationError("not_allowed", refusal)
    return survey, source


@transaction.atomic
def survey_questions_update(*, actor: User, survey_id: int, questions) -> Survey:
    """Edit the questions of a survey nobody has answered yet.

    Raises EvaluationError "not_found", "not_allowed", "invalid_survey",
    "survey_has_answers"."""
    survey, source = _survey_managed(
        actor=actor, survey_id=survey_id, refusal=_("Ankiety zmieniają koordynatorzy.")
    )
    clean = _clean_questions(questions)
    if selectors.survey_respondent_ids(survey=survey):
        raise EvaluationError(
            "survey_has_answers",
            _("Ankieta ma już odpowiedzi: jej pytań nie można zmienić."),
        )
    before = survey.questions
    survey.questions = clean
    survey.save(update_fields=["questions"])
    audit_log(
        actor=actor,
        action="evaluation.survey.questions_changed",
        obj=survey,
        data={"before": before, "after": clean},
    )
    return survey


# Anonymity against a database-level export (docs/evaluation.md): neither the
# rows' ids, nor their physical place (PostgreSQL ctid), nor the transaction
# that last wrote them (xmin) may tell which answer came in when. So every
# answer rewrites *all* the survey's answer rows in one go: all tally rows
# are updated by one statement (those not chosen by + 0), and the open
# answers are deleted and inserted again, shuffled, with new random ids.
_shuffle = random.SystemRandom().shuffle


def _tallies_add(*, survey: Survey, scale: dict[str, int]) -> None:
    # Every (question, 1..5) row exists before the first answer is counted,
    # so no row's creation reveals a first choice of a value.
    wanted = [(key, value) for key in scale for value in range(1, 6)]
    _shuffle(wanted)
    SurveyTally.objects.bulk_create(
        [
            SurveyTally(survey=survey, question_key=key, value=value)
            for key, value in wanted
        ],
        ignore_conflicts=True,
    )
    chosen = Q(pk__in=[])
    for key, number in scale.items():
        chosen |= Q(question_key=key, value=number)
    SurveyTally.objects.filter(survey=survey).update(
        count=F("count")
        + Case(
            When(chosen, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    )


def _open_answers_rewrite(*, survey: Survey, texts: list[tuple[str, str]]) -> None:
    rows = list(
        SurveyOpenAnswer.objects.filter(survey=survey).values_list(
            "question_key", "text"
        )
    )
    rows += texts
    _shuffle(rows)
    SurveyOpenAnswer.objects.filter(survey=survey).delete()
    SurveyOpenAnswer.objects.bulk_create(
        [SurveyOpenAnswer(survey=survey, question_key=k, text=t) for k, t in rows]
    )


@transaction.atomic
def survey_answer(*, user: User, survey_id: int, answers: dict, now=None) -> None:
    """Keep one participant's anonymous answers: ``answers`` maps question
    keys to 1–5 (scale questions, all required) or text (open, optional).
    One answer per participant, kept without any link to the person.

    Raises EvaluationError "not_found", "not_participant", "survey_closed",
    "already_answered", "invalid_survey"; nothing is stored then."""
    now = now or timezone.now()
    respondents = (
        SurveyRespondents.objects.select_for_update()
        .select_related("survey__plan")
        .filter(survey_id=survey_id)
        .first()
    )
    if respondents is None:
        raise EvaluationError("not_found", _("Nie znaleziono ankiety."))
    survey = respondents.survey
    plan = survey.plan
    source = source_get(kind=plan.source_kind, source_id=plan.source_id)
    if source is None or not is_participant(source=source, user=user):
        raise EvaluationError(
            "not_participant", _("Ankietę wypełniają uczestnicy tych zajęć.")
        )
    if user.pk in respondents.user_ids:
        raise EvaluationError(
            "already_answered",
            _("Ta ankieta została już przez Ciebie wypełniona. Dziękujemy!"),
        )
    if not selectors.survey_open_for(survey=survey, source=source, user=user, now=now):
        raise EvaluationError(
            "survey_closed", _("Ankieta otworzy się po zajęciach, których dotyczy.")
        )
    if not isinstance(answers, dict):
        answers = {}
    scale, texts = {}, []
    for question in survey.questions:
        value = answers.get(question["key"])
        if question["kind"] == "scale":
            try:
                number = int(str(value))
            except (TypeError, ValueError):
                number = 0
            if not 1 <= number <= 5:
                raise EvaluationError(
                    "invalid_survey",
                    _("Zaznacz ocenę od 1 do 5 przy każdym pytaniu ze skalą."),
                )
            scale[question["key"]] = number
        else:
            text = str(value or "").strip()
            if len(text) > MAX_OPEN_LENGTH:
                raise EvaluationError(
                    "invalid_survey",
                    _("Odpowiedź otwarta może mieć najwyżej %(n)d znaków.")
                    % {"n": MAX_OPEN_LENGTH},
                )
            if text:
                texts.append((question["key"], text))
    _tallies_add(survey=survey, scale=scale)
    _open_answers_rewrite(survey=survey, texts=texts)
    respondents.user_ids = sorted([*respondents.user_ids, user.pk])
    respondents.save(update_fields=["user_ids"])


@transaction.atomic
def survey_remind(*, actor: User, survey_id: int, now=None) -> int:
    """Notify (and email, through the notification) every participant who
    has not answered yet. Returns how many were reminded.

    Raises EvaluationError "not_found", "not_allowed"."""
    from szkola.live.services import notify

    from ..sources import participant_ids

    now = now or timezone.now()
    survey, source = _survey_managed(
        actor=actor,
        survey_id=survey_id,
        refusal=_("Przypomnienia wysyłają koordynatorzy."),
    )
    answered = set(selectors.survey_respondent_ids(survey=survey))
    waiting = [uid for uid in participant_ids(source=source) if uid not in answered]
    from django.urls import reverse

    url = reverse("evaluation:survey", kwargs={"survey_id": survey.pk})
    for user in User.objects.filter(pk__in=waiting):
        notify(
            user,
            title=Text(
                gettext_noop("Prosimy o wypełnienie ankiety: %(title)s"),
                {"title": source.title},
            ),
            body=Text(gettext_noop("Ankieta jest anonimowa i zajmuje około 3 minut.")),
            url=url,
        )
    survey.reminded_at = now
    survey.save(update_fields=["reminded_at"])
    audit_log(
        actor=actor,
        action="evaluation.survey.reminded",
        obj=survey,
        data={"reminded": len(waiting)},
    )
    return len(waiting)
