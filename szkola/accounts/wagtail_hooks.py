"""Admin hooks of the access rules (accounts.permissions)."""

from wagtail import hooks

from .permissions import pages_visible_to


@hooks.register("construct_page_chooser_queryset")
def page_chooser_follows_the_organiser(pages, request):
    """The page chooser (links, copy and move destinations) does not list
    another organiser's events and courses to a voivodeship's coordinator."""
    return pages_visible_to(pages, request.user)
