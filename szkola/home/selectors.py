"""Reads that belong to no single app."""

import datetime

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Revision

# How long after its last autosave a never-published draft still counts as
# the page the user is creating right now.
AUTOSAVED_DRAFT_WINDOW = datetime.timedelta(minutes=30)


def autosaved_draft_for(*, request, parent_page, page_class):
    """The draft that Wagtail's autosave has just created from this user's
    "new page" form, or None.

    Autosave creates the page on the server and then switches the editor to
    editing it; when the user saves or publishes before that switch (a slow
    answer, a dropped connection), the form is sent to the "create" URL once
    more and would fail with "slug already in use". It is that draft when it
    is a ``page_class`` child of ``parent_page`` with the submitted slug, the
    user owns it, it was never published, every revision of it is the
    user's, and its last one is recent."""
    user = request.user
    if not user.is_authenticated:
        return None
    slug = request.POST.get("slug") or slugify(request.POST.get("title", ""))
    if not slug:
        return None
    draft = (
        page_class.objects.child_of(parent_page)
        .filter(
            slug=slug,
            owner=user,
            live=False,
            first_published_at__isnull=True,
            latest_revision_created_at__gte=timezone.now() - AUTOSAVED_DRAFT_WINDOW,
        )
        .first()
    )
    if draft is None:
        return None
    if Revision.objects.for_instance(draft).exclude(user=user).exists():
        return None
    return draft
