"""The permission matrix: each staff role × an object of their own or of
another voivodeship × every admin and coordinator URL and socket.

Roles: a trainer, podlaskie's coordinator ("20"), lubelskie's ("06"), the
leader's team ("MR") and podlaskie's coordinator in a session that has not
used the second factor. Objects are organised by podlaskie ("own") or by
podkarpackie ("other"). A refusal is a Polish message (or, for certificate
PDFs, a 404 that does not reveal the certificate) and nothing changes.
"""

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import reverse

from certificates.models import BulkIssue
from certificates.tests.factories import certificate_create, completion_create
from courses.tests.factories import course_create
from courses.tests.factories import index_create as course_index_create
from events.models import EventPage
from events.qa.models import QARoom
from events.tests.factories import event_create, index_create
from events.tests.qa_factories import room_create
from szkola.accounts.tests.factories import (
    coordinator_create,
    mark_session_mfa,
    trainer_create,
)
from szkola.home.tests.seeding import module_data
from szkola.live.tests.sockets import (  # noqa: F401 - keep_test_connection is a fixture
    keep_test_connection,
    run_sockets,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_test_connection")]

ROLES = ["trainer", "coordinator_20", "coordinator_06", "leader", "without_totp"]
SIDES = {"own": "20", "other": "18"}
WAGTAIL_REFUSAL = "nie posiadasz uprawnień"


def _user(role):
    if role == "trainer":
        return trainer_create()
    if role == "coordinator_06":
        return coordinator_create(scope="06")
    if role == "leader":
        return coordinator_create(scope="MR")
    return coordinator_create(scope="20")


def _client(role, user) -> Client:
    client = Client()
    client.force_login(user)
    if role != "without_totp":
        mark_session_mfa(client, user)
    return client


def _may_act(role, side) -> bool:
    return role == "leader" or (role == "coordinator_20" and side == "own")


def _world():
    """One event, its day, a live room, a course and a certificate per side,
    built once for the module: each test's changes are rolled back."""
    index = index_create(slug="szkolenia")
    courses = course_index_create()
    built = {}
    for side, code in SIDES.items():
        event = event_create(parent=index, organiser=code, kind="conference")
        built[side] = {
            "event": event,
            "day": event.ordered_days[0],
            "room": room_create(event=event),
            "course": course_create(index=courses, organiser=code),
            "certificate": certificate_create(organiser=code, id=900 + int(code)),
        }
    return built


world = module_data(_world)


# --- HTTP -------------------------------------------------------------------


def _get(url_name: str, key: str) -> tuple:
    """A GET of ``url_name`` for the object ``key`` of the side's objects."""
    return ("get", lambda o: reverse(url_name, args=[o[key].pk]))


# name: (method, path from the side's objects, POST data, how success shows)
HTTP = {
    "admin_edit_event": ("get", lambda o: f"/admin/pages/{o['event'].pk}/edit/"),
    "admin_copy_event": ("get", lambda o: f"/admin/pages/{o['event'].pk}/copy/"),
    "admin_move_event": ("get", lambda o: f"/admin/pages/{o['event'].pk}/move/"),
    "admin_history_event": (
        "get",
        lambda o: f"/admin/pages/{o['event'].pk}/history/",
    ),
    "admin_course_edit": ("get", lambda o: f"/admin/pages/{o['course'].pk}/edit/"),
    "admin_course_report": _get("courses_report", "course"),
    "admin_course_report_xlsx": (
        "get",
        lambda o: reverse("courses_report", args=[o["course"].pk]) + "?export=xlsx",
    ),
    "checkin_day": _get("events:checkin_day", "day"),
    "attendance_pdf": _get("events:attendance_pdf", "day"),
    "checkin_board": _get("events:checkin_board", "day"),
    "qa_moderation": _get("events:qa_moderate", "room"),
    "qa_export": _get("events:qa_export", "room"),
    "certificate_pdf": _get("certificates:download", "certificate"),
}


def _refused(response) -> bool:
    body = response.content.decode(errors="replace") if response.content else ""
    if response.status_code == 403:
        return any(
            text in body
            for text in ("Brak uprawnień", "Nie masz uprawnień", "Brak dostępu")
        )
    if response.status_code == 404:
        return True  # certificate PDFs: no hint that it exists
    return False


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", HTTP)
def test_http_matrix(world, role, side, name):
    user = _user(role)
    client = _client(role, user)
    method, path = HTTP[name]
    response = client.get(path(world[side]), follow=False)
    if role == "without_totp" and name == "certificate_pdf" and side == "other":
        assert response.status_code == 404  # not theirs at all: no hint
        return
    if role == "without_totp":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/2fa/")
        return
    if name == "certificate_pdf" and role == "trainer":
        assert response.status_code == 404
        return
    if _may_act(role, side):
        assert response.status_code == 200, response.status_code
        return
    if name.startswith("admin_") and response.status_code == 302:
        # Wagtail answers a refused admin page with its Polish message.
        followed = client.get(response["Location"])
        assert WAGTAIL_REFUSAL in followed.content.decode()
        return
    assert _refused(response), (response.status_code, response.get("Location"))


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
def test_deleting_an_event(world, role, side):
    event = world[side]["event"]
    client = _client(role, _user(role))
    client.post(f"/admin/pages/{event.pk}/delete/")
    assert EventPage.objects.filter(pk=event.pk).exists() != (_may_act(role, side))


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
def test_unpublishing_an_event(world, role, side):
    event = world[side]["event"]
    client = _client(role, _user(role))
    client.post(f"/admin/pages/{event.pk}/unpublish/")
    event.refresh_from_db()
    assert event.live != _may_act(role, side)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
def test_opening_a_live_room(world, role, side):
    event, day = world[side]["event"], world[side]["day"]
    QARoom.objects.filter(event=event).delete()
    client = _client(role, _user(role))
    response = client.post(
        reverse("events:qa_open", args=[event.pk]), {"target": f"day:{day.pk}"}
    )
    opened = QARoom.objects.filter(event=event).exists()
    assert opened == _may_act(role, side)
    if role == "without_totp":
        assert response["Location"].startswith("/konto/2fa/")


@pytest.mark.parametrize("role", ROLES)
def test_explorer_lists_only_events_in_scope(world, role):
    client = _client(role, _user(role))
    index = world["own"]["event"].get_parent()
    response = client.get(f"/admin/pages/{index.pk}/")
    if role == "without_totp":
        assert response["Location"].startswith("/konto/2fa/")
        return
    body = response.content.decode()
    for side in SIDES:
        edit = f"/admin/pages/{world[side]['event'].pk}/edit/"
        assert (edit in body) == _may_act(role, side)


# --- sockets -------------------------------------------------------------------

SOCKETS = {
    "qa_moderation": lambda o: f"/ws/na-zywo/{o['room'].pk}/moderacja/",
    "checkin_board": lambda o: f"/ws/obecnosc/{o['day'].pk}/",
    "bulk_progress": lambda o: f"/ws/certyfikaty/zbiorczo/{o['bulk'].pk}/",
}


@pytest.fixture
def application(monkeypatch, settings):
    from channels.layers import channel_layers

    from szkola.asgi import application

    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    }
    channel_layers.backends = {}
    validator = application.application_mapping["websocket"]
    monkeypatch.setattr(validator, "allowed_origins", ["127.0.0.1"])
    yield application
    channel_layers.backends = {}


def _headers(client) -> list:
    from django.conf import settings

    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        (b"origin", b"http://127.0.0.1"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()),
    ]


def _try(application, path, headers):
    async def scenario():
        communicator = WebsocketCommunicator(application, path, headers)
        accepted, code = await communicator.connect(timeout=5)
        if accepted:
            await communicator.disconnect()
        return accepted, code

    return run_sockets(scenario)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", SOCKETS)
def test_socket_matrix(world, application, role, side, name):
    user = _user(role)
    objects = dict(world[side])
    code = SIDES[side]
    completion_create(kind="event", id=700 + int(code), organiser=code)
    objects["bulk"] = BulkIssue.objects.create(
        source_kind="event",
        source_id=700 + int(code),
        source_title="Szkolenie",
        requested_by=user,
        total=1,
    )
    accepted, close_code = _try(
        application, SOCKETS[name](objects), _headers(_client(role, user))
    )
    if _may_act(role, side) and role != "without_totp":
        assert accepted
    else:
        assert (accepted, close_code) == (False, 4403)
