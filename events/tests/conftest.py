import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signals_sent():
    """Every event_completed announcement, as (user_id, source)."""
    from ..signals import event_completed

    sent = []

    def receiver(sender, *, user_id, source, **kwargs):
        sent.append((user_id, source))

    event_completed.connect(receiver, weak=False, dispatch_uid="events-test-receiver")
    yield sent
    event_completed.disconnect(dispatch_uid="events-test-receiver")


@pytest.fixture
def desk_coordinator(client):
    """A podlaskie coordinator signed in with the second factor (the
    registrations desk tests)."""
    from .factories import coordinator_create, staff_login

    user = coordinator_create(scope="20")
    staff_login(client, user)
    return user
