import pytest
from django.urls import reverse
from wagtail.models import Page

from courses import services
from courses.models import CoursePage, LessonPage

from .factories import (
    answers_for,
    coordinator_create,
    course_create,
    index_create,
    lessons_of,
    mark_session_mfa,
    quiz_of,
    trainer_create,
    user_create,
)

pytestmark = pytest.mark.django_db


def _staff_client(client, user):
    client.force_login(user)
    mark_session_mfa(client, user)
    return client


@pytest.fixture
def governed_index():
    index = index_create()
    services.course_index_governance_ensure(index=index)
    return index


def _course_with_trainer(index, trainer):
    course = course_create(index=index, trainers=[trainer])
    services.course_trainers_sync(course=course)
    return course


def _edit_data(page, **extra):
    data = {
        "title": page.title,
        "slug": page.slug,
        "body-count": "0",
        "required": "on",
        "duration_minutes": "15",
        "confirm_text": page.confirm_text,
        **extra,
    }
    return data


def _signed_in_trainers_lesson(client, governed_index):
    """The first lesson of a course of a trainer now signed in to the admin."""
    trainer = trainer_create()
    course = _course_with_trainer(governed_index, trainer)
    _staff_client(client, trainer)
    return lessons_of(course)[0]


def _lesson_edit(client, lesson, **data):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        _edit_data(lesson, **data),
    )


def test_trainer_may_edit_own_course_lesson(client, governed_index):
    lesson = _signed_in_trainers_lesson(client, governed_index)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert response.status_code == 200


def test_trainer_cannot_edit_another_trainers_course(client, governed_index):
    owner, other = trainer_create(), trainer_create()
    course = _course_with_trainer(governed_index, owner)
    _course_with_trainer(governed_index, other)
    lesson = lessons_of(course)[0]
    _staff_client(client, other)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert response.status_code in (302, 403)
    response = _lesson_edit(client, lesson, title="Przejęta lekcja")
    assert response.status_code in (302, 403)
    lesson.refresh_from_db()
    assert lesson.title != "Przejęta lekcja"
    assert not lesson.has_unpublished_changes


def test_trainer_cannot_add_pages_in_another_course(client, governed_index):
    owner, other = trainer_create(), trainer_create()
    course = _course_with_trainer(governed_index, owner)
    _course_with_trainer(governed_index, other)
    module = course.get_children().first()
    _staff_client(client, other)
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk])
    )
    assert response.status_code in (302, 403)


def test_trainers_publish_goes_to_moderation(client, governed_index):
    lesson = _signed_in_trainers_lesson(client, governed_index)
    _lesson_edit(client, lesson, title="Nowy tytuł lekcji", **{"action-publish": "1"})
    lesson.refresh_from_db()
    assert lesson.title != "Nowy tytuł lekcji"  # not published
    _lesson_edit(client, lesson, title="Nowy tytuł lekcji", **{"action-submit": "1"})
    page = LessonPage.objects.get(pk=lesson.pk)
    assert page.title != "Nowy tytuł lekcji"
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow.name == services.WORKFLOW_NAME


def test_coordinator_approves_and_publishes(client, governed_index):
    lesson = _signed_in_trainers_lesson(client, governed_index)
    _lesson_edit(client, lesson, title="Zatwierdzony tytuł", **{"action-submit": "1"})
    coordinator = coordinator_create(scope="MR")
    state = Page.objects.get(pk=lesson.pk).current_workflow_state
    task_state = state.current_task_state
    state.current_task_state.task.specific.on_action(task_state, coordinator, "approve")
    assert LessonPage.objects.get(pk=lesson.pk).title == "Zatwierdzony tytuł"


def test_trainer_assignment_follows_publish(governed_index):
    first, second = trainer_create(), trainer_create()
    course = _course_with_trainer(governed_index, first)
    course = CoursePage.objects.get(pk=course.pk)
    course.trainers.set([second])
    course.save_revision().publish()
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=f"Trenerzy kursu #{course.pk}")
    assert list(group.user_set.all()) == [second]


def _report_course():
    course = course_create()
    done, started = user_create(first_name="Zofia"), user_create(first_name="Jan")
    services.enrolment_create(user=done, course=course)
    services.enrolment_create(user=started, course=course)
    for lesson in lessons_of(course):
        services.lesson_complete(user=done, lesson=lesson)
    quiz = quiz_of(course)
    attempt = services.quiz_attempt_start(user=done, quiz=quiz)
    services.quiz_attempt_submit(
        user=done, attempt_id=attempt.pk, answers=answers_for(quiz)
    )
    return course


def test_report_lists_participants_for_coordinator(client):
    course = _report_course()
    _staff_client(client, coordinator_create())
    response = client.get(reverse("courses_report", args=[course.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zofia" in html and "Jan" in html
    assert "2 / 2" in html


def test_report_filters_by_status(client):
    course = _report_course()
    _staff_client(client, coordinator_create())
    response = client.get(
        reverse("courses_report", args=[course.pk]), {"status": "completed"}
    )
    html = response.content.decode()
    assert "Zofia" in html and "Jan Nowak" not in html


def test_report_exports_csv(client):
    course = _report_course()
    _staff_client(client, coordinator_create())
    response = client.get(
        reverse("courses_report", args=[course.pk]), {"export": "csv"}
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("Uczestnik;E-mail;")
    assert "Zofia Nowak" in body


def test_report_exports_xlsx(client):
    course = _report_course()
    _staff_client(client, coordinator_create())
    response = client.get(
        reverse("courses_report", args=[course.pk]), {"export": "xlsx"}
    )
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_course_trainer_sees_report(client):
    trainer = trainer_create()
    course = course_create(trainers=[trainer])
    _staff_client(client, trainer)
    assert client.get(reverse("courses_report", args=[course.pk])).status_code == 200


def test_other_trainer_does_not_see_report(client):
    course = course_create(trainers=[trainer_create()])
    _staff_client(client, trainer_create())
    response = client.get(reverse("courses_report", args=[course.pk]))
    # Wagtail's admin turns PermissionDenied into a redirect with a message.
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != reverse("courses_report", args=[course.pk])


@pytest.mark.parametrize("kind", ["course", "module", "lesson", "quiz"])
def test_admin_edit_form_renders_for_each_page_type(client, kind):
    from courses.models import ModulePage, QuizPage

    course = course_create()
    page = {
        "course": course,
        "module": ModulePage.objects.child_of(course).first(),
        "lesson": lessons_of(course)[0],
        "quiz": QuizPage.objects.descendant_of(course).first(),
    }[kind]
    _staff_client(client, user_create(is_staff=True, is_superuser=True))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200


def test_coordinator_sees_trainers_field_and_trainer_does_not(client, governed_index):
    trainer = trainer_create()
    course = _course_with_trainer(governed_index, trainer)
    url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    _staff_client(client, trainer)
    assert 'name="trainers"' not in client.get(url).content.decode()
    _staff_client(client, coordinator_create())
    assert 'name="trainers"' in client.get(url).content.decode()


def _bulk_url(action: str, page) -> str:
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    return f"{url}?id={page.pk}"


@pytest.mark.parametrize(
    "action",
    [
        "delete",
        "unpublish",
        "lock",
        "copy",
        "move",
        "bulk_delete",
        "bulk_unpublish",
        "bulk_publish",
        "bulk_move",
    ],
)
def test_trainer_cannot_act_on_another_trainers_lesson(client, governed_index, action):
    from courses.models import ModulePage

    owner, other = trainer_create(), trainer_create()
    course = _course_with_trainer(governed_index, owner)
    own_course = _course_with_trainer(governed_index, other)
    lesson = lessons_of(course)[0]
    lesson.slug = "lekcja-trenera-a"  # free in the other course too
    lesson.save_revision().publish()
    lesson.title = "Szkic czekający na akceptację"
    lesson.save_revision()
    module = lesson.get_parent()
    own_module = ModulePage.objects.child_of(own_course).get()
    lessons_before = LessonPage.objects.count()
    _staff_client(client, other)
    pages = "wagtailadmin_pages:"
    url, data = {
        "delete": (reverse(pages + "delete", args=[lesson.pk]), {}),
        "unpublish": (reverse(pages + "unpublish", args=[lesson.pk]), {}),
        "lock": (reverse(pages + "lock", args=[lesson.pk]), {}),
        "copy": (
            reverse(pages + "copy", args=[lesson.pk]),
            {
                "new_title": "Kopia",
                "new_slug": "kopia",
                "new_parent_page": own_module.pk,
            },
        ),
        "move": (reverse(pages + "move_confirm", args=[lesson.pk, own_module.pk]), {}),
        "bulk_delete": (_bulk_url("delete", lesson), {}),
        "bulk_unpublish": (_bulk_url("unpublish", lesson), {}),
        "bulk_publish": (_bulk_url("publish", lesson), {}),
        "bulk_move": (
            _bulk_url("move", lesson),
            {"chooser": own_module.pk},
        ),
    }[action]
    client.post(url, data)
    after = LessonPage.objects.get(pk=lesson.pk)
    assert after.live and not after.locked
    assert after.title != "Szkic czekający na akceptację"
    assert after.get_parent().pk == module.pk
    assert LessonPage.objects.count() == lessons_before


def test_trainers_bulk_publish_of_own_lesson_publishes_nothing(client, governed_index):
    trainer = trainer_create()
    course = _course_with_trainer(governed_index, trainer)
    lesson = lessons_of(course)[0]
    lesson.title = "Zmiana czekająca na akceptację"
    lesson.save_revision()
    _staff_client(client, trainer)
    client.post(_bulk_url("publish", lesson))
    assert LessonPage.objects.get(pk=lesson.pk).title != lesson.title
