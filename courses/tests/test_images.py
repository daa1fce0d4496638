import importlib
import io

import pytest
from django.core.files.images import ImageFile
from django.urls import clear_url_caches
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.rich_text import expand_db_html

from courses import services
from courses.images import image_url

from .factories import course_create, lessons_of, user_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _disk_storage(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def _image(collection, title="Schemat"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 10, 10)).save(buffer, "PNG")
    image = Image(title=title, collection=collection)
    image.file.save("schemat.png", ImageFile(buffer, name="schemat.png"), save=False)
    image.save()
    return image


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def private_image():
    collection = Collection.get_first_root_node().add_child(name="Materiały kursu")
    course = course_create(materials_collection=collection)
    return course, _image(collection)


@pytest.fixture
def public_image():
    course_create()
    return _image(Collection.get_first_root_node(), title="Logo")


def _lesson_with_image(course, image):
    lesson = lessons_of(course)[0]
    lesson.body = [
        ("image", {"image": image, "alt_text": "Schemat PZK", "caption": ""})
    ]
    lesson.save_revision().publish()
    return lesson


def test_private_image_refused_to_anonymous(client, private_image):
    _course, image = private_image
    response = client.get(image_url(image, "width-960"))
    assert response.status_code == 403
    assert b"PNG" not in _body(response)


def test_private_image_refused_to_not_enrolled(client, private_image):
    _course, image = private_image
    client.force_login(user_create())
    assert client.get(image_url(image, "width-960")).status_code == 403


def test_private_image_opens_for_participant(client, private_image):
    course, image = private_image
    user = user_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    response = client.get(image_url(image, "width-960"))
    assert response.status_code == 200
    assert _body(response).startswith(b"\x89PNG")
    assert "private" in response["Cache-Control"]


def test_private_image_with_tampered_signature_is_refused(client, private_image):
    course, image = private_image
    user = user_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    url = image_url(image, "width-960").replace("width-960", "width-100")
    assert client.get(url).status_code == 403


def test_public_image_opens_for_anonymous(client, public_image):
    response = client.get(image_url(public_image, "width-960"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


@pytest.fixture
def debug_urls(settings):
    """The URLconf as built with DEBUG on (it then has the media route)."""
    import szkola.urls

    settings.DEBUG = True
    importlib.reload(szkola.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(szkola.urls)
    clear_url_caches()


def test_raw_media_of_private_original_refused_to_outsider(client, private_image):
    _course, image = private_image
    client.force_login(user_create())
    response = client.get(image.file.url)
    assert image.file.url.startswith("/media/original_images/")
    assert response.status_code == 403
    assert b"PNG" not in _body(response)


def test_debug_media_route_does_not_serve_private_original(
    client, private_image, debug_urls
):
    _course, image = private_image
    client.force_login(user_create())
    response = client.get(image.file.url)
    assert response.status_code == 403
    assert b"PNG" not in _body(response)


def test_raw_media_of_private_rendition_refused_to_anonymous(client, private_image):
    _course, image = private_image
    rendition = image.get_rendition("width-960")
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 403
    assert b"PNG" not in _body(response)


def test_raw_media_of_public_rendition_still_opens(client, public_image):
    rendition = public_image.get_rendition("width-960")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert _body(response).startswith(b"\x89PNG")


def test_raw_media_of_unknown_image_file_is_not_found(client):
    assert client.get("/media/original_images/nic.png").status_code == 404


def test_lesson_page_links_image_through_checked_view(client, private_image):
    course, image = private_image
    lesson = _lesson_with_image(course, image)
    user = user_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    html = client.get(lesson.url).content.decode()
    assert f'src="{image_url(image, "width-960")}"' in html
    assert 'alt="Schemat PZK"' in html
    assert "/media/" not in html


def test_rich_text_image_links_through_checked_view(private_image):
    _course, image = private_image
    html = expand_db_html(
        f'<embed embedtype="image" id="{image.pk}" format="left" alt="Schemat"/>'
    )
    assert f'src="{image_url(image, "width-500")}"' in html
    assert "/media/" not in html


def test_lesson_page_with_image_stays_within_query_limit(client, private_image):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_queries import LESSON_PAGE_MAX_QUERIES

    course, image = private_image
    lesson = _lesson_with_image(course, image)
    user = user_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(lesson.url)
    assert response.status_code == 200
    assert len(queries) <= LESSON_PAGE_MAX_QUERIES, "\n".join(
        q["sql"][:600] for q in queries
    )


@pytest.fixture
def lesson_image():
    """An image uploaded to the root collection and used only by a lesson."""
    course = course_create()
    image = _image(Collection.get_first_root_node(), title="Mapa PZK")
    _lesson_with_image(course, image)
    return course, image


def test_image_used_only_by_a_lesson_is_refused_to_outsider(client, lesson_image):
    _course, image = lesson_image
    client.force_login(user_create())
    for url in (
        image_url(image, "width-960"),
        image.file.url,
        image.get_rendition("width-960").url,
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"PNG" not in _body(response)


def test_image_used_only_by_a_lesson_opens_for_participant(client, lesson_image):
    course, image = lesson_image
    user = user_create()
    services.enrolment_create(user=user, course=course)
    client.force_login(user)
    response = client.get(image_url(image, "width-960"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
