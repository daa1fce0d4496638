"""Images served through a permission check.

Images private to a course (in its materials collection, or used only by
its lessons: ``report_selectors.courses_guarding_file``) are as private as its
lessons, and no image is ever linked at its ``/media/`` address. Pages
render every image with a signed address of :class:`CheckedImageServeView`
(cheap for public images), and the ``/media/original_images/`` and ``/media/images/``
addresses are answered by :func:`media_image`, which applies the same check.
"""

import mimetypes

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.images import get_image_model
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import SourceImageIOError
from wagtail.images.utils import generate_signature, verify_signature
from wagtail.images.views.serve import ServeView

from . import report_selectors

ORIGINALS_PREFIX = "original_images/"
RENDITIONS_PREFIX = "images/"


def image_url(image, filter_spec: str) -> str:
    """Signed address of ``image`` resized by ``filter_spec`` (served by
    :class:`CheckedImageServeView`)."""
    signature = generate_signature(image.id, filter_spec)
    url = reverse("courses:image", args=(signature, image.id, filter_spec))
    return url + image.file.name.rsplit("/", 1)[-1]


def _cache_headers(response, *, public: bool):
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, max_age=3600)
        patch_vary_headers(response, ["Cookie"])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def _may_open(user, image) -> bool:
    """Whether ``image`` is public; PermissionDenied if it is private to
    courses (their materials collection, or used only inside them) and
    ``user`` may read none of those courses."""
    courses = report_selectors.courses_guarding_file(obj=image)
    if courses and not report_selectors.user_may_read_any_course(
        user=user, courses=courses
    ):
        raise PermissionDenied
    return not courses


class CheckedImageServeView(ServeView):
    """Wagtail's image serve view that first applies the course reader rule
    to images private to a course."""

    def get(self, request, signature, image_id, filter_spec, filename=None):
        if not verify_signature(signature.encode(), image_id, filter_spec):
            raise PermissionDenied
        image = get_object_or_404(self.model, id=image_id)
        public = _may_open(request.user, image)
        try:
            rendition = image.get_rendition(filter_spec)
        except SourceImageIOError:
            return HttpResponse(
                "Source image file not found", content_type="text/plain", status=410
            )
        except InvalidFilterSpecError:
            return HttpResponse(
                "Invalid filter spec", content_type="text/plain", status=400
            )
        return _cache_headers(self.serve(rendition), public=public)


serve = CheckedImageServeView.as_view()


def media_image(request, path):
    """``/media/original_images/…`` and ``/media/images/…``: the stored file
    of a known image or rendition, refused (403) to everyone who may not read
    a course the image is private to."""
    Image = get_image_model()
    if path.startswith(ORIGINALS_PREFIX):
        image = Image.objects.filter(file=path).only("id", "collection_id").first()
        stored = image.file if image else None
    elif path.startswith(RENDITIONS_PREFIX):
        rendition = (
            Image.get_rendition_model()
            .objects.filter(file=path)
            .select_related("image")
            .first()
        )
        image = rendition.image if rendition else None
        stored = rendition.file if rendition else None
    else:
        raise Http404
    if image is None:
        raise Http404
    public = _may_open(request.user, image)
    try:
        stored.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return _cache_headers(
        FileResponse(stored, content_type=content_type), public=public
    )
