"""Factories for certificate tests: plain functions over the real models;
people come from the accounts app's ``UserFactory``."""

import itertools

from szkola.accounts.models import User
from szkola.accounts.tests.factories import UserFactory

_seq = itertools.count(1)


def user_create(**fields) -> User:
    """A person whose name carries every Polish diacritic, for the fonts of
    the documents."""
    fields.setdefault("first_name", "Zażółć")
    fields.setdefault("last_name", "Gęślą-Jaźń")
    return UserFactory(password="Haslo-testowe-123", verified=None, **fields)


def source_dict(*, kind="event", id=None, organiser="18", language="pl", **overrides):
    """A source as courses and events send it with their completion signals."""
    source = {
        "kind": kind,
        "id": id if id is not None else 1000 + next(_seq),
        "title": "Współpraca międzysektorowa — źródło ąćęłńóśźż",
        "hours": "14.0",
        "date_from": "2021-02-15",
        "date_to": "2021-02-16",
        "place": "Rzeszów",
        "organiser": organiser,
        "programme": [
            {"topic": "Model kooperacji — diagnoza gminy", "hours": "6.0"},
            {"topic": "Plan współpracy instytucji", "hours": "8.0"},
        ],
        "language": language,
        "completion_id": next(_seq),
    }
    source.update(overrides)
    return source


def completion_create(*, user=None, **source_kwargs):
    from certificates.services import completion_record

    user = user or user_create()
    return completion_record(user_id=user.pk, source=source_dict(**source_kwargs))


def certificate_create(*, user=None, issued_by=None, **source_kwargs):
    from certificates.services import certificate_issue

    completion = completion_create(user=user, **source_kwargs)
    return certificate_issue(completion=completion, issued_by=issued_by)


def coordinator_create(*, scope="18", **fields) -> User:
    return user_create(coordinator_scope=scope, **fields)
