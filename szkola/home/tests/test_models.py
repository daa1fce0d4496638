from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from szkola.home.models import HomePage, StandardPage
from szkola.home.tests.factories import home_page, standard_page


class HomePageTests(WagtailPageTestCase):
    def test_is_routable(self):
        self.assertPageIsRoutable(home_page())

    def test_is_renderable(self):
        self.assertPageIsRenderable(home_page())

    def test_can_only_be_created_at_the_tree_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_cannot_be_created_under_a_standard_page(self):
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_allows_standard_pages_below(self):
        self.assertCanCreateAt(HomePage, StandardPage)


class StandardPageTests(WagtailPageTestCase):
    def test_is_routable(self):
        self.assertPageIsRoutable(standard_page())

    def test_is_renderable(self):
        self.assertPageIsRenderable(standard_page(lead="Wprowadzenie"))

    def test_parents_are_home_and_standard_pages(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_only_standard_pages_below(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_can_be_nested(self):
        self.assertCanCreateAt(StandardPage, StandardPage)
