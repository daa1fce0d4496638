"""Demo data for events, called by ``seed_demo``. Idempotent.

Three lists (/szkolenia/, /wizyty-studyjne/, /konferencje/); a two-day
training in each voivodeship of the macroregion (two already held, one
running today, two ahead), a three-day partner exchange visit in Ostrowiec
Świętokrzyski and a macroregional conference in Rzeszów with programme,
speakers and parallel sessions. Registrations go through the services (so
quotas, waiting lists and audit entries are real) in every status;
attendance is taken on past days and the past events are closed, which
announces completions (the certificates app issues certificates).

Dates are relative to the day of seeding, so the demo always has events
ahead, one today (check-in at the door works) and some behind.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from szkola.accounts.models import User
from szkola.home import demo_people as people

from ..errors import EventError
from ..messaging import emails_muted
from ..models import (
    Attendance,
    EventDay,
    EventIndexPage,
    EventPage,
    EventQuota,
    ProgrammeItem,
    Registration,
    Speaker,
)
from ..services import (
    attendance_close,
    checkin,
    registration_cancel,
    registration_create,
    registrations_decide,
)
from .data import (
    APPROVAL_SEMINARS,
    CONFERENCE_PROGRAMME,
    INDEXES,
    SPEAKERS,
    TRAINING_TOPICS,
    TRAININGS,
)
from .qa import qa_room_seed

Status = Registration.Status


# (slug, voivodeship, title, city, venue, address, first day offset, extra)

# Upcoming one-day seminars that need approval, so that every voivodeship's
# coordinator finds registrations waiting for a decision on the desk (the
# trainings of these voivodeships are over, running or without approval).
# (slug, voivodeship, title, city, venue, address, day offset)


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _index(home, slug: str, title: str, lead: str, made: dict) -> EventIndexPage:
    existing = EventIndexPage.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing
    page = EventIndexPage(title=title, slug=slug, lead=lead, show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    made["pages"] += 1
    return page


def _event(parent, *, slug: str, made: dict, days: list, programme=(), **fields):
    existing = EventPage.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    first = days[0][0]
    opens = timezone.make_aware(
        datetime.datetime.combine(first - datetime.timedelta(days=60), _time("08:00"))
    )
    closes = timezone.make_aware(
        datetime.datetime.combine(first - datetime.timedelta(days=1), _time("23:59"))
    )
    fields.setdefault("registration_opens_at", opens)
    fields.setdefault("registration_closes_at", closes)
    fields.setdefault("capacity", 24)
    fields.setdefault("meals_offered", True)
    fields.setdefault("accommodation_offered", True)
    page = EventPage(slug=slug, **fields)
    for date, start, end, hours in days:
        page.days.add(
            EventDay(
                date=date, start=_time(start), end=_time(end), hours=Decimal(hours)
            )
        )
    for date, start, end, title, speaker, room, track, hours in programme:
        page.programme_items.add(
            ProgrammeItem(
                date=date,
                start=_time(start),
                end=_time(end) if end else None,
                title=title,
                speaker=speaker,
                room=room,
                track=track,
                hours=Decimal(hours),
            )
        )
    parent.add_child(instance=page)
    page.save_revision().publish()
    made["events"] += 1
    return EventPage.objects.get(pk=page.pk)


def _training_programme(first: datetime.date, trainer: str) -> list:
    second = first + datetime.timedelta(days=1)
    return [
        (first, "09:00", "12:15", TRAINING_TOPICS[0][0], trainer, "Sala 1", "", "4.0"),
        (first, "13:00", "16:15", TRAINING_TOPICS[1][0], trainer, "Sala 1", "", "4.0"),
        (second, "09:00", "12:15", TRAINING_TOPICS[2][0], trainer, "Sala 1", "", "4.0"),
        (second, "13:00", "16:15", TRAINING_TOPICS[3][0], trainer, "Sala 1", "", "4.0"),
    ]


def _register(event, user, made, *, at=None, **kwargs) -> Registration | None:
    """Register through the service, as if at ``at`` (inside the window).
    Someone already registered (in any status) is left as they are."""
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing is not None:
        return existing
    at = at or min(
        event.registration_opens_at + datetime.timedelta(hours=2),
        event.registration_closes_at,
    )
    try:
        registration, created = registration_create(
            event=event, user=user, now=at, **kwargs
        )
    except EventError:
        return None
    if created:
        made["registrations"] += 1
    return registration


def _participants_by_voivodeship() -> dict[str, list[User]]:
    users = User.objects.filter(email__in=people.PARTICIPANT_EMAILS).select_related(
        "profile"
    )
    order = {email: i for i, email in enumerate(people.PARTICIPANT_EMAILS)}
    grouped: dict[str, list[User]] = {}
    for user in sorted(users, key=lambda u: order[u.email]):
        grouped.setdefault(user.profile.voivodeship, []).append(user)
    return grouped


def _coordinator(code: str) -> User | None:
    email = (
        people.LEADER_COORDINATOR_EMAIL
        if code == "MR"
        else people.COORDINATOR_EMAILS.get(code)
    )
    return User.objects.filter(email=email).first()


def _take_attendance(event, registrations, coordinator, made, *, skip=()):
    """Check people in on each past (or today's) day, at 9:15 that day."""
    today = timezone.localdate()
    for day_index, day in enumerate(event.ordered_days):
        if day.date > today:
            continue
        moment = timezone.make_aware(
            datetime.datetime.combine(day.date, _time("09:15"))
        )
        for index, registration in enumerate(registrations):
            if registration is None or (registration.pk, day_index) in skip:
                continue
            if registration.status != Status.CONFIRMED:
                continue
            if day.date == today and index % 2:
                continue  # today: half the room has arrived so far
            _attendance, changed = checkin(
                day=day,
                actor=coordinator,
                registration=registration,
                method=Attendance.Method.QR
                if index % 3 == 0
                else Attendance.Method.LIST,
                now=moment,
            )
            made["attendance"] += int(changed)


def seed(*, home, stdout) -> None:
    made: dict[str, int] = {
        "pages": 0,
        "events": 0,
        "registrations": 0,
        "attendance": 0,
        "completed": 0,
        "qa rooms": 0,
    }
    with emails_muted():
        _seed(home=home, made=made)
        from .messages import messages_seed

        made["messages"] = messages_seed()
    stdout.write(
        "events: "
        + ", ".join(f"{key} {value}" for key, value in made.items())
        + " (nowe)"
    )


def _seed(*, home, made) -> None:
    indexes = {
        slug: _index(home, slug, title, lead, made) for slug, title, lead in INDEXES
    }
    today = timezone.localdate()
    grouped = _participants_by_voivodeship()
    trainer = " ".join(people.TRAINERS[0]["name"]) if people.TRAINERS else ""

    for slug, code, title, city, venue, address, offset, extra in TRAININGS:
        first = today + datetime.timedelta(days=offset)
        second = first + datetime.timedelta(days=1)
        event = _event(
            indexes["szkolenia"],
            slug=slug,
            made=made,
            title=title,
            kind="training2",
            organiser=code,
            city=city,
            venue_name=venue,
            venue_address=address,
            lead=(
                "Dwa dni warsztatów dla członków Partnerskich Zespołów Kooperacji "
                "i pracowników instytucji gminy i powiatu."
            ),
            target_groups=(
                "pracownicy OPS/GOPS i PCPR, dzielnicowi, kuratorzy, pedagodzy, "
                "przedstawiciele organizacji pozarządowych"
            ),
            days=[(first, "09:00", "16:15", "8.0"), (second, "09:00", "16:15", "8.0")],
            programme=_training_programme(first, trainer),
            **extra,
        )
        _seed_training(event, grouped.get(code, []), made)
        if offset == 0:
            qa_room_seed(event, made, coordinator=_coordinator(event.organiser))

    for slug, code, title, city, venue, address, offset in APPROVAL_SEMINARS:
        day = today + datetime.timedelta(days=offset)
        seminar = _event(
            indexes["szkolenia"],
            slug=slug,
            made=made,
            title=title,
            kind="seminar",
            organiser=code,
            city=city,
            venue_name=venue,
            venue_address=address,
            lead="Jednodniowe seminarium warsztatowe dla zespołów PZK.",
            approval_required=True,
            accommodation_offered=False,
            capacity=20,
            days=[(day, "10:00", "15:00", "5.0")],
        )
        for user in grouped.get(code, [])[6:8] or grouped.get(code, [])[:2]:
            _register(seminar, user, made)

    visit_first = today + datetime.timedelta(days=35)
    visit = _event(
        indexes["wizyty-studyjne"],
        slug="wizyta-ostrowiec-swietokrzyski",
        made=made,
        title="Partnerskie spotkanie wymiany doświadczeń w Ostrowcu Świętokrzyskim",
        kind="exchange",
        organiser="26",
        city="Ostrowiec Świętokrzyski",
        venue_name="Hotel Accademia",
        venue_address="ul. Sienkiewicza 91, 27-400 Ostrowiec Świętokrzyski",
        lead=(
            "Trzy dni w gminach powiatu ostrowieckiego: spotkania z PZK, wizyty "
            "w OPS, szkole i na posterunku policji."
        ),
        target_groups="animatorzy i członkowie PZK z całego makroregionu",
        capacity=20,
        days=[
            (visit_first + datetime.timedelta(days=i), "09:00", "17:00", "8.0")
            for i in range(3)
        ],
        programme=[
            (
                visit_first,
                "10:00",
                "13:00",
                "Wizyta w OPS w Bodzechowie: jak działa PZK",
                "kierownik OPS",
                "OPS Bodzechów",
                "",
                "3.0",
            ),
            (
                visit_first + datetime.timedelta(days=1),
                "09:00",
                "12:00",
                "Szkoła, kurator i policja przy jednym stole",
                "zespół PZK Kunów",
                "Urząd Gminy Kunów",
                "",
                "3.0",
            ),
            (
                visit_first + datetime.timedelta(days=2),
                "09:00",
                "12:00",
                "Podsumowanie i plan wdrożenia w gminach uczestników",
                trainer,
                "Hotel Accademia",
                "",
                "3.0",
            ),
        ],
    )
    if not visit.quotas.exists():
        for code in ("18", "06", "14", "20", "26"):
            EventQuota.objects.create(page=visit, voivodeship=code, places=4)
    for code in ("18", "06", "14", "20", "26"):
        for user in grouped.get(code, [])[4:6]:
            _register(visit, user, made, nights=[visit_first.isoformat()])

    conference_first = today + datetime.timedelta(days=45)
    conference_days = [conference_first, conference_first + datetime.timedelta(days=1)]
    conference = _event(
        indexes["konferencje"],
        slug="konferencja-makroregionalna-rzeszow",
        made=made,
        title="Konferencja makroregionalna „Liderzy kooperacji” w Rzeszowie",
        kind="conference",
        organiser="MR",
        city="Rzeszów",
        venue_name="Centrum Wystawienniczo-Kongresowe G2A Arena",
        venue_address="ul. Podkarpacka 1, 36-002 Jasionka",
        lead=(
            "Podsumowanie testowania modelu kooperacji w pięciu województwach: "
            "wykłady, sesje równoległe i panel koordynatorów."
        ),
        target_groups="wszyscy uczestnicy projektu, samorządy, partnerzy społeczni",
        capacity=150,
        accommodation_offered=False,
        attendance_rule="min_share",
        attendance_min_percent=50,
        days=[
            (conference_days[0], "09:30", "16:00", "6.0"),
            (conference_days[1], "09:00", "13:00", "4.0"),
        ],
        programme=[
            (conference_days[d], s, e, t, sp, r, tr, h)
            for d, s, e, t, sp, r, tr, h in CONFERENCE_PROGRAMME
        ],
    )
    if not conference.speakers.exists():
        for order, (name, affiliation, bio) in enumerate(SPEAKERS):
            Speaker.objects.create(
                page=conference,
                name=name,
                affiliation=affiliation,
                bio=bio,
                sort_order=order,
            )
    for users in grouped.values():
        for user in users[:3]:
            _register(conference, user, made, meals=True, diet="standard")


def _seed_training(event: EventPage, users: list[User], made: dict) -> None:
    """Registrations in every status; attendance and completion when held."""
    coordinator = _coordinator(event.organiser)
    if not users or coordinator is None:
        return
    registrations = []
    diets = ["standard", "vegetarian", "standard", "gluten_free"]
    for index, user in enumerate(users[:6]):
        nights = (
            [(event.date_from - datetime.timedelta(days=1)).isoformat()]
            if index % 2 == 0
            else []
        )
        registrations.append(
            _register(
                event,
                user,
                made,
                nights=nights,
                diet=diets[index % len(diets)],
                accessibility_needs="miejsce przy wejściu (wózek)"
                if index == 4
                else "",
            )
        )
    at = event.registration_opens_at + datetime.timedelta(hours=3)
    # One person cancels (the first waiting, if any, takes the place).
    last = registrations[-1]
    if last is not None and last.status in (Status.CONFIRMED, Status.WAITLISTED):
        if event.date_from > timezone.localdate():
            registration_cancel(registration=last, actor=last.user, now=at)
    # With approval: approve some, reject one, leave the rest pending.
    decided = Registration.objects.filter(event=event, decided_at__isnull=False)
    if event.approval_required and not decided.exists():
        pending = [r for r in registrations if r and r.status == Status.PENDING]
        if len(pending) >= 3:
            registrations_decide(
                event=event,
                registration_ids=[r.pk for r in pending[:2]],
                actor=coordinator,
                approve=True,
            )
            registrations_decide(
                event=event,
                registration_ids=[pending[2].pk],
                actor=coordinator,
                approve=False,
                reason=(
                    "Szkolenie jest przeznaczone dla członków Partnerskich "
                    "Zespołów Kooperacji; zapraszamy na seminarium otwarte."
                ),
            )
    registrations = [
        Registration.objects.get(pk=r.pk) if r is not None else None
        for r in registrations
    ]
    if event.date_from <= timezone.localdate():
        # Someone missed the second day: not complete under "every day".
        skip = {(registrations[1].pk, 1)} if registrations[1] else set()
        _take_attendance(event, registrations, coordinator, made, skip=skip)
    if event.date_to < timezone.localdate():
        made["completed"] += attendance_close(event=event, actor=coordinator)
