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
