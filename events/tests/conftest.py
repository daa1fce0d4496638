import pytest

from szkola.home.tests.shared_fixtures import (  # noqa: F401 - autouse
    completions_caught,
    fresh_cache,
)


@pytest.fixture
def signals_sent():
    """Every event_completed announcement, as (user_id, source)."""
    from ..signals import event_completed

    with completions_caught(
        event_completed, dispatch_uid="events-test-receiver"
    ) as sent:
        yield sent


@pytest.fixture
def desk_coordinator(client):
    """A podlaskie coordinator signed in with the second factor (the
    registrations desk tests)."""
    from .factories import coordinator_create, staff_login

    user = coordinator_create(scope="20")
    staff_login(client, user)
    return user


@pytest.fixture
def midday_today():
    """Today's noon in the project's time zone, the clock running on from
    there: an event of "today" made by a test and a check-in a moment later
    fall on the same day at whatever hour the suite runs (real time, made a
    second before midnight, would check in on the next day)."""
    import datetime

    import time_machine
    from django.utils import timezone

    noon = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(12))
    )
    with time_machine.travel(noon, tick=True):
        yield noon
