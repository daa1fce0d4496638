"""Factories for event tests: plain functions over the real models; people
come from the accounts app's ``UserFactory``."""

import datetime
import itertools
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from szkola.accounts.models import User
from szkola.accounts.tests.factories import UserFactory
from szkola.home.tests.factories import home_page, page_published_as_created

from ..models import (
    EventDay,
    EventIndexPage,
    EventPage,
    EventQuota,
    ProgrammeItem,
    Registration,
)

_seq = itertools.count(1)
# The password of every participant the browser journeys sign in as.
PASSWORD = "Haslo-testowe-123"


def user_create(
    *,
    first_name="Zażółć",
    last_name=None,
    voivodeship="18",
    institution_name="GOPS Zagórz",
    institution_sector="ops",
    verified=None,
    **fields,
) -> User:
    """A participant with a complete profile in Zagórz (podkarpackie); the
    default last name carries a number so that lists sort predictably."""
    return UserFactory(
        first_name=first_name,
        last_name=last_name or factory.Sequence(lambda n: f"Gęślą-Jaźń{n}"),
        password=PASSWORD,
        verified=verified,
        profile={
            "institution_name": institution_name,
            "institution_sector": institution_sector,
            "voivodeship": voivodeship,
            "gmina": "Zagórz",
            "powiat": "sanocki",
        },
        **fields,
    )


def coordinator_create(*, scope="18", **fields) -> User:
    return user_create(coordinator_scope=scope, **fields)


# The list that events go to when the test gives them none: one per test
# (each test's rows are rolled back), not a new list for every event.
DEFAULT_INDEX_SLUG = "szkolenia-testowe"


def index_create(*, title="Szkolenia", slug=None) -> EventIndexPage:
    """A published event list under the HomePage; the one with ``slug`` if it
    exists already, a new one (with a new slug) when no slug is given."""
    slug = slug or f"szkolenia-{next(_seq)}"
    existing = EventIndexPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    page = EventIndexPage(title=title, slug=slug)
    home_page().add_child(instance=page)
    page_published_as_created(page)
    return page


def event_create(
    *,
    parent=None,
    title="Szkolenie: współpraca w gminie",
    organiser="18",
    capacity=30,
    days=2,
    first_day=None,
    opens_in_days=-10,
    closes_in_days=10,
    approval_required=False,
    quotas=None,
    kind="training2",
    programme=True,
    **fields,
) -> EventPage:
    """A published event whose first day is ``first_day`` (default: 20 days
    from today) with ``days`` consecutive days of 8 hours, in ``parent`` or
    else in the test's default event list."""
    parent = parent or index_create(slug=DEFAULT_INDEX_SLUG)
    now = timezone.now()
    first_day = first_day or (timezone.localdate() + datetime.timedelta(days=20))
    n = next(_seq)
    page = EventPage(
        title=title,
        slug=f"wydarzenie-{n}",
        kind=kind,
        organiser=organiser,
        venue_name="Hotel Pod Dębem",
        venue_address="ul. Lipowa 1, 35-001 Rzeszów",
        city="Rzeszów",
        capacity=capacity,
        approval_required=approval_required,
        registration_opens_at=now + datetime.timedelta(days=opens_in_days),
        registration_closes_at=now + datetime.timedelta(days=closes_in_days),
        accommodation_offered=True,
        meals_offered=True,
        **fields,
    )
    for i in range(days):
        date = first_day + datetime.timedelta(days=i)
        page.days.add(
            EventDay(
                date=date,
                start=datetime.time(9, 0),
                end=datetime.time(16, 0),
                hours=Decimal("8.0"),
            )
        )
        if programme:
            page.programme_items.add(
                ProgrammeItem(
                    date=date,
                    start=datetime.time(9, 0),
                    end=datetime.time(12, 0),
                    title=f"Moduł {i + 1}: diagnoza",
                    speaker="dr Anna Nowak",
                    room="Sala A",
                    hours=Decimal("4.0"),
                )
            )
    for code, places in (quotas or {}).items():
        page.quotas.add(EventQuota(voivodeship=code, places=places))
    # Saved live with its days, programme and quotas, then recorded as
    # published (revision, dates, the page_published receivers).
    parent.add_child(instance=page)
    page_published_as_created(page)
    return EventPage.objects.get(pk=page.pk)


class RegistrationFactory(DjangoModelFactory):
    """A registration written straight to the table, whatever the event's
    window and places say (for tests of what comes after registering; a
    registration through the rules is ``register``). Give it an ``event``."""

    class Meta:
        model = Registration

    user = factory.LazyFunction(user_create)
    status = Registration.Status.CONFIRMED
    participant_name = factory.LazyAttribute(lambda r: r.user.get_full_name())
    voivodeship = factory.LazyAttribute(lambda r: r.user.profile.voivodeship)


def staff_login(client, user) -> None:
    """Sign ``user`` in on the test client with a session that used TOTP, as
    after a real login with a second factor."""
    import time

    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "type": "totp", "id": 1}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def register(event: EventPage, user: User | None = None, **kwargs):
    """A registration through the service, for ``user`` or a new participant."""
    from ..services import registration_create

    registration, _created = registration_create(
        event=event, user=user or user_create(), **kwargs
    )
    return registration
