"""Events with a time to accept: a freed place is offered to the first
person waiting and kept for them; when they do not take it in time, it
passes to the next one."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from szkola.accounts.models import AuditEntry
from szkola.live.models import Notification

from ..errors import EventError
from ..models import Registration
from ..services import (
    registration_cancel,
    registration_offer_accept,
    registrations_decide,
    waitlist_move,
    waitlist_offers_expire,
)
from .factories import (
    coordinator_create,
    event_create,
    index_create,
    register,
    staff_login,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def offered():
    """A full event with a 24-hour offer: the holder cancels, the first of
    two waiting people is offered the place."""
    event = event_create(capacity=1, waitlist_offer_hours=24)
    holder = register(event)
    first, second = register(event), register(event)
    registration_cancel(registration=holder, actor=holder.user)
    first.refresh_from_db()
    second.refresh_from_db()
    return event, first, second


def test_freed_place_is_offered_to_the_first_waiting(
    django_capture_on_commit_callbacks,
):
    event = event_create(capacity=1, waitlist_offer_hours=24)
    holder = register(event)
    first, second = register(event), register(event)
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=holder, actor=holder.user)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.WAITLISTED
    assert first.offer_expires_at - before >= datetime.timedelta(hours=24)
    assert first.offer_expires_at - before < datetime.timedelta(hours=24, minutes=1)
    assert second.offer_expires_at is None
    offer_mail = next(m for m in mail.outbox if m.to == [first.user.email])
    assert "Zwolniło się miejsce" in offer_mail.subject
    assert "Moje zapisy" in offer_mail.body
    assert offer_mail.attachments == []
    assert Notification.objects.filter(
        user=first.user, title__startswith="Zwolniło się miejsce"
    ).exists()
    assert AuditEntry.objects.filter(
        action="events.registration.offered", object_id=str(first.pk)
    ).exists()


def test_offered_place_is_kept_from_newcomers(offered):
    event, _first, _second = offered

    newcomer = register(event)

    assert newcomer.status == Status.WAITLISTED
    assert newcomer.offer_expires_at is None


def test_accepting_the_offer_confirms_the_place_with_ics(
    offered, django_capture_on_commit_callbacks
):
    _event, first, second = offered

    with django_capture_on_commit_callbacks(execute=True):
        registration_offer_accept(registration=first, actor=first.user)

    first.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert first.offer_expires_at is None
    assert first.waitlist_rank is None
    message = mail.outbox[-1]
    assert message.to == [first.user.email]
    assert "Miejsce potwierdzone" in message.subject
    assert message.attachments[0].get_content_type() == "text/calendar"
    assert message.attachments[0].get_param("method") == "REQUEST"
    assert AuditEntry.objects.filter(
        action="events.registration.offer_accepted", object_id=str(first.pk)
    ).exists()
    second.refresh_from_db()
    assert (second.status, second.offer_expires_at) == (Status.WAITLISTED, None)


def test_lapsed_offer_passes_to_the_next_waiting(offered):
    _event, first, second = offered
    later = first.offer_expires_at + datetime.timedelta(minutes=1)

    lapsed = waitlist_offers_expire(now=later)

    assert lapsed == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert second.status == Status.WAITLISTED
    assert second.offer_expires_at > later
    assert Notification.objects.filter(
        user=first.user, body__contains="w wyznaczonym czasie"
    ).exists()
    assert AuditEntry.objects.filter(
        action="events.registration.offer_lapsed", object_id=str(first.pk)
    ).exists()
    assert waitlist_offers_expire(now=later) == 0


def test_lapsed_offer_is_passed_on_when_someone_registers(offered):
    event, first, second = offered
    later = first.offer_expires_at + datetime.timedelta(minutes=1)

    newcomer = register(event, now=later)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert second.offer_expires_at is not None
    assert newcomer.status == Status.WAITLISTED


def test_accepting_after_the_deadline_is_refused_and_passes_the_place_on(offered):
    _event, first, second = offered
    later = first.offer_expires_at + datetime.timedelta(seconds=1)

    with pytest.raises(EventError) as error:
        registration_offer_accept(registration=first, actor=first.user, now=later)

    assert error.value.code == "offer_expired"
    assert "przechodzi ono na następną osobę" in error.value.message
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert second.status == Status.WAITLISTED
    assert second.offer_expires_at > later
    assert AuditEntry.objects.filter(
        action="events.registration.offer_lapsed", object_id=str(first.pk)
    ).exists()
    assert not AuditEntry.objects.filter(
        action="events.registration.offer_accepted"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_late_acceptance_keeps_the_pass_on_after_the_refusal(offered):
    # Against the real commit: the refusal must not roll the pass-on back.
    _event, first, second = offered
    later = first.offer_expires_at + datetime.timedelta(seconds=1)

    with pytest.raises(EventError):
        registration_offer_accept(registration=first, actor=first.user, now=later)

    assert Registration.objects.get(pk=first.pk).status == Status.CANCELLED
    assert Registration.objects.get(pk=second.pk).offer_expires_at is not None


def test_accepting_passes_on_other_lapsed_offers_of_the_event():
    event = event_create(capacity=2, waitlist_offer_hours=24)
    holders = [register(event), register(event)]
    lapsing, accepting, third = register(event), register(event), register(event)
    for holder in holders:
        registration_cancel(registration=holder, actor=holder.user)
    Registration.objects.filter(pk=lapsing.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    registration_offer_accept(registration=accepting, actor=accepting.user)

    lapsing.refresh_from_db()
    accepting.refresh_from_db()
    third.refresh_from_db()
    assert lapsing.status == Status.CANCELLED
    assert accepting.status == Status.CONFIRMED
    assert third.status == Status.WAITLISTED
    assert third.offer_expires_at is not None


def test_accepting_without_an_offer_is_refused(offered):
    _event, _first, second = offered

    with pytest.raises(EventError) as error:
        registration_offer_accept(registration=second, actor=second.user)

    assert error.value.code == "no_offer"
    second.refresh_from_db()
    assert second.status == Status.WAITLISTED


def test_someone_else_cannot_accept_the_offer(offered):
    _event, first, second = offered

    with pytest.raises(EventError) as error:
        registration_offer_accept(registration=first, actor=second.user)

    assert error.value.code == "forbidden"
    first.refresh_from_db()
    assert first.status == Status.WAITLISTED


def test_declining_the_offer_passes_it_on(offered):
    _event, first, second = offered

    registration_cancel(registration=first, actor=first.user)

    second.refresh_from_db()
    assert second.offer_expires_at is not None


def test_rejecting_an_offered_person_passes_the_place_on(offered):
    event, first, second = offered
    coordinator = coordinator_create(scope="18")

    registrations_decide(
        event=event, registration_ids=[first.pk], actor=coordinator, approve=False
    )

    second.refresh_from_db()
    assert second.offer_expires_at is not None


def test_offer_never_outlasts_the_start_of_the_event():
    first_day = timezone.localdate() + datetime.timedelta(days=1)
    event = event_create(capacity=1, waitlist_offer_hours=72, first_day=first_day)
    holder = register(event)
    waiting = register(event)

    registration_cancel(registration=holder, actor=holder.user)

    waiting.refresh_from_db()
    starts_at = timezone.make_aware(
        datetime.datetime.combine(first_day, datetime.time(9, 0))
    )
    assert waiting.offer_expires_at == starts_at


def test_command_passes_on_lapsed_offers(offered, capsys):
    _event, first, second = offered
    Registration.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("events_expire_offers")

    assert capsys.readouterr().out == "Oferty miejsc, które wygasły: 1.\n"
    second.refresh_from_db()
    assert second.offer_expires_at is not None


def test_offer_is_accepted_from_my_registrations(client, offered):
    _event, first, _second = offered
    client.force_login(first.user)

    page = client.get(reverse("events:my_registrations"))
    assert "Przyjmij miejsce" in page.content.decode()
    response = client.post(
        reverse("events:registration_offer_accept", args=[first.pk]), follow=True
    )

    assert "Miejsce przyjęte: potwierdzone." in response.content.decode()
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED


def test_offer_of_someone_else_is_not_found(client, offered):
    _event, first, second = offered
    client.force_login(second.user)

    response = client.post(reverse("events:registration_offer_accept", args=[first.pk]))

    assert response.status_code == 404
    first.refresh_from_db()
    assert first.status == Status.WAITLISTED


def lapse(registration):
    Registration.objects.filter(pk=registration.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    registration.refresh_from_db()


def test_event_page_shows_an_open_offer_and_counts_its_place(client, offered):
    event, first, _second = offered
    client.force_login(first.user)

    content = client.get(event.url).content.decode()

    assert "czeka na Ciebie do" in content
    assert "0 wolnych z 1" in content


def test_event_page_neither_shows_nor_counts_a_lapsed_offer(client, offered):
    event, first, _second = offered
    lapse(first)
    client.force_login(first.user)

    content = client.get(event.url).content.decode()

    assert "czeka na Ciebie do" not in content
    assert "1 wolne z 1" in content


def test_event_index_counts_only_open_offers(client):
    index = index_create(slug="szkolenia-oferty")
    event = event_create(parent=index, capacity=1, waitlist_offer_hours=24)
    holder = register(event)
    waiting = register(event)
    registration_cancel(registration=holder, actor=holder.user)
    waiting.refresh_from_db()

    assert "0 wolnych miejsc" in client.get(index.url).content.decode()
    lapse(waiting)
    assert "1 wolne miejsce" in client.get(index.url).content.decode()


def test_my_registrations_offers_acceptance_only_while_open(client, offered):
    _event, first, _second = offered
    client.force_login(first.user)
    url = reverse("events:my_registrations")

    assert "Przyjmij miejsce" in client.get(url).content.decode()
    lapse(first)
    assert "Przyjmij miejsce" not in client.get(url).content.decode()


def test_offer_is_open_until_its_deadline(offered):
    _event, first, second = offered

    assert first.offer_is_open
    assert not second.offer_is_open
    lapse(first)
    assert not first.offer_is_open


@pytest.mark.parametrize("up", [True, False])
def test_person_holding_an_offer_cannot_be_moved_on_the_waiting_list(offered, up):
    event, first, second = offered
    third = register(event)

    with pytest.raises(EventError) as error:
        waitlist_move(registration=first, actor=coordinator_create(scope="18"), up=up)

    assert error.value.code == "offered"
    assert "zaproponowano już wolne miejsce" in error.value.message
    ranks = dict(
        Registration.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list(
            "pk", "waitlist_rank"
        )
    )
    assert ranks == {
        first.pk: first.waitlist_rank,
        second.pk: second.waitlist_rank,
        third.pk: third.waitlist_rank,
    }
    assert not AuditEntry.objects.filter(action="events.waitlist.moved").exists()


def test_admin_list_has_no_move_buttons_for_an_offered_person(client, offered):
    event, first, second = offered
    staff_login(client, coordinator_create(scope="18"))

    content = client.get(
        reverse("events_admin:registrations", args=[event.pk])
    ).content.decode()

    assert f'value="up-{second.pk}"' in content
    assert f'value="up-{first.pk}"' not in content
    assert f'value="down-{first.pk}"' not in content
