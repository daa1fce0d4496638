import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    QuizPage,
)
from szkola.home.models import HomePage, StandardPage

from .factories import course_create, lessons_of, quiz_of


class CourseTreeRulesTests(WagtailPageTestCase):
    def test_catalogue_sits_under_the_home_page(self):
        # Standard pages allow only standard pages below them.
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertCanNotCreateAt(StandardPage, CourseIndexPage)

    def test_catalogue_holds_only_courses(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})

    def test_course_holds_only_modules(self):
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})

    def test_module_holds_lessons_and_quizzes(self):
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, QuizPage})

    def test_lessons_and_quizzes_are_leaves(self):
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedSubpageTypes(QuizPage, set())

    def test_lesson_cannot_sit_under_a_course(self):
        self.assertCanNotCreateAt(CoursePage, LessonPage)

    def test_course_cannot_sit_at_the_root(self):
        self.assertCanNotCreateAt(Page, CoursePage)


class CoursePagesRenderTests(WagtailPageTestCase):
    def test_course_page_is_routable_and_renders(self):
        course = course_create()
        self.assertPageIsRoutable(course)
        self.assertPageIsRenderable(course)

    def test_catalogue_renders(self):
        course = course_create()
        self.assertPageIsRenderable(course.get_parent().specific)


@pytest.mark.django_db
def test_sitemap_lists_courses_but_no_lessons_or_quizzes(rf):
    from django.contrib.sites.requests import RequestSite
    from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

    course = course_create()
    request = rf.get("/")
    urls = Sitemap(request).get_urls(site=RequestSite(request))
    locations = {url["location"] for url in urls}
    assert any(location.endswith(course.url) for location in locations)
    private = [*lessons_of(course), quiz_of(course), course.get_children().first()]
    for page in private:
        assert not any(location.endswith(page.url) for location in locations)
