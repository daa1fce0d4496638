"""Wagtail pages of the courses app: catalogue → course → module → lesson/quiz.

Pages keep presentation only; who may read what is decided in selectors.py
and every write goes through services.py.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from szkola.accounts.constants import Organiser
from szkola.accounts.page_forms import OrganiserScopedPageForm
from szkola.accounts.permissions import (
    COORDINATORS_GROUP,
    LEADER_TEAM_GROUP,
    OrganiserScopedDescendant,
    OrganiserScopedPage,
    SharedContainerPage,
)
from szkola.home.blocks import SharedStreamBlock


class CourseTopic(models.TextChoices):
    MODEL = "model", _("Model kooperacji i PZK")
    DIAGNOSIS = "diagnosis", _("Diagnoza i praca z rodziną")
    LAW = "law", _("Podstawy prawne współpracy")
    OTHER = "other", _("Inne")


class CourseFormat(models.TextChoices):
    SELF_PACED = "self_paced", _("Samodzielna nauka online")
    TUTORED = "tutored", _("Online z trenerem")
    BLENDED = "blended", _("Kurs mieszany (online i spotkanie)")


class CachedRestrictionsMixin:
    """Serving a course page checks view restrictions from the cache (one
    query less per request). Aliases keep Wagtail's own lookup."""

    def get_view_restrictions(self):
        if self.alias_of_id:
            return super().get_view_restrictions()
        from .selectors import view_restrictions_for

        return view_restrictions_for(page=self)


class PrivatePreviewMixin:
    """Pages only course readers see: previews go through the same access
    check as serving, and a sitemap never lists them."""

    def serve_preview(self, request, mode_name):
        request.is_preview = True
        return self.serve(request)

    def get_sitemap_urls(self, request=None):
        return []


class CourseIndexPage(SharedContainerPage, Page):
    """The catalogue of courses (``/kursy/``).

    Coordinators add and edit courses of their voivodeship here (the rights
    follow the course's organiser, accounts.permissions); publishing goes
    through the approval workflow, and only the leader's team (and
    superusers) may publish straight past it."""

    container_group_permissions = {
        COORDINATORS_GROUP: ["add_page", "change_page", "lock_page", "unlock_page"],
        LEADER_TEAM_GROUP: ["publish_page"],
    }

    intro = models.TextField(_("wprowadzenie"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("katalog kursów")
        verbose_name_plural = _("katalogi kursów")

    def route(self, request, path_components):
        # One lookup by url_path instead of Wagtail's query per level: the
        # number of queries stays the same however deep the lesson sits.
        if path_components:
            from .selectors import page_by_url_path

            page = page_by_url_path(
                url_path=self.url_path + "/".join(path_components) + "/",
                levels=len(path_components),
            )
            if page is None or not page.live:
                raise Http404
            from wagtail.url_routing import RouteResult

            return RouteResult(page)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from .selectors import catalogue_for

        context = super().get_context(request, *args, **kwargs)
        context.update(
            catalogue_for(
                index=self,
                user=request.user,
                topic=request.GET.get("temat", ""),
                format=request.GET.get("forma", ""),
            )
        )
        return context


class CoursePage(OrganiserScopedPage, CachedRestrictionsMixin, Page):
    """A course: public description, enrolment, and the modules below it."""

    base_form_class = OrganiserScopedPageForm

    summary = models.TextField(_("streszczenie"))
    learning_outcomes = models.TextField(
        _("efekty uczenia się"),
        help_text=_("Jeden efekt w wierszu."),
        blank=True,
    )
    description = StreamField(
        SharedStreamBlock(), blank=True, verbose_name=_("opis kursu")
    )
    topic = models.CharField(
        _("temat"), max_length=20, choices=CourseTopic.choices, default="other"
    )
    format = models.CharField(
        _("forma"),
        max_length=20,
        choices=CourseFormat.choices,
        default=CourseFormat.SELF_PACED,
    )
    hours = models.DecimalField(
        _("liczba godzin"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    prerequisites = models.TextField(_("wymagania wstępne"), blank=True)
    organiser = models.CharField(
        _("organizator"),
        max_length=2,
        choices=Organiser.choices,
        default=Organiser.MACROREGION,
    )
    enrolment_opens_at = models.DateTimeField(_("zapisy od"), null=True, blank=True)
    enrolment_closes_at = models.DateTimeField(_("zapisy do"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("limit miejsc"),
        null=True,
        blank=True,
        help_text=_("Puste: bez limitu."),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="courses_trained",
        limit_choices_to={"profile__is_trainer": True},
        verbose_name=_("trenerzy"),
    )
    materials_collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kolekcja materiałów kursu"),
        help_text=_(
            "Dokumenty z tej kolekcji pobierają tylko uczestnicy kursu, jego "
            "trenerzy i koordynatorzy."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("format")]),
        FieldRowPanel([FieldPanel("hours"), FieldPanel("organiser")]),
        FieldPanel("prerequisites"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("enrolment_opens_at"),
                        FieldPanel("enrolment_closes_at"),
                    ]
                ),
                FieldPanel("capacity"),
            ],
            heading=_("Zapisy"),
        ),
        FieldPanel("trainers", permission="courses.assign_course_trainers"),
        FieldPanel("materials_collection"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.FilterField("topic"),
        index.FilterField("format"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("kurs")
        verbose_name_plural = _("kursy")

    @property
    def outcomes_list(self) -> list[str]:
        return [
            line.strip() for line in self.learning_outcomes.splitlines() if line.strip()
        ]

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, user=request.user))
        return context


class ModulePage(
    OrganiserScopedDescendant, PrivatePreviewMixin, CachedRestrictionsMixin, Page
):
    """A part of a course; its lessons and quizzes are its children."""

    intro = models.TextField(_("wprowadzenie"), blank=True)
    hours = models.DecimalField(
        _("liczba godzin"), max_digits=4, decimal_places=1, default=Decimal("1.0")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("hours")]
    # The module's text is shown to course readers only.
    search_fields = Page.search_fields
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage"]

    class Meta:
        verbose_name = _("moduł")
        verbose_name_plural = _("moduły")

    def serve(self, request, *args, **kwargs):
        return _serve_private(self, request, "courses/module_page.html")


class LessonPage(
    OrganiserScopedDescendant, PrivatePreviewMixin, CachedRestrictionsMixin, Page
):
    """A lesson: content for enrolled participants only."""

    body = StreamField(SharedStreamBlock(), blank=True, verbose_name=_("treść"))
    required = models.BooleanField(_("wymagana do ukończenia kursu"), default=True)
    duration_minutes = models.PositiveIntegerField(
        _("czas trwania (minuty)"), default=15
    )
    confirm_reading = models.BooleanField(
        _("wymagaj potwierdzenia zapoznania się"),
        default=False,
        help_text=_(
            "Uczestnik zaznacza, że zapoznał się z treścią, zanim oznaczy lekcję "
            "jako ukończoną."
        ),
    )
    confirm_text = models.CharField(
        _("treść potwierdzenia"),
        max_length=255,
        blank=True,
        default="Potwierdzam, że zapoznałam/zapoznałem się z treścią lekcji.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("duration_minutes")]),
        MultiFieldPanel(
            [FieldPanel("confirm_reading"), FieldPanel("confirm_text")],
            heading=_("Potwierdzenie"),
        ),
    ]
    # Only the title is indexed: search must never show a lesson's text to
    # someone who may not read the lesson.
    search_fields = Page.search_fields
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("lekcja")
        verbose_name_plural = _("lekcje")

    def serve(self, request, *args, **kwargs):
        return _serve_private(self, request, "courses/lesson_page.html")


class QuestionChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Odpowiedź"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Poprawna"), required=False)


class QuestionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Pytanie"))
    kind = blocks.ChoiceBlock(
        label=_("Rodzaj"),
        choices=[
            ("single", _("Jednokrotny wybór")),
            ("multiple", _("Wielokrotny wybór")),
        ],
        default="single",
    )
    choices = blocks.ListBlock(QuestionChoiceBlock(), label=_("Odpowiedzi"), min_num=2)
    feedback = blocks.TextBlock(label=_("Wyjaśnienie po wysłaniu"), required=False)

    class Meta:
        icon = "help"
        label = _("Pytanie")


class QuizQuestionsBlock(blocks.StreamBlock):
    question = QuestionBlock()


class CorrectAnswersShown(models.TextChoices):
    """When a participant sees which answers were correct (and the
    explanations) on an attempt's result page."""

    PASSED_OR_NO_ATTEMPTS_LEFT = (
        "passed_or_exhausted",
        _("po zaliczeniu lub wyczerpaniu prób"),
    )
    AFTER_EVERY_ATTEMPT = "every_attempt", _("zawsze po próbie")
    NEVER = "never", _("nigdy")


class QuizPage(
    OrganiserScopedDescendant, PrivatePreviewMixin, CachedRestrictionsMixin, Page
):
    """A quiz: questions are scored on the server; the correct answers are
    never rendered before the attempt is submitted."""

    intro = models.TextField(_("wprowadzenie"), blank=True)
    questions = StreamField(QuizQuestionsBlock(), verbose_name=_("pytania"))
    pass_mark = models.PositiveSmallIntegerField(
        _("próg zaliczenia (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("limit podejść"), default=3, help_text=_("0: bez limitu.")
    )
    shuffle = models.BooleanField(_("losowa kolejność pytań"), default=False)
    show_correct_answers = models.CharField(
        _("Pokazuj poprawne odpowiedzi"),
        max_length=20,
        choices=CorrectAnswersShown.choices,
        default=CorrectAnswersShown.PASSED_OR_NO_ATTEMPTS_LEFT,
        help_text=_(
            "Dotyczy też wyjaśnień do pytań. Do tego czasu uczestnik widzi tylko "
            "swoje odpowiedzi i to, które pytania rozwiązał poprawnie."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldRowPanel(
            [FieldPanel("pass_mark"), FieldPanel("max_attempts"), FieldPanel("shuffle")]
        ),
        FieldPanel("show_correct_answers"),
    ]
    search_fields = Page.search_fields
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("testy")

    def question_map(self) -> dict:
        """{question_id: {"text", "kind", "feedback", "choices": {id: (text, correct)}}}"""
        result = {}
        for block in self.questions:
            if block.block_type != "question":
                continue
            choices = {}
            for item in block.value["choices"].bound_blocks:
                choices[str(item.id)] = (
                    item.value["text"],
                    bool(item.value["correct"]),
                )
            result[str(block.id)] = {
                "text": block.value["text"],
                "kind": block.value["kind"],
                "feedback": block.value["feedback"],
                "choices": choices,
            }
        return result

    def serve(self, request, *args, **kwargs):
        return _serve_private(self, request, "courses/quiz_page.html")


def _serve_private(page, request, template: str):
    """Render a course's inner page for people who may read it; everyone
    else (anonymous, not enrolled) gets an invitation to enrol, never the
    content. Previews go through here too."""
    from .selectors import private_page_context

    context = private_page_context(page=page, request=request)
    if not context["may_read"]:
        return TemplateResponse(
            request, "courses/enrol_invitation.html", context, status=403
        )
    return TemplateResponse(request, template, context)
