"""Pages for tests: children of the site's HomePage (created by migration)."""

import factory
import wagtail_factories

from szkola.home.models import HomePage, StandardPage


def home_page() -> HomePage:
    return HomePage.objects.get()


def page_published_as_created(page):
    """Record a page that ``add_child`` has just saved live (a new page is
    live unless told otherwise) as published: a revision of it that is both
    its latest and its live one, the publishing dates, the history entry and
    the ``page_published`` signal, as ``page.save_revision().publish()``
    leaves them, without saving the page and its child rows twice more.
    Returns the revision."""
    from django.utils import timezone
    from wagtail.log_actions import log
    from wagtail.models import Page, Revision
    from wagtail.signals import page_published

    if not page.live or page.go_live_at:
        # Publishing would change what was saved, or only schedule it.
        revision = page.save_revision()
        revision.publish()
        return revision
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        content=page.serializable_data(),
        object_str=str(page),
    )
    now = timezone.now()
    published = {
        "live": True,
        "has_unpublished_changes": False,
        "expired": False,
        "draft_title": page.title,
        "latest_revision": revision,
        "latest_revision_created_at": revision.created_at,
        "live_revision": revision,
        "first_published_at": page.first_published_at or now,
        "last_published_at": now,
    }
    Page.objects.filter(pk=page.pk).update(**published)
    for name, value in published.items():
        setattr(page, name, value)
    log(
        instance=page, action="wagtail.publish", revision=revision, content_changed=True
    )
    page_published.send(sender=page.specific_class, instance=page, revision=revision)
    return revision


def site_tree_ensure() -> HomePage:
    """The HomePage under Wagtail's root, served by the default Site: what the
    migrations make, made again when a transactional test emptied the tables."""
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    home = HomePage.objects.first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is not None and site is not None and site.root_page_id == home.pk:
        return home
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root")
        )
        home = root.add_child(
            instance=HomePage(title="Szkoła Kooperacji", slug="home", live=True)
        )
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Szkoła Kooperacji",
        )
    else:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home


class StandardPageFactory(wagtail_factories.PageFactory):
    """A published StandardPage, under the HomePage unless ``parent`` is given;
    its slug follows the title as the editor would make it."""

    class Meta:
        model = StandardPage
        # Publishing saved it; a save of this (older) copy would undo that.
        skip_postgeneration_save = True

    parent = factory.LazyFunction(home_page)
    title = "Strona testowa"
    slug = factory.LazyAttribute(lambda page: page.title.lower().replace(" ", "-"))

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if create:
            page_published_as_created(page)


def standard_page(**fields) -> StandardPage:
    return StandardPageFactory(**fields)
