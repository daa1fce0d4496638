"""Demo data for evaluation, called by ``seed_demo`` after courses and events.
Idempotent: a source whose plan already has outcomes is left alone.

Every past demo event and one course get a standard of outcomes, pre- and
post-test results, an independent assessor's decisions and anonymous
survey answers, so the results pages show real charts on a fresh demo.
The assessor is ``asesor@demo.szkolakooperacji.pl`` (the demo password).
"""

import random

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from szkola.accounts.constants import MACROREGION_CODE
from szkola.accounts.models import User
from szkola.accounts.permissions import user_assessor_scope
from szkola.accounts.services import assessor_role_set, profile_update
from szkola.home import demo_people

from .. import selectors, services
from ..errors import EvaluationError
from ..models import SourceKind, TestPhase
from ..sources import participant_ids, source_get
from .data import ASSESSOR_EMAIL, EVENT_OUTCOMES, OPEN_ANSWERS


def seed(*, home, stdout) -> None:
    made = {"plans": 0, "tests": 0, "assessments": 0, "survey answers": 0}
    rng = random.Random(2021)
    assessor = _assessor()
    leader = User.objects.filter(email=demo_people.LEADER_COORDINATOR_EMAIL).first()
    if leader is None:
        stdout.write("evaluation: brak koordynatora lidera, pominięto")
        return
    for kind, source_id in _sources():
        with transaction.atomic():
            _seed_source(
                kind=kind,
                source_id=source_id,
                leader=leader,
                assessor=assessor,
                rng=rng,
                made=made,
            )
    stdout.write(
        "evaluation: "
        + ", ".join(f"{key} {value}" for key, value in made.items())
        + " (nowe)"
    )


def _assessor() -> User:
    user = User.objects.filter(email=ASSESSOR_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=ASSESSOR_EMAIL,
            password=demo_people.DEMO_PASSWORD,
            first_name="Ewa",
            last_name="Sędziwa",
        )
        EmailAddress.objects.get_or_create(
            user=user,
            email=ASSESSOR_EMAIL,
            defaults={"primary": True, "verified": True},
        )
        profile_update(
            user=user,
            first_name="Ewa",
            last_name="Sędziwa",
            institution_name="Regionalny Ośrodek Polityki Społecznej w Rzeszowie",
            institution_sector="government",
            position="asesor — walidacja efektów uczenia się",
            voivodeship="18",
        )
    if user_assessor_scope(user) != MACROREGION_CODE:
        # Assesses the demo events and course of every voivodeship.
        assessor_role_set(actor=None, user=user, scope=MACROREGION_CODE)
    return user


def _sources() -> list[tuple[str, int]]:
    from courses.models import CoursePage, Enrolment
    from events.models import EventPage

    now = timezone.now()
    found = []
    for event in EventPage.objects.live().prefetch_related("days").order_by("pk"):
        ends = event.ends_at()
        if ends is not None and ends < now:
            found.append((SourceKind.EVENT, event.pk))
    # The course with the most people who finished it (its survey is open
    # to them), else any course.
    from django.db.models import Count

    course_id = (
        Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
        .values("course_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "course_id")
        .values_list("course_id", flat=True)
        .first()
    )
    if course_id is None:
        course_id = CoursePage.objects.live().values_list("pk", flat=True).first()
    if course_id is not None:
        found.append((SourceKind.COURSE, course_id))
    return found


def _answers(bank, *, rng, share_right: float) -> dict:
    answers = {}
    for qid, q in bank.question_map().items():
        right = [cid for cid, (_t, ok) in q["choices"].items() if ok]
        wrong = [cid for cid, (_t, ok) in q["choices"].items() if not ok]
        if rng.random() < share_right or not wrong:
            answers[qid] = right
        else:
            answers[qid] = [rng.choice(wrong)]
    return answers


def _seed_source(*, kind, source_id, leader, assessor, rng, made) -> None:
    from courses.models import QuizPage

    source = source_get(kind=kind, source_id=source_id)
    plan = selectors.plan_for(source_kind=kind, source_id=source_id)
    if source is None or (plan is not None and plan.outcomes.exists()):
        return
    services.outcomes_save(
        actor=leader,
        source_kind=kind,
        source_id=source_id,
        outcomes=EVENT_OUTCOMES,
        reason="Wzorzec ustalony przed zajęciami, wpisany do platformy.",
    )
    bank = QuizPage.objects.live().order_by("pk").first()
    services.plan_settings_update(
        actor=leader,
        source_kind=kind,
        source_id=source_id,
        question_bank_id=bank.pk if bank else None,
        post_test_required=False,
        certificate_requires_assessment=False,
    )
    services.plan_people_set(
        actor=leader,
        source_kind=kind,
        source_id=source_id,
        teaching_staff=[],
        assessors=[assessor],
    )
    made["plans"] += 1
    plan = selectors.plan_for(source_kind=kind, source_id=source_id)
    people = User.objects.filter(pk__in=participant_ids(source=source)).order_by("pk")
    survey = services.survey_ensure(
        actor=None,
        source_kind=kind,
        source_id=source_id,
        event_day_id=source.days[-1][0] if source.days else None,
    )
    outcomes = list(plan.outcomes.all())
    today = timezone.localdate()
    for n, person in enumerate(people):
        if bank is not None:
            for phase, share in ((TestPhase.PRE, 0.4), (TestPhase.POST, 0.85)):
                _test(kind, source, person, phase, bank, share, rng, leader, made)
        gained = rng.random() < 0.8
        decisions = {o.pk: gained or i > 0 for i, o in enumerate(outcomes)}
        try:
            services.assessment_record(
                assessor=assessor,
                source_kind=kind,
                source_id=source_id,
                participant=person,
                decisions=decisions,
                method="task",
                assessed_on=today,
            )
            made["assessments"] += 1
        except EvaluationError:
            pass
        if n % 4 != 3:  # three in four answer the survey
            _survey(survey, person, rng, made)


def _test(kind, source, person, phase, bank, share, rng, leader, made) -> None:
    answers = _answers(bank, rng=rng, share_right=share)
    try:
        if kind == SourceKind.EVENT or phase == TestPhase.PRE:
            services.knowledge_test_submit(
                user=person,
                source_kind=kind,
                source_id=source.id,
                phase=phase,
                answers=answers,
            )
        else:
            # Course participants who have not finished the lessons took the
            # final test on paper at the closing meeting.
            score = services.score_answers(
                questions=bank.question_map(), answers=answers
            )[1]
            services.paper_result_enter(
                actor=leader,
                source_kind=kind,
                source_id=source.id,
                participant=person,
                phase=phase,
                score=score,
            )
        made["tests"] += 1
    except EvaluationError:
        pass


def _survey(survey, person, rng, made) -> None:
    answers = {}
    for q in survey.questions:
        if q["kind"] == "scale":
            answers[q["key"]] = rng.choice((3, 4, 4, 5, 5, 5))
        elif rng.random() < 0.5:
            answers[q["key"]] = rng.choice(OPEN_ANSWERS.get(q["key"], ["Dziękuję."]))
    try:
        services.survey_answer(user=person, survey_id=survey.pk, answers=answers)
        made["survey answers"] += 1
    except EvaluationError:
        pass
