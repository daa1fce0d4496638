import time

import pytest
from wagtail.test.utils import WagtailPageTestCase

from szkola.accounts.selectors import personal_data_export
from szkola.home.models import HomePage

from ..models import EventIndexPage, EventPage
from ..services import registration_create
from .factories import coordinator_create, event_create, user_create


class EventPageTreeTests(WagtailPageTestCase):
    def test_event_pages_live_under_event_indexes(self):
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())

    def test_index_can_be_created_under_home(self):
        self.assertCanCreateAt(HomePage, EventIndexPage)


@pytest.mark.django_db
def test_event_edit_form_renders_in_admin(client):
    user = coordinator_create(scope="18")
    user.is_superuser = True
    user.save()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "type": "totp", "id": 1}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    event = event_create(kind="conference")

    response = client.get(f"/admin/pages/{event.pk}/edit/")

    assert response.status_code == 200
    assert "programme_items-TOTAL_FORMS" in response.content.decode()


@pytest.mark.django_db
def test_personal_data_export_includes_registrations():
    user = user_create()
    registration_create(event=event_create(title="Szkolenie w Kielcach"), user=user)

    data = personal_data_export(user=user)

    assert data["event_registrations"][0]["event"] == "Szkolenie w Kielcach"
