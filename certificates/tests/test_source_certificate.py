"""``{% source_certificate kind id %}`` and the selector behind it: what a
completion page says about the signed-in person's certificate."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from certificates.selectors import certificate_of_source
from certificates.services import certificate_issue, certificate_revoke

from .factories import completion_create, coordinator_create, user_create

pytestmark = pytest.mark.django_db


def _render(user, kind: str, source_id: int) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template(
        "{% load source_certificate_tags %}{% source_certificate kind source_id %}"
    )
    return template.render(
        Context({"request": request, "kind": kind, "source_id": source_id})
    )


def test_issued_certificate_is_linked_for_download():
    completion = completion_create(kind="course")
    certificate = certificate_issue(completion=completion)

    html = _render(completion.user, "course", completion.source_id)

    assert reverse("certificates:download", args=[certificate.pk]) in html
    assert certificate.number in html


def test_recorded_completion_without_certificate_is_pending():
    completion = completion_create(kind="course")

    state = certificate_of_source(
        user=completion.user, source_kind="course", source_id=completion.source_id
    )

    assert state == {"certificate": None, "pending": True}
    assert "przygotowywane" in _render(completion.user, "course", completion.source_id)


def test_revoked_certificate_is_not_offered_for_download():
    completion = completion_create(kind="course", organiser="18")
    certificate = certificate_issue(completion=completion)
    certificate_revoke(
        certificate=certificate, actor=coordinator_create(scope="18"), reason="Pomyłka"
    )

    html = _render(completion.user, "course", completion.source_id)

    assert "unieważnione" in html
    assert reverse("certificates:download", args=[certificate.pk]) not in html


def test_nothing_is_shown_to_someone_else_or_anonymous():
    completion = completion_create(kind="course")
    certificate_issue(completion=completion)

    for user in (user_create(), AnonymousUser()):
        assert (
            certificate_of_source(
                user=user, source_kind="course", source_id=completion.source_id
            )
            is None
        )
        assert _render(user, "course", completion.source_id).strip() == ""
