"""Places are never oversold when many people register at the same moment.

Needs PostgreSQL (row locks); SQLite serialises writers anyway and the test
skips there."""

from szkola.home.tests.concurrency import ROW_LOCKING, run_concurrently

from ..errors import EventError
from ..models import Registration
from ..services import registration_cancel, registration_create
from .factories import event_create, user_create

pytestmark = ROW_LOCKING


def test_concurrent_registrations_confirm_exactly_capacity():
    event = event_create(capacity=5)
    users = [user_create() for _ in range(16)]

    errors = run_concurrently(
        [(lambda u=u: registration_create(event=event, user=u)) for u in users]
    )

    assert errors == []
    statuses = list(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    )
    assert statuses.count(Registration.Status.CONFIRMED) == 5
    assert statuses.count(Registration.Status.WAITLISTED) == 11


def test_concurrent_registrations_keep_the_waiting_list_in_order():
    event = event_create(capacity=2)
    users = [user_create() for _ in range(12)]

    errors = run_concurrently(
        [(lambda u=u: registration_create(event=event, user=u)) for u in users]
    )

    assert errors == []
    ranks = sorted(
        Registration.objects.filter(
            event=event, status=Registration.Status.WAITLISTED
        ).values_list("waitlist_rank", flat=True)
    )
    assert ranks == list(range(1, 11))


def test_concurrent_registrations_stop_at_a_voivodeships_quota():
    event = event_create(capacity=10, quotas={"18": 3})
    users = [user_create(voivodeship="18") for _ in range(8)]

    errors = run_concurrently(
        [(lambda u=u: registration_create(event=event, user=u)) for u in users]
    )

    assert sorted(e.code for e in errors if isinstance(e, EventError)) == ["quota"] * 5
    assert len(errors) == 5
    assert Registration.objects.filter(event=event).count() == 3


def test_one_person_registering_many_times_at_once_gets_one_registration():
    event = event_create(capacity=5)
    user = user_create()
    results = []

    errors = run_concurrently(
        [
            (lambda: results.append(registration_create(event=event, user=user)))
            for _ in range(6)
        ]
    )

    assert errors == []
    [registration] = Registration.objects.filter(event=event)
    assert registration.status == Registration.Status.CONFIRMED
    assert sorted(created for _registration, created in results) == [False] * 5 + [True]
    assert {r.pk for r, _created in results} == {registration.pk}


def test_concurrent_cancellations_promote_each_waiting_person_once():
    event = event_create(capacity=3)
    holders = [
        registration_create(event=event, user=user_create())[0] for _ in range(3)
    ]
    for _ in range(4):
        registration_create(event=event, user=user_create())

    errors = run_concurrently(
        [
            (lambda r=r: registration_cancel(registration=r, actor=r.user))
            for r in holders
        ]
    )

    assert errors == []
    assert (
        Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).count()
        == 3
    )
