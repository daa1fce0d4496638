"""Coaching, supervision and advisory: publish sessions, book places (never
more than the session has), record attendance and hours, keep private notes."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.constants import MACROREGION_CODE
from szkola.accounts.models import User
from szkola.accounts.permissions import user_may_act_on_voivodeship
from szkola.accounts.selectors import profile_get
from szkola.accounts.services import audit_log
from szkola.live.services import notify
from szkola.live.texts import Text

from ..errors import ProgrammeError
from ..models import (
    SupportBooking,
    SupportNote,
    SupportSession,
    Team,
    TeamMember,
)
from ..rules import SupportKind
from .common import animated_by, ensure_coordinator


@transaction.atomic
def support_session_save(*, actor: User, session: SupportSession) -> SupportSession:
    """Publish or change a session. Raises ProgrammeError ``forbidden`` or
    ``bad_input`` (end before start, hours, fewer places than booked)."""
    created = session.pk is None
    if not created:
        before = SupportSession.objects.select_for_update().get(pk=session.pk)
        ensure_coordinator(actor=actor, organiser=before.organiser)
    ensure_coordinator(actor=actor, organiser=session.organiser)
    if session.team_id:
        team = Team.objects.get(pk=session.team_id)
        ensure_coordinator(actor=actor, organiser=team.voivodeship)
    if (
        not session.starts_at
        or not session.ends_at
        or session.ends_at <= session.starts_at
    ):
        raise ProgrammeError("bad_input", _("Koniec sesji musi być po jej początku."))
    if session.hours is None or session.hours <= 0:
        raise ProgrammeError("bad_input", _("Podaj liczbę godzin większą od zera."))
    if (session.capacity or 0) < 1:
        raise ProgrammeError(
            "bad_input", _("Sesja musi mieć co najmniej jedno miejsce.")
        )
    if not created:
        booked = session.bookings.filter(cancelled_at__isnull=True).count()
        if session.capacity < booked:
            raise ProgrammeError(
                "bad_input",
                _(
                    "Zarezerwowano już %(n)s miejsc: nie można ich zmniejszyć poniżej tej liczby."
                )
                % {"n": booked},
            )
    session.save()
    audit_log(
        actor=actor,
        action="programme.support.session_created"
        if created
        else "programme.support.session_changed",
        obj=session,
        data={
            "kind": session.kind,
            "capacity": session.capacity,
            "hours": str(session.hours),
        },
    )
    return session


@transaction.atomic
def support_book(
    *,
    actor: User,
    session: SupportSession,
    user: User,
    now: datetime.datetime | None = None,
) -> SupportBooking:
    """Book a place in ``session`` for ``user`` (themselves, their team's
    animator, or a coordinator of the organiser). The session row is locked
    while places are counted, so it is never overbooked. Raises
    ProgrammeError ``forbidden``, ``not_bookable`` (cancelled, past, another
    team's or voivodeship's), ``already_booked`` or ``full``; nothing changes
    then."""
    now = now or timezone.now()
    if not (
        actor.pk == user.pk
        or animated_by(actor, user)
        or user_may_act_on_voivodeship(actor, session.organiser)
    ):
        raise ProgrammeError(
            "forbidden", _("Nie możesz zarezerwować sesji dla tej osoby.")
        )
    session = SupportSession.objects.select_for_update().get(pk=session.pk)
    if session.cancelled_at is not None:
        raise ProgrammeError("not_bookable", _("Ta sesja została odwołana."))
    if session.starts_at <= now:
        raise ProgrammeError(
            "not_bookable", _("Ta sesja już się zaczęła: nie można jej zarezerwować.")
        )
    if (
        session.team_id
        and not TeamMember.objects.filter(
            team_id=session.team_id, user=user, removed_at__isnull=True
        ).exists()
    ):
        raise ProgrammeError(
            "not_bookable", _("Ta sesja jest tylko dla członków innego zespołu.")
        )
    voivodeship = profile_get(user=user).voivodeship
    if (
        not session.team_id
        and session.organiser != MACROREGION_CODE
        and voivodeship
        and voivodeship != session.organiser
    ):
        raise ProgrammeError(
            "not_bookable", _("Ta sesja jest dla uczestników z innego województwa.")
        )
    if SupportBooking.objects.filter(
        session=session, user=user, cancelled_at__isnull=True
    ).exists():
        raise ProgrammeError(
            "already_booked", _("Ta osoba ma już miejsce na tej sesji.")
        )
    taken = SupportBooking.objects.filter(
        session=session, cancelled_at__isnull=True
    ).count()
    if taken >= session.capacity:
        raise ProgrammeError(
            "full",
            _("Wszystkie miejsca na tej sesji są zajęte. Wybierz inny termin."),
        )
    booking = SupportBooking.objects.create(
        session=session, user=user, booked_by=actor, booked_at=now
    )
    audit_log(
        actor=actor,
        action="programme.support.booked",
        obj=booking,
        data={"session": session.pk, "user": user.pk},
    )
    when = timezone.localtime(session.starts_at).strftime("%d.%m.%Y %H:%M")
    notify(
        user,
        title=Text(N_("Zarezerwowano: %(title)s"), {"title": session.title}),
        body=Text(
            N_("%(kind)s, %(when)s."),
            {"kind": SupportKind(session.kind).label, "when": when},
        ),
        url=reverse("programme:support"),
    )
    notify(
        session.provider,
        title=Text(N_("Nowa rezerwacja: %(title)s"), {"title": session.title}),
        body=Text(
            N_("%(name)s, %(when)s."),
            {"name": user.get_full_name() or user.email, "when": when},
        ),
        url=reverse("programme:support"),
    )
    return booking


@transaction.atomic
def support_cancel(*, actor: User, booking: SupportBooking) -> SupportBooking:
    """Give the place back (before the session starts). Raises ProgrammeError
    ``forbidden`` or ``not_bookable``."""
    booking = (
        SupportBooking.objects.select_for_update()
        .select_related("session")
        .get(pk=booking.pk)
    )
    session = booking.session
    if not (
        actor.pk == booking.user_id
        or actor.pk == booking.booked_by_id
        or user_may_act_on_voivodeship(actor, session.organiser)
    ):
        raise ProgrammeError("forbidden", _("Nie możesz anulować tej rezerwacji."))
    if (
        booking.cancelled_at
        or booking.attended is not None
        or session.starts_at <= timezone.now()
    ):
        raise ProgrammeError(
            "not_bookable", _("Tej rezerwacji nie można już anulować.")
        )
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["cancelled_at"])
    audit_log(actor=actor, action="programme.support.cancelled", obj=booking)
    return booking


def _may_record(actor: User, session: SupportSession) -> bool:
    return actor.pk == session.provider_id or user_may_act_on_voivodeship(
        actor, session.organiser
    )


@transaction.atomic
def support_attendance_record(
    *,
    actor: User,
    booking: SupportBooking,
    attended: bool,
    hours=None,
    now: datetime.datetime | None = None,
) -> SupportBooking:
    """Record whether the person came and how many hours count (the
    session's hours by default, at most those). The session's coach or a
    coordinator of the organiser, once the session has started. Hours that
    count may complete a learning path. Raises ProgrammeError ``forbidden``
    or ``bad_input``."""
    now = now or timezone.now()
    booking = (
        SupportBooking.objects.select_for_update()
        .select_related("session")
        .get(pk=booking.pk)
    )
    session = booking.session
    if not _may_record(actor, session):
        raise ProgrammeError(
            "forbidden", _("Obecność zapisuje prowadzący sesję lub koordynator.")
        )
    if booking.cancelled_at is not None:
        raise ProgrammeError("bad_input", _("Ta rezerwacja została anulowana."))
    if session.starts_at > now:
        raise ProgrammeError(
            "bad_input", _("Obecność można zapisać dopiero po rozpoczęciu sesji.")
        )
    if attended:
        try:
            value = session.hours if hours in (None, "") else Decimal(str(hours))
        except (InvalidOperation, ValueError) as error:
            raise ProgrammeError(
                "bad_input", _("Podaj liczbę godzin, np. 1,5.")
            ) from error
        if not Decimal("0") < value <= session.hours:
            raise ProgrammeError(
                "bad_input",
                _("Liczba godzin musi być większa od zera i nie większa niż %(h)s.")
                % {"h": session.hours},
            )
    else:
        value = Decimal("0")
    booking.attended = bool(attended)
    booking.hours = value
    booking.attendance_marked_at = now
    booking.attendance_marked_by = actor
    booking.save(
        update_fields=[
            "attended",
            "hours",
            "attendance_marked_at",
            "attendance_marked_by",
        ]
    )
    audit_log(
        actor=actor,
        action="programme.support.attendance",
        obj=booking,
        data={"attended": booking.attended, "hours": str(value)},
    )
    if booking.attended:
        from .paths import path_progress_refresh

        path_progress_refresh(user_id=booking.user_id)
    return booking


SUPPORT_NOTE_MAX_LENGTH = 10_000


@transaction.atomic
def support_note_add(*, actor: User, booking: SupportBooking, text: str) -> SupportNote:
    """Add a note to a session booking. Only its participant and the
    session's coach may write (and read) notes; coordinators may not. The
    audit entry records that a note was written, never its text. Raises
    ProgrammeError ``forbidden`` or ``bad_input`` (empty, or longer than
    SUPPORT_NOTE_MAX_LENGTH)."""
    booking = SupportBooking.objects.select_related("session").get(pk=booking.pk)
    if actor.pk not in (booking.user_id, booking.session.provider_id):
        raise ProgrammeError(
            "forbidden",
            _("Notatki z sesji widzą i piszą tylko uczestnik i prowadzący."),
        )
    text = (text or "").strip()
    if not text:
        raise ProgrammeError("bad_input", _("Wpisz treść notatki."))
    if len(text) > SUPPORT_NOTE_MAX_LENGTH:
        # Refused, not cut: a note silently shortened would lose its end.
        raise ProgrammeError(
            "bad_input",
            _("Notatka może mieć najwyżej %(max)s znaków (wpisano %(length)s).")
            % {"max": SUPPORT_NOTE_MAX_LENGTH, "length": len(text)},
        )
    note = SupportNote.objects.create(booking=booking, author=actor, text=text)
    audit_log(actor=actor, action="programme.support.note_added", obj=booking)
    return note
