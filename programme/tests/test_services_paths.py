import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from certificates.models import Certificate, Completion
from courses import services as course_services
from courses.tests.factories import answers_for, course_create, lessons_of, quiz_of
from szkola.accounts.models import AuditEntry

from ..errors import ProgrammeError
from ..models import LearningPath, PathComponent, PathEnrolment
from ..services import (
    path_join,
    path_save,
    path_team_join,
    support_attendance_record,
    support_book,
)
from .factories import (
    animator_make,
    coordinator_create,
    member_add,
    participant_create,
    path_create,
    session_create,
    team_create,
)

pytestmark = pytest.mark.django_db


def _complete_course(user, course):
    course_services.enrolment_create(user=user, course=course)
    for lesson in lessons_of(course):
        course_services.lesson_complete(user=user, lesson=lesson)
    quiz = quiz_of(course)
    attempt = course_services.quiz_attempt_start(user=user, quiz=quiz)
    course_services.quiz_attempt_submit(
        user=user, attempt_id=attempt.pk, answers=answers_for(quiz)
    )


def test_impossible_rule_is_refused_in_polish_and_nothing_is_saved():
    coordinator = coordinator_create(scope="20")
    path = LearningPath(title="Za dużo wyboru", organiser="20", min_optional=3)
    path.components.add(
        PathComponent(kind="event", event_kind="training2", required=False)
    )
    with pytest.raises(ProgrammeError) as error:
        path_save(actor=coordinator, path=path)
    assert error.value.code == "impossible_rule"
    assert "Tej reguły nie da się spełnić" in error.value.message
    assert not LearningPath.objects.exists()
    assert not PathComponent.objects.exists()


def test_coordinator_of_another_voivodeship_cannot_build_a_podlaskie_path():
    with pytest.raises(ProgrammeError) as error:
        path_create(
            organiser="20",
            coordinator=coordinator_create(scope="06"),
            components=[{"kind": "event", "event_kind": "training2"}],
        )
    assert error.value.code == "forbidden"


def test_leader_builds_a_macroregional_path():
    path = path_create(
        organiser="MR",
        coordinator=coordinator_create(scope="MR"),
        components=[{"kind": "event", "event_kind": "exchange"}],
    )
    assert path.components.count() == 1
    assert AuditEntry.objects.filter(action="programme.path.created").exists()


def test_participant_completes_the_path_and_gets_one_path_certificate(
    django_capture_on_commit_callbacks, paths_completed
):
    course = course_create(
        title="Kooperacja w gminie", hours=Decimal("8.0"), organiser="20"
    )
    path = path_create(
        title="Ścieżka animatora PZK",
        components=[
            {"kind": "course", "course": course},
            {
                "kind": "support",
                "support_kind": "coaching",
                "support_hours": Decimal("2"),
            },
        ],
    )
    user = participant_create(first_name="Ewa", last_name="Nowak", voivodeship="20")
    path_join(actor=user, path=path, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        _complete_course(user, course)
    enrolment = PathEnrolment.objects.get(user=user, path=path)
    assert enrolment.completed_at is None  # coaching still missing
    session = session_create(starts_in=datetime.timedelta(hours=1))
    booking = support_book(actor=user, session=session, user=user)
    with time_machine.travel(session.starts_at + datetime.timedelta(hours=3)):
        with django_capture_on_commit_callbacks(execute=True):
            support_attendance_record(
                actor=session.provider, booking=booking, attended=True
            )
            # Recorded again: still one completion, one announcement.
            support_attendance_record(
                actor=session.provider, booking=booking, attended=True
            )
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert len(paths_completed) == 1
    certificate = Certificate.objects.get(user=user, source_kind="path")
    assert certificate.source_id == path.pk
    assert certificate.title == "Ścieżka animatora PZK"
    assert certificate.hours == Decimal("10.0")
    topics = [item["topic"] for item in certificate.programme]
    assert topics[0].startswith("Kurs online: Kooperacja w gminie (")
    assert topics[1].startswith("Coaching: Coaching animatora (")
    assert [item["hours"] for item in certificate.programme] == ["8.0", "2.0"]
    assert certificate.date_from is not None and certificate.date_to is not None
    assert certificate.place == "Białystok"
    # The course certificate exists too, under its own source.
    assert Certificate.objects.filter(user=user, source_kind="course").count() == 1
    assert Completion.objects.filter(user=user, source_kind="path").count() == 1


def test_joining_after_the_work_is_done_completes_at_once(
    django_capture_on_commit_callbacks, paths_completed
):
    course = course_create(organiser="20")
    path = path_create(components=[{"kind": "course", "course": course}])
    user = participant_create(voivodeship="20")
    with django_capture_on_commit_callbacks(execute=True):
        _complete_course(user, course)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment, created = path_join(actor=user, path=path, user=user)
    assert created and enrolment.completed_at is not None
    assert [uid for uid, _source in paths_completed] == [user.pk]


def test_a_closed_path_cannot_be_started_by_a_participant():
    path = path_create(
        components=[{"kind": "event", "event_kind": "training2"}], is_open=False
    )
    user = participant_create(voivodeship="20")
    with pytest.raises(ProgrammeError) as error:
        path_join(actor=user, path=path, user=user)
    assert error.value.code == "forbidden"
    assert not PathEnrolment.objects.exists()


def test_animator_puts_the_team_on_a_path_but_a_member_cannot_enrol_others():
    team = team_create()
    animator = animator_make(team)
    members = [member_add(team), member_add(team)]
    path = path_create(components=[{"kind": "event", "event_kind": "training2"}])
    assert path_team_join(actor=animator, path=path, team=team) == 3
    stranger = participant_create(voivodeship="20")
    with pytest.raises(ProgrammeError):
        path_join(actor=members[0], path=path, user=stranger)


def test_path_completion_at_night_and_on_dst_day(
    django_capture_on_commit_callbacks, paths_completed
):
    course = course_create(organiser="20")
    path = path_create(components=[{"kind": "course", "course": course}])
    user = participant_create(voivodeship="20")
    path_join(actor=user, path=path, user=user)
    moment = datetime.datetime(
        2021, 10, 30, 23, 30, tzinfo=datetime.UTC
    )  # 01:30 on DST day
    with time_machine.travel(moment, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            _complete_course(user, course)
    ((_uid, source),) = paths_completed
    assert source["date_to"] == "2021-10-31"  # the local day in Warsaw
    assert timezone.localdate(moment).isoformat() == "2021-10-31"
