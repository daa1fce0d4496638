"""The coordinators' admin: viewsets and screens scoped to the voivodeship."""

import pytest
from django.urls import reverse

from ..models import LearningPath, Team, TeamMember
from .factories import (
    KORYCIN,
    coordinator_create,
    member_add,
    path_create,
    staff_login,
    team_create,
)

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_team_in_the_admin(client):
    coordinator = coordinator_create(scope="20")
    staff_login(client, coordinator)
    response = client.post(reverse("programme_teams:add"), KORYCIN)
    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get()
    assert team.gmina == "Korycin"


def test_admin_form_offers_only_the_coordinators_voivodeship(client):
    staff_login(client, coordinator_create(scope="20"))
    page = client.get(reverse("programme_teams:add")).content.decode()
    assert 'value="20"' in page and 'value="06"' not in page


def test_another_voivodeships_coordinator_cannot_save_a_team_for_podlaskie(client):
    staff_login(client, coordinator_create(scope="06"))
    response = client.post(reverse("programme_teams:add"), KORYCIN)
    assert response.status_code == 200
    assert not Team.objects.exists()


def test_team_list_and_screens_are_scoped(client):
    team = team_create()
    member_add(team, first_name="Halina")
    staff_login(client, coordinator_create(scope="06"))
    assert (
        "PZK Gminy Korycin"
        not in client.get(reverse("programme_teams:index")).content.decode()
    )
    refused = client.get(reverse("programme_admin:team", args=[team.pk]))
    assert refused.status_code == 302 and refused.url == "/admin/"
    assert client.get(reverse("programme_teams:edit", args=[team.pk])).status_code in (
        302,
        403,
    )
    staff_login(client, coordinator_create(scope="MR"))
    assert (
        "PZK Gminy Korycin"
        in client.get(reverse("programme_teams:index")).content.decode()
    )
    assert (
        "Halina"
        in client.get(reverse("programme_admin:team", args=[team.pk])).content.decode()
    )


def test_coordinator_invites_in_the_admin_and_a_bad_invite_shows_a_polish_message(
    client,
):
    from events.tests.factories import user_create

    team = team_create()
    staff_login(client, coordinator_create(scope="20"))
    data = {
        "email": "nowa.osoba@gops-korycin.pl",
        "first_name": "Nowa",
        "last_name": "Osoba",
        "institution_name": "GOPS w Korycinie",
        "institution_sector": "ops",
        "role": "członek",
    }
    response = client.post(reverse("programme_admin:team", args=[team.pk]), data)
    assert response.status_code == 302
    assert TeamMember.objects.filter(user__email="nowa.osoba@gops-korycin.pl").exists()
    outsider = user_create()  # Zagórz, podkarpackie
    response = client.post(
        reverse("programme_admin:team", args=[team.pk]),
        {**data, "email": outsider.email},
    )
    assert "innej gminie" in response.content.decode()
    assert not TeamMember.objects.filter(user=outsider).exists()


def test_removing_in_the_admin_keeps_the_row(client):
    team = team_create()
    person = member_add(team)
    member = TeamMember.objects.get(user=person)
    staff_login(client, coordinator_create(scope="20"))
    client.post(
        reverse("programme_admin:team_member_remove", args=[team.pk, member.pk])
    )
    member.refresh_from_db()
    assert member.removed_at is not None


def _path_post(**overrides):
    data = {
        "title": "Ścieżka testowa",
        "description": "",
        "organiser": "20",
        "is_open": "on",
        "min_optional": "2",
        "components-TOTAL_FORMS": "1",
        "components-INITIAL_FORMS": "0",
        "components-MIN_NUM_FORMS": "0",
        "components-MAX_NUM_FORMS": "1000",
        "components-0-kind": "event",
        "components-0-required": "",
        "components-0-label": "",
        "components-0-course": "",
        "components-0-event_kind": "training2",
        "components-0-event_count": "1",
        "components-0-support_kind": "",
        "components-0-support_hours": "0",
        "components-0-ORDER": "1",
        "components-0-DELETE": "",
    }
    data.update(overrides)
    return data


def test_an_impossible_path_rule_is_refused_in_the_admin(client):
    staff_login(client, coordinator_create(scope="20"))
    response = client.post(reverse("programme_paths:add"), _path_post())
    assert response.status_code == 200
    assert "Tej reguły nie da się spełnić" in response.content.decode()
    assert not LearningPath.objects.exists()


def test_a_sound_path_is_saved_in_the_admin(client):
    staff_login(client, coordinator_create(scope="20"))
    response = client.post(
        reverse("programme_paths:add"),
        _path_post(**{"min_optional": "0", "components-0-required": "on"}),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert LearningPath.objects.get().components.count() == 1


def test_path_progress_screen_is_scoped(client):
    path = path_create(components=[{"kind": "event", "event_kind": "training2"}])
    staff_login(client, coordinator_create(scope="06"))
    refused = client.get(reverse("programme_admin:path", args=[path.pk]))
    assert refused.status_code == 302 and refused.url == "/admin/"
    staff_login(client, coordinator_create(scope="20"))
    assert (
        client.get(reverse("programme_admin:path", args=[path.pk])).status_code == 200
    )
