import pytest

from szkola.accounts.models import AuditEntry, User

from ..models import LearningOutcome
from .factories import (
    COURSE,
    EVENT,
    confirmed,
    coordinator_create,
    course_create,
    event_create,
    past_event,
    staff_login,
    trainer_create,
    user_create,
)

pytestmark = pytest.mark.django_db


def _outcome_post(text="Zna zadania PZK.", reason=""):
    return {
        "rows": "1",
        "id-0": "",
        "category-0": "knowledge",
        "text-0": text,
        "criteria-0": "Wymienia trzy zadania.",
        "method-0": "post_test",
        "reason": reason,
    }


def test_trainer_edits_outcomes_of_own_course_in_admin(client):
    trainer = trainer_create()
    course = course_create(trainers=[trainer], organiser="18")
    staff_login(client, trainer)
    page = client.get(f"/admin/ewaluacja/{COURSE}/{course.pk}/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/ewaluacja/{COURSE}/{course.pk}/efekty/", _outcome_post()
    )
    assert response.status_code == 302
    assert LearningOutcome.objects.get().text == "Zna zadania PZK."
    # A trainer does not manage settings or surveys.
    response = client.post(
        f"/admin/ewaluacja/{COURSE}/{course.pk}/ankiety/", {}, follow=True
    )
    assert "koordynatorzy" in response.content.decode()


def test_coordinator_of_other_voivodeship_refused_in_polish(client):
    event = event_create(organiser="20")
    staff_login(client, coordinator_create(scope="06"))
    response = client.post(
        f"/admin/ewaluacja/{EVENT}/{event.pk}/efekty/", _outcome_post(), follow=True
    )
    assert "mogą zmieniać trenerzy" in response.content.decode()
    assert not LearningOutcome.objects.exists()


def test_edit_after_start_without_reason_refused_then_with_reason(client):
    event = event_create(organiser="20")
    staff_login(client, coordinator_create(scope="20"))
    url = f"/admin/ewaluacja/{EVENT}/{event.pk}/efekty/"
    client.post(url, _outcome_post())
    confirmed(event)
    outcome = LearningOutcome.objects.get()
    changed = {**_outcome_post("Zmieniony."), "id-0": outcome.pk}
    response = client.post(url, changed, follow=True)
    assert "Podaj powód zmiany" in response.content.decode()
    assert LearningOutcome.objects.get().text == "Zna zadania PZK."
    client.post(url, {**changed, "reason": "Korekta merytoryczna"})
    assert LearningOutcome.objects.get().text == "Zmieniony."
    assert AuditEntry.objects.filter(
        action="evaluation.outcomes.changed_after_start"
    ).exists()


def test_source_page_prints_test_address_and_qr_for_the_attendance_list(client):
    event = event_create(organiser="20")
    staff_login(client, coordinator_create(scope="20"))
    html = client.get(f"/admin/ewaluacja/{EVENT}/{event.pk}/").content.decode()
    assert f"/ewaluacja/event/{event.pk}/test/pre/" in html
    assert f"/ewaluacja/event/{event.pk}/test/post/kod-qr.svg" in html


def test_people_form_refuses_unknown_email_and_trainer_as_assessor(client):
    trainer = trainer_create()
    course = course_create(trainers=[trainer], organiser="18")
    staff_login(client, coordinator_create(scope="18"))
    url = f"/admin/ewaluacja/{COURSE}/{course.pk}/osoby/"
    response = client.post(url, {"assessors": "nikt@example.org"}, follow=True)
    assert "Nie ma kont o adresach" in response.content.decode()
    response = client.post(url, {"assessors": trainer.email}, follow=True)
    assert "nie może oceniać" in response.content.decode()


def test_coordinator_names_an_assessor_granting_the_role_in_scope(client):
    from szkola.accounts.permissions import user_may_assess_voivodeship

    person = user_create()
    event = past_event(organiser="20")
    staff_login(client, coordinator_create(scope="20"))
    url = f"/admin/ewaluacja/{EVENT}/{event.pk}/osoby/"
    response = client.post(url, {"assessors": person.email}, follow=True)
    assert "nie ma roli asesora" in response.content.decode()
    response = client.post(
        url, {"assessors": person.email, "grant_assessor_role": "1"}, follow=True
    )
    assert "Zapisano prowadzących i asesorów." in response.content.decode()
    assert user_may_assess_voivodeship(User.objects.get(pk=person.pk), "20")


def test_coordinator_cannot_grant_the_role_for_another_voivodeships_event(client):
    from szkola.accounts.permissions import user_may_assess_voivodeship

    person = user_create()
    event = past_event(organiser="06")
    staff_login(client, coordinator_create(scope="20"))
    url = f"/admin/ewaluacja/{EVENT}/{event.pk}/osoby/"
    response = client.post(
        url, {"assessors": person.email, "grant_assessor_role": "1"}, follow=True
    )
    assert "koordynator województwa" in response.content.decode()
    assert not user_may_assess_voivodeship(User.objects.get(pk=person.pk), "06")
