import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection

from courses import services

from .factories import course_create, user_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _disk_storage(settings, tmp_path):
    # Wagtail streams documents from a local path.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def private_document():
    collection = Collection.get_first_root_node().add_child(name="Materiały kursu")
    course = course_create(materials_collection=collection)
    document = Document(title="Karta diagnozy", collection=collection)
    document.file.save("karta.txt", ContentFile(b"POUFNE"), save=False)
    document.save()
    return course, document


def test_public_document_still_opens(client):
    document = Document(title="Regulamin", collection=Collection.get_first_root_node())
    document.file.save("regulamin.txt", ContentFile(b"JAWNE"), save=False)
    document.save()
    course_create()
    assert client.get(document.url).status_code == 200


def _document_in_root(title="Karta pracy", content=b"TRESC LEKCJI"):
    document = Document(title=title, collection=Collection.get_first_root_node())
    document.file.save("karta-pracy.txt", ContentFile(content), save=False)
    document.save()
    return document


def _use_in_lesson(course, document):
    from .factories import lessons_of

    lesson = lessons_of(course)[0]
    lesson.body = [("document", {"document": document, "title": "Karta pracy"})]
    lesson.save_revision().publish()
    return lesson


@pytest.fixture
def lesson_document():
    """A document uploaded to the root collection and used only by a lesson."""
    course = course_create()
    document = _document_in_root()
    _use_in_lesson(course, document)
    return course, document


@pytest.fixture(params=["materials_collection", "lesson_only"])
def course_document(request):
    """A course's private document, (course, document, content): one in the
    course's materials collection, or one in the root collection used only by
    a lesson."""
    if request.param == "materials_collection":
        course, document = request.getfixturevalue("private_document")
        return course, document, b"POUFNE"
    course, document = request.getfixturevalue("lesson_document")
    return course, document, b"TRESC LEKCJI"


def test_course_document_is_refused_to_anonymous(client, course_document):
    _course, document, content = course_document
    response = client.get(document.url)
    assert response.status_code == 403
    assert content not in b"".join(
        getattr(response, "streaming_content", [response.content])
    )


def test_course_document_is_refused_to_not_enrolled(client, course_document):
    _course, document, _content = course_document
    client.force_login(user_create())
    assert client.get(document.url).status_code == 403


def test_course_document_opens_for_participant(client, course_document):
    course, document, content = course_document
    user = user_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_document_also_on_a_public_page_stays_public(client, lesson_document):
    course, document = lesson_document
    course.description = [("document", {"document": document, "title": "Karta pracy"})]
    course.save_revision().publish()
    assert client.get(document.url).status_code == 200


def test_lesson_document_is_private_as_soon_as_the_lesson_is_published(
    client, settings
):
    # With a task queue nobody works off, the reference index is updated by
    # the publication itself.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    course = course_create()
    document = _document_in_root()
    _use_in_lesson(course, document)
    assert client.get(document.url).status_code == 403
