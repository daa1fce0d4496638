import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.errors import EventError
from events.models import Registration
from szkola.accounts.models import AuditEntry, Profile, User
from szkola.accounts.selectors import profile_get

from ..errors import ProgrammeError
from ..models import Team, TeamMember, TeamRegistration
from ..services import (
    memberships_from_profiles,
    team_animator_set,
    team_member_invite,
    team_member_remove,
    team_members_register,
    team_places_save,
)
from .factories import (
    KORYCIN,
    animator_make,
    coordinator_create,
    event_create,
    member_add,
    participant_create,
    places_create,
    team_create,
)

pytestmark = pytest.mark.django_db


def test_coordinator_of_the_voivodeship_creates_a_team_with_audit():
    coordinator = coordinator_create(scope="20")
    team = team_create(coordinator=coordinator)
    assert (team.gmina, team.powiat_teryt, team.voivodeship) == (
        "Korycin",
        "2011",
        "20",
    )
    assert AuditEntry.objects.filter(
        action="programme.team.created", actor=coordinator
    ).exists()


def test_coordinator_of_another_voivodeship_cannot_create_a_podlaskie_team():
    with pytest.raises(ProgrammeError) as error:
        team_create(coordinator=coordinator_create(scope="06"))
    assert error.value.code == "forbidden"
    assert not Team.objects.exists()


def test_leader_coordinator_creates_teams_anywhere():
    team = team_create(coordinator=coordinator_create(scope="MR"))
    assert team.pk


def test_teryt_codes_must_nest():
    with pytest.raises(ProgrammeError) as error:
        team_create(**{**KORYCIN, "gmina_teryt": "1801042"})
    assert error.value.code == "bad_input"
    assert "TERYT gminy" in error.value.message
    assert not Team.objects.exists()


def test_invitation_creates_an_account_with_profile_and_sends_a_password_link(
    django_capture_on_commit_callbacks,
):
    team = team_create()
    coordinator = coordinator_create(scope="20")
    with django_capture_on_commit_callbacks(execute=True):
        member, created = team_member_invite(
            actor=coordinator,
            team=team,
            email="Ola.Nowa@Gops-Korycin.pl",
            first_name="Ola",
            last_name="Nowa",
            institution_name="GOPS w Korycinie",
            institution_sector="ops",
            role="przewodnicząca",
        )
    assert created
    user = User.objects.get(email="ola.nowa@gops-korycin.pl")
    assert not user.has_usable_password()
    profile = profile_get(user=user)
    assert (profile.gmina, profile.voivodeship, profile.pzk_team) == (
        "Korycin",
        "20",
        team.name,
    )
    assert profile.is_complete
    assert member.role == "przewodnicząca"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "PZK Gminy Korycin" in body and "/konto/password/reset/key/" in body
    assert "Europejskiego Funduszu Społecznego" in body


def test_invitation_links_an_existing_account_of_the_same_gmina(
    django_capture_on_commit_callbacks,
):
    team = team_create()
    person = participant_create(voivodeship="20")
    profile = profile_get(user=person)
    profile.gmina, profile.powiat = "Korycin", "sokólski"
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        member, created = team_member_invite(
            actor=coordinator_create(scope="20"),
            team=team,
            email=person.email.upper(),
            first_name="X",
            last_name="Y",
            institution_name="Szkoła w Korycinie",
            institution_sector="school",
        )
    assert not created and member.user == person
    assert person.has_usable_password()
    assert "/moje/zespol/" in mail.outbox[0].body


def test_joining_a_team_of_another_gmina_is_refused_and_nothing_changes():
    team = team_create()
    outsider = participant_create()  # profile: Zagórz, sanocki, podkarpackie
    with pytest.raises(ProgrammeError) as error:
        team_member_invite(
            actor=coordinator_create(scope="20"),
            team=team,
            email=outsider.email,
            first_name="A",
            last_name="B",
            institution_name="GOPS Zagórz",
            institution_sector="ops",
        )
    assert error.value.code == "other_gmina"
    assert "innej gminie" in error.value.message
    assert not TeamMember.objects.exists()
    assert profile_get(user=outsider).pzk_team == ""


def test_powiat_institution_may_join_a_team_of_its_powiat():
    team = team_create()
    person = participant_create(voivodeship="20")
    profile = profile_get(user=person)
    profile.gmina, profile.powiat = "Sokółka", "sokólski"
    profile.save()
    member, _created = team_member_invite(
        actor=coordinator_create(scope="20"),
        team=team,
        email=person.email,
        first_name="A",
        last_name="B",
        institution_name="PCPR w Sokółce",
        institution_sector="pcpr",
    )
    assert member.team == team


def test_a_member_of_one_team_cannot_be_invited_to_another():
    first = team_create()
    second = team_create(gmina_teryt="2011052", gmina="Korycin", name="Drugi PZK")
    person = member_add(first)
    with pytest.raises(ProgrammeError) as error:
        member_add(second, email=person.email)
    assert error.value.code == "other_team"
    assert TeamMember.objects.filter(user=person).count() == 1


def test_invitation_by_another_voivodeship_coordinator_is_refused():
    team = team_create()
    with pytest.raises(ProgrammeError) as error:
        member_add(team, coordinator=coordinator_create(scope="06"))
    assert error.value.code == "forbidden"
    assert not TeamMember.objects.exists()


def test_animator_must_be_a_member():
    team = team_create()
    with pytest.raises(ProgrammeError) as error:
        team_animator_set(
            actor=coordinator_create(scope="20"),
            team=team,
            level="gmina",
            user=participant_create(voivodeship="20"),
        )
    assert error.value.code == "not_member"


def test_removing_a_member_with_completions_keeps_their_history():
    team = team_create()
    person = member_add(team)
    event = event_create(organiser="20", days=1, first_day=timezone.localdate())
    Registration.objects.create(
        event=event,
        user=person,
        status=Registration.Status.CONFIRMED,
        participant_name="x",
        completed_at=timezone.now(),
    )
    member = TeamMember.objects.get(user=person)
    removed = team_member_remove(actor=coordinator_create(scope="20"), member=member)
    assert removed.removed_at is not None
    assert TeamMember.objects.filter(pk=member.pk).exists()
    assert Registration.objects.filter(user=person, completed_at__isnull=False).exists()
    entry = AuditEntry.objects.get(action="programme.team.member_removed")
    assert entry.data["history_kept"] == ["ukończone wydarzenia"]
    assert Profile.objects.get(user=person).pzk_team == ""


def test_removing_the_animator_is_refused_with_a_polish_message():
    team = team_create()
    animator = animator_make(team)
    with pytest.raises(ProgrammeError) as error:
        team_member_remove(
            actor=coordinator_create(scope="20"),
            member=TeamMember.objects.get(user=animator),
        )
    assert error.value.code == "animator"
    assert TeamMember.objects.get(user=animator).removed_at is None


def test_removed_member_can_join_again_later():
    team = team_create()
    person = member_add(team)
    coordinator = coordinator_create(scope="20")
    team_member_remove(actor=coordinator, member=TeamMember.objects.get(user=person))
    member_add(team, email=person.email, coordinator=coordinator)
    assert TeamMember.objects.filter(user=person).count() == 2


# --- Places reserved for teams ---------------------------------------------


def _training(**kwargs):
    return event_create(organiser="20", capacity=kwargs.pop("capacity", 10), **kwargs)


def test_animator_registers_two_members_on_the_team_places():
    team = team_create()
    animator = animator_make(team)
    first, second = member_add(team), member_add(team)
    event = _training()
    places_create(team, event, places=2)
    registrations = team_members_register(
        actor=animator, team=team, event=event, users=[first, second]
    )
    assert {r.user for r in registrations} == {first, second}
    assert all(r.status == Registration.Status.CONFIRMED for r in registrations)
    assert TeamRegistration.objects.count() == 2
    assert AuditEntry.objects.filter(
        action="programme.team.members_registered", actor=animator
    ).exists()


def test_more_people_than_team_places_registers_nobody():
    team = team_create()
    animator = animator_make(team)
    people = [member_add(team) for _ in range(3)]
    event = _training()
    places_create(team, event, places=2)
    with pytest.raises(ProgrammeError) as error:
        team_members_register(actor=animator, team=team, event=event, users=people)
    assert error.value.code == "places"
    assert "Nikogo nie zapisano" in error.value.message
    assert not Registration.objects.filter(event=event).exists()


def test_team_places_never_oversell_the_event():
    team = team_create()
    animator = animator_make(team)
    people = [member_add(team) for _ in range(2)]
    event = _training(capacity=3)
    places_create(team, event, places=2)
    for _ in range(2):
        Registration.objects.create(
            event=event,
            user=participant_create(),
            status=Registration.Status.CONFIRMED,
            participant_name="x",
        )
    with pytest.raises(EventError) as error:
        team_members_register(actor=animator, team=team, event=event, users=people)
    assert error.value.code == "full"
    # All or nothing: the first member's place was rolled back too.
    assert Registration.objects.filter(event=event).count() == 2


def test_only_members_of_the_team_can_be_registered():
    team = team_create()
    animator = animator_make(team)
    event = _training()
    places_create(team, event)
    with pytest.raises(ProgrammeError) as error:
        team_members_register(
            actor=animator, team=team, event=event, users=[participant_create()]
        )
    assert error.value.code == "not_member"
    assert not Registration.objects.filter(event=event).exists()


def test_a_plain_member_cannot_register_the_team():
    team = team_create()
    member = member_add(team)
    event = _training()
    places_create(team, event)
    with pytest.raises(ProgrammeError) as error:
        team_members_register(actor=member, team=team, event=event, users=[member])
    assert error.value.code == "forbidden"


def test_animator_of_another_team_cannot_use_these_places():
    team = team_create()
    other = team_create(voivodeship="20", powiat_teryt="2010")
    stranger = animator_make(other)
    member = member_add(team)
    event = _training()
    places_create(team, event)
    with pytest.raises(ProgrammeError) as error:
        team_members_register(actor=stranger, team=team, event=event, users=[member])
    assert error.value.code == "forbidden"


def test_places_cannot_shrink_below_what_the_team_took():
    team = team_create()
    animator = animator_make(team)
    people = [member_add(team) for _ in range(2)]
    event = _training()
    places = places_create(team, event, places=2)
    team_members_register(actor=animator, team=team, event=event, users=people)
    places.places = 1
    with pytest.raises(ProgrammeError) as error:
        team_places_save(actor=coordinator_create(scope="20"), places=places)
    assert error.value.code == "places"
    places.refresh_from_db()
    assert places.places == 2


def test_coordinator_of_another_voivodeship_cannot_reserve_places():
    team = team_create()
    event = _training()
    with pytest.raises(ProgrammeError) as error:
        places_create(team, event, coordinator=coordinator_create(scope="06"))
    assert error.value.code == "forbidden"


def test_registration_closed_is_the_events_refusal_and_nothing_changes():
    team = team_create()
    animator = animator_make(team)
    member = member_add(team)
    event = _training(opens_in_days=-10, closes_in_days=-1)
    places_create(team, event)
    with pytest.raises(EventError) as error:
        team_members_register(actor=animator, team=team, event=event, users=[member])
    assert error.value.code == "closed"
    assert not Registration.objects.filter(event=event).exists()


# --- The profile's PZK line --------------------------------------------------


def test_profile_pzk_lines_naming_a_team_become_memberships():
    team = team_create()
    person = participant_create(voivodeship="20")
    other = participant_create(voivodeship="18")
    for user, text in (
        (person, "  pzk gminy   KORYCIN "),
        (other, "PZK Gminy Korycin"),
    ):
        profile = profile_get(user=user)
        profile.pzk_team = text
        profile.save()
    assert memberships_from_profiles() == 1
    assert TeamMember.objects.get(user=person).team == team
    # Another voivodeship's person with the same text is not matched.
    assert not TeamMember.objects.filter(user=other).exists()
    assert memberships_from_profiles() == 0


def test_data_migration_matches_profiles(migrator=None):
    """The migration's function on the live app registry (same models)."""
    import importlib

    from django.apps import apps

    module = importlib.import_module("programme.migrations.0002_profile_pzk_membership")
    team = team_create()
    person = participant_create(voivodeship="20")
    profile = profile_get(user=person)
    profile.pzk_team = "PZK Gminy Korycin"
    profile.save()
    module.forwards(apps, None)
    assert TeamMember.objects.get(user=person).team == team


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2021, 3, 27, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2021, 3, 28, 1, 30, tzinfo=datetime.UTC),  # DST change
    ],
)
def test_team_registration_holds_late_at_night(moment):
    import time_machine

    with time_machine.travel(moment, tick=False):
        team = team_create()
        animator = animator_make(team)
        member = member_add(team)
        event = _training()
        places_create(team, event, places=1)
        (registration,) = team_members_register(
            actor=animator, team=team, event=event, users=[member]
        )
    assert registration.status == Registration.Status.CONFIRMED
