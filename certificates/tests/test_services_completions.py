"""Completions recorded from the courses' and events' signals, and the
certificates they issue automatically, once."""

import pytest

from certificates.errors import CertificateError
from certificates.models import Certificate, Completion
from certificates.services import (
    completion_record,
)
from courses.signals import course_completed
from events.signals import event_completed

from .factories import (
    source_dict,
    user_create,
)

pytestmark = pytest.mark.django_db


def test_completion_record_is_idempotent():
    user = user_create()
    source = source_dict(id=77)
    first = completion_record(user_id=user.pk, source=source)
    second = completion_record(user_id=user.pk, source={**source, "hours": "16"})
    assert first.pk == second.pk
    assert second.snapshot["hours"] == "16"


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "webinar"},
        {"id": "abc"},
        {"title": ""},
        {"hours": "many"},
        {"date_from": "15.02.2021"},
        {"programme": "all of it"},
    ],
)
def test_completion_record_refuses_bad_sources(bad):
    user = user_create()
    with pytest.raises(CertificateError) as error:
        completion_record(user_id=user.pk, source=source_dict(**bad))
    assert error.value.code == "invalid_source"
    assert not Completion.objects.exists()


def test_event_completed_signal_issues_automatically(
    django_capture_on_commit_callbacks,
):
    user = user_create()
    with django_capture_on_commit_callbacks(execute=True):
        event_completed.send(
            sender=None, user_id=user.pk, source=source_dict(kind="event")
        )
    certificate = Certificate.objects.get(user=user)
    assert certificate.source_kind == "event"
    assert certificate.issued_by is None


def test_course_completed_signal_issues_automatically(
    django_capture_on_commit_callbacks,
):
    user = user_create()
    with django_capture_on_commit_callbacks(execute=True):
        course_completed.send(
            sender=None,
            user_id=user.pk,
            source=source_dict(kind="course", place="online"),
        )
    assert Certificate.objects.get(user=user).source_kind == "course"


def test_signal_sent_twice_issues_once(django_capture_on_commit_callbacks):
    user = user_create()
    source = source_dict(kind="event", id=5)
    with django_capture_on_commit_callbacks(execute=True):
        event_completed.send(sender=None, user_id=user.pk, source=source)
        event_completed.send(sender=None, user_id=user.pk, source=source)
    assert Certificate.objects.filter(user=user).count() == 1


def test_malformed_signal_is_ignored_without_raising():
    user = user_create()
    event_completed.send(sender=None, user_id=user.pk, source={"kind": "?"})
    assert not Completion.objects.exists()
