"""Certificates read the outcomes through evaluation.selectors and wait for
the assessment when the plan asks for it."""

import pytest
from django.utils import timezone

from certificates.errors import CertificateError
from certificates.models import Certificate
from certificates.services import certificate_issue, completion_record

from .. import services
from .factories import (
    EVENT,
    OUTCOMES,
    assessed_plan,
    assessor_create,
    completion_source,
    confirmed,
    past_event,
)

pytestmark = pytest.mark.django_db


def _plan(event, *, required: bool, assessor):
    return assessed_plan(
        event, assessor=assessor, certificate_requires_assessment=required
    )


def test_required_assessment_holds_the_certificate_then_lists_outcomes(
    django_capture_on_commit_callbacks,
):
    assessor = assessor_create()
    event = past_event()
    plan = _plan(event, required=True, assessor=assessor)
    person = confirmed(event)
    completion = completion_record(user_id=person.pk, source=completion_source(event))
    with pytest.raises(CertificateError) as error:
        certificate_issue(completion=completion)
    assert error.value.code == "assessment_missing"
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_record(
            assessor=assessor,
            source_kind=EVENT,
            source_id=event.pk,
            participant=person,
            decisions={o.pk: True for o in plan.outcomes.all()},
            method="task",
            assessed_on=timezone.localdate(),
        )
    certificate = Certificate.objects.get(user=person)
    completion.refresh_from_db()
    assert certificate.completion == completion
    assert [o["text"] for o in completion.snapshot["outcomes"]] == [
        o["text"] for o in OUTCOMES
    ]


def test_without_the_requirement_certificate_issued_at_once():
    event = past_event()
    _plan(event, required=False, assessor=assessor_create())
    person = confirmed(event)
    completion = completion_record(user_id=person.pk, source=completion_source(event))
    certificate_issue(completion=completion)
    completion.refresh_from_db()
    assert "outcomes" not in completion.snapshot
    assert Certificate.objects.filter(user=person).exists()
