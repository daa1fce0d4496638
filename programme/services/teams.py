"""PZK teams: create, invite members (creating or linking the account),
choose the animators, remove a member keeping their history (the places
events reserve for a team are in ``places``)."""

import logging

from allauth.account.models import EmailAddress
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from events.models import Registration
from szkola.accounts.models import User
from szkola.accounts.selectors import profile_get
from szkola.accounts.services import audit_log, profile_update
from szkola.live.services import notify
from szkola.live.texts import Text

from ..errors import ProgrammeError
from ..models import Team, TeamMember, TeamRegistration
from .common import ensure_coordinator

logger = logging.getLogger(__name__)

TEAM_FIELDS = ("name", "gmina", "gmina_teryt", "powiat", "powiat_teryt", "voivodeship")


def _clean_team(team: Team) -> None:
    from django.core.exceptions import ValidationError

    errors = []
    if team.powiat_teryt and not team.powiat_teryt.startswith(team.voivodeship or "-"):
        errors.append(
            _("Kod TERYT powiatu musi zaczynać się od kodu województwa (%(code)s).")
            % {"code": team.voivodeship}
        )
    if team.gmina_teryt and not team.gmina_teryt.startswith(team.powiat_teryt or "-"):
        errors.append(
            _("Kod TERYT gminy musi zaczynać się od kodu powiatu (%(code)s).")
            % {"code": team.powiat_teryt}
        )
    try:
        team.full_clean(
            exclude=["gmina_animator", "powiat_animator", "created_at"],
            validate_unique=True,
        )
    except ValidationError as error:
        errors += [str(m) for messages in error.message_dict.values() for m in messages]
    if errors:
        raise ProgrammeError("bad_input", " ".join(errors))


@transaction.atomic
def team_save(*, actor: User, team: Team) -> Team:
    """Create or change a team (the admin's form fills ``team`` and calls
    this). The actor must coordinate the team's voivodeship, before and after
    the change. Raises ProgrammeError ``forbidden`` or ``bad_input``."""
    created = team.pk is None
    if not created:
        before = Team.objects.select_for_update().get(pk=team.pk)
        ensure_coordinator(actor=actor, organiser=before.voivodeship)
    ensure_coordinator(actor=actor, organiser=team.voivodeship)
    team.name = (team.name or "").strip()
    _clean_team(team)
    team.save()
    audit_log(
        actor=actor,
        action="programme.team.created" if created else "programme.team.changed",
        obj=team,
        data={name: getattr(team, name) for name in TEAM_FIELDS},
    )
    return team


def team_create(*, actor: User, **fields) -> Team:
    unknown = set(fields) - set(TEAM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown team fields: {sorted(unknown)}")
    return team_save(actor=actor, team=Team(**fields))


def _same_place(profile, team: Team) -> bool:
    """Does the person's profile put them in the team's gmina or, for powiat
    institutions (PCPR, police, court, labour office), its powiat? An empty
    profile (a new account) says nothing against it."""
    if profile.voivodeship and profile.voivodeship != team.voivodeship:
        return False
    if not profile.gmina:
        return True
    if profile.gmina.strip().casefold() == team.gmina.strip().casefold():
        return True
    return bool(profile.powiat) and (
        profile.powiat.strip().casefold() == team.powiat.strip().casefold()
    )


def _mirror_profile(user: User, team_name: str, *, actor: User) -> None:
    """Keep the profile's PZK line in step with the membership, so the
    profile form and the data export show the real team."""
    profile = profile_get(user=user)
    if profile.pzk_team != team_name:
        profile_update(
            user=user,
            first_name=user.first_name,
            last_name=user.last_name,
            actor=actor,
            pzk_team=team_name,
        )


@transaction.atomic
def team_member_invite(
    *,
    actor: User,
    team: Team,
    email: str,
    first_name: str,
    last_name: str,
    institution_name: str,
    institution_sector: str,
    role: str = "",
    position: str = "",
) -> tuple[TeamMember, bool]:
    """Invite a person to ``team``: link the account of that email, or create
    one (without a password: the invitation email carries a link to set it).
    Returns ``(member, account_created)``.

    Raises ProgrammeError ``forbidden`` (not the team's coordinator),
    ``bad_input``, ``already_member``, ``other_team`` (a current member of
    another team) or ``other_gmina`` (the person's profile is in another gmina
    and powiat)."""
    ensure_coordinator(actor=actor, organiser=team.voivodeship)
    team = Team.objects.select_for_update().get(pk=team.pk)
    email = (email or "").strip().lower()
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not email or "@" not in email or not first_name or not last_name:
        raise ProgrammeError(
            "bad_input", _("Podaj adres e-mail, imię i nazwisko zapraszanej osoby.")
        )
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is not None:
        current = (
            TeamMember.objects.select_for_update()
            .filter(user=user, removed_at__isnull=True)
            .select_related("team")
            .first()
        )
        if current is not None and current.team_id == team.pk:
            raise ProgrammeError(
                "already_member", _("Ta osoba już należy do tego zespołu.")
            )
        if current is not None:
            raise ProgrammeError(
                "other_team",
                _(
                    "Ta osoba należy już do zespołu „%(team)s”. Najpierw trzeba ją z niego wypisać."
                )
                % {"team": current.team.name},
            )
        if not _same_place(profile_get(user=user), team):
            raise ProgrammeError(
                "other_gmina",
                _(
                    "Ta osoba pracuje w innej gminie i innym powiecie niż zespół "
                    "„%(team)s” (według jej profilu). Do zespołu należą instytucje "
                    "gminy %(gmina)s i powiatu %(powiat)s."
                )
                % {"team": team.name, "gmina": team.gmina, "powiat": team.powiat},
            )
    else:
        user = User.objects.create_user(
            email=email, password=None, first_name=first_name, last_name=last_name
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        profile_update(
            user=user,
            first_name=first_name,
            last_name=last_name,
            actor=actor,
            institution_name=institution_name.strip(),
            institution_sector=institution_sector,
            position=position.strip(),
            gmina=team.gmina,
            powiat=team.powiat,
            voivodeship=team.voivodeship,
        )
    member = TeamMember.objects.create(
        team=team,
        user=user,
        institution_name=(institution_name or "").strip()[:255],
        institution_sector=institution_sector or "",
        role=(role or "").strip()[:150],
        invited_by=actor,
    )
    _mirror_profile(user, team.name, actor=actor)
    audit_log(
        actor=actor,
        action="programme.team.member_invited",
        obj=member,
        data={"team": team.pk, "account_created": created},
    )
    notify(
        user,
        title=Text(N_("Dołączono Cię do zespołu %(team)s"), {"team": team.name}),
        body=Text(N_("Zobacz stronę swojego Partnerskiego Zespołu Kooperacji.")),
        url=reverse("programme:team"),
        kind="info",
    )
    from ..messaging import emails_are_muted
    from ..tasks import team_invitation_email_task

    if not emails_are_muted():
        member_id = member.pk
        transaction.on_commit(
            lambda: team_invitation_email_task.enqueue(member_id, created)
        )
    return member, created


ANIMATOR_LEVELS = ("gmina", "powiat")


@transaction.atomic
def team_animator_set(
    *, actor: User, team: Team, level: str, user: User | None
) -> Team:
    """Make a current member the team's gmina or powiat animator (or leave
    the role empty with ``user=None``). Raises ProgrammeError ``forbidden``,
    ``bad_input`` or ``not_member``."""
    ensure_coordinator(actor=actor, organiser=team.voivodeship)
    if level not in ANIMATOR_LEVELS:
        raise ProgrammeError(
            "bad_input", _("Wybierz animatora gminnego lub powiatowego.")
        )
    team = Team.objects.select_for_update().get(pk=team.pk)
    if (
        user is not None
        and not TeamMember.objects.filter(
            team=team, user=user, removed_at__isnull=True
        ).exists()
    ):
        raise ProgrammeError(
            "not_member", _("Animatorem może zostać tylko członek tego zespołu.")
        )
    setattr(team, f"{level}_animator", user)
    team.save(update_fields=[f"{level}_animator"])
    audit_log(
        actor=actor,
        action="programme.team.animator_set",
        obj=team,
        data={"level": level, "user": user.pk if user else None},
    )
    if user is not None:
        notify(
            user,
            title=Text(N_("Jesteś animatorem zespołu %(team)s"), {"team": team.name}),
            body=Text(
                N_("Możesz zapisywać członków zespołu na wydarzenia z puli zespołu.")
            ),
            url=reverse("programme:team"),
        )
    return team


def member_history(*, member: TeamMember) -> list[str]:
    """What the person did in the programme (named, for the message)."""
    from courses.models import Enrolment

    from ..models import PathEnrolment, SupportBooking

    user_id = member.user_id
    found = []
    if Enrolment.objects.filter(
        user_id=user_id, status=Enrolment.Status.COMPLETED
    ).exists():
        found.append(_("ukończone kursy"))
    if Registration.objects.filter(
        user_id=user_id, completed_at__isnull=False
    ).exists():
        found.append(_("ukończone wydarzenia"))
    if SupportBooking.objects.filter(user_id=user_id, attended=True).exists():
        found.append(_("sesje wsparcia"))
    if PathEnrolment.objects.filter(user_id=user_id).exists():
        found.append(_("ścieżki edukacyjne"))
    if TeamRegistration.objects.filter(registration__user_id=user_id).exists():
        found.append(_("zapisy z puli zespołu"))
    return found


@transaction.atomic
def team_member_remove(*, actor: User, member: TeamMember) -> TeamMember:
    """Take a person off the team. Nothing is deleted: the membership is
    closed (``removed_at``) and everything the person completed stays theirs
    and in the reports. Raises ProgrammeError ``forbidden``, ``not_member``
    (already removed) or ``animator`` (choose another animator first)."""
    member = (
        TeamMember.objects.select_for_update()
        .select_related("team", "user")
        .get(pk=member.pk)
    )
    team = member.team
    ensure_coordinator(actor=actor, organiser=team.voivodeship)
    if member.removed_at is not None:
        raise ProgrammeError(
            "not_member", _("Ta osoba została już wypisana z zespołu.")
        )
    if member.user_id in team.animator_ids():
        raise ProgrammeError(
            "animator",
            _(
                "Ta osoba jest animatorem zespołu. Najpierw wskaż innego animatora, "
                "potem wypisz ją z zespołu."
            ),
        )
    history = member_history(member=member)
    member.removed_at = timezone.now()
    member.removed_by = actor
    member.save(update_fields=["removed_at", "removed_by"])
    _mirror_profile(member.user, "", actor=actor)
    audit_log(
        actor=actor,
        action="programme.team.member_removed",
        obj=member,
        data={"team": team.pk, "history_kept": [str(h) for h in history]},
    )
    notify(
        member.user,
        title=Text(N_("Wypisano Cię z zespołu %(team)s"), {"team": team.name}),
        body=Text(
            N_("Twoje ukończone kursy, szkolenia i zaświadczenia pozostają bez zmian.")
        ),
    )
    return member


def _name_key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


@transaction.atomic
def memberships_from_profiles(*, actor: User | None = None) -> int:
    """Turn profiles' free-text PZK lines into memberships where they name
    exactly one team of the person's voivodeship (as migration 0002 did when
    it ran). People already in a team and lines naming no team are left as
    they are. Returns how many memberships were made."""
    from szkola.accounts.models import Profile

    teams: dict[str, list[Team]] = {}
    for team in Team.objects.all():
        teams.setdefault(_name_key(team.name), []).append(team)
    made = 0
    for profile in Profile.objects.exclude(pzk_team="").select_related("user"):
        matches = [
            t
            for t in teams.get(_name_key(profile.pzk_team), [])
            if not profile.voivodeship or profile.voivodeship == t.voivodeship
        ]
        if (
            len(matches) != 1
            or TeamMember.objects.filter(
                user_id=profile.user_id, removed_at__isnull=True
            ).exists()
        ):
            continue
        member = TeamMember.objects.create(
            team=matches[0],
            user=profile.user,
            institution_name=profile.institution_name,
            institution_sector=profile.institution_sector,
        )
        audit_log(
            actor=actor,
            action="programme.team.member_from_profile",
            obj=member,
            data={"team": matches[0].pk},
        )
        made += 1
    return made
