"""Records of the evaluation app: the standard (learning outcomes), the
knowledge tests, the assessment and the anonymous satisfaction survey.

A course or an event is referred to by ``source_kind`` + ``source_id`` (the
page id), the same pair certificates use, so this app needs no foreign key
into the pages and the lower apps need nothing from here.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    COURSE = "course", _("kurs online")
    EVENT = "event", _("wydarzenie")


class OutcomeCategory(models.TextChoices):
    KNOWLEDGE = "knowledge", _("wiedza")
    SKILLS = "skills", _("umiejętności")
    SOCIAL = "social", _("kompetencje społeczne")


class VerificationMethod(models.TextChoices):
    POST_TEST = "post_test", _("test końcowy")
    TASK = "task", _("zadanie praktyczne")
    OBSERVATION = "observation", _("obserwacja")
    INTERVIEW = "interview", _("rozmowa walidacyjna")


class EvaluationPlan(models.Model):
    """Everything evaluated about one course or event: its settings, its
    learning outcomes (below), who taught and who assesses."""

    source_kind = models.CharField(
        _("rodzaj źródła"), max_length=10, choices=SourceKind.choices
    )
    source_id = models.PositiveIntegerField(_("id źródła"))
    question_bank = models.ForeignKey(
        "courses.QuizPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bank pytań (test z kursu)"),
        help_text=_(
            "Test przed i test po zajęciach zadają pytania tego testu, "
            "oceniane na serwerze."
        ),
    )
    post_test_required = models.BooleanField(
        _("test końcowy wymagany do ukończenia"), default=False
    )
    certificate_requires_assessment = models.BooleanField(
        _("zaświadczenie wymaga oceny efektów"),
        default=False,
        help_text=_(
            "Zaświadczenie zostanie wydane po potwierdzeniu efektów przez "
            "asesora i wymieni osiągnięte efekty."
        ),
    )
    outcomes_version = models.PositiveIntegerField(_("wersja efektów"), default=1)
    # Events name their speakers as text; the people who taught (and so may
    # never assess) are recorded here. A course's trainers count as well.
    teaching_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("prowadzący zajęcia"),
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="evaluation_assessor_plans",
        verbose_name=_("asesorzy"),
    )

    class Meta:
        verbose_name = _("plan ewaluacji")
        verbose_name_plural = _("plany ewaluacji")
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id"], name="evaluation_plan_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_kind_display()} #{self.source_id}"


class LearningOutcome(models.Model):
    """One learning outcome of the standard (wzorzec)."""

    plan = models.ForeignKey(
        EvaluationPlan, on_delete=models.CASCADE, related_name="outcomes"
    )
    category = models.CharField(
        _("kategoria"), max_length=12, choices=OutcomeCategory.choices
    )
    text = models.TextField(_("efekt uczenia się"))
    criteria = models.TextField(_("kryteria weryfikacji"))
    method = models.CharField(
        _("metoda weryfikacji"), max_length=12, choices=VerificationMethod.choices
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("efekt uczenia się")
        verbose_name_plural = _("efekty uczenia się")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class OutcomeVersion(models.Model):
    """The outcomes as they were saved, one row per version (the history)."""

    plan = models.ForeignKey(
        EvaluationPlan, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("wersja"))
    outcomes = models.JSONField(_("efekty"), default=list)
    reason = models.TextField(_("powód zmiany"), blank=True)
    after_start = models.BooleanField(_("zmiana po rozpoczęciu"), default=False)
    saved_at = models.DateTimeField(_("zapisano"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kto"),
    )

    class Meta:
        verbose_name = _("wersja efektów")
        verbose_name_plural = _("wersje efektów")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "version"], name="evaluation_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"


class TestPhase(models.TextChoices):
    PRE = "pre", _("test przed zajęciami")
    POST = "post", _("test po zajęciach")


class TestResult(models.Model):
    """A participant's pre- or post-test: taken online (scored on the
    server) or on paper (score entered by a coordinator)."""

    __test__ = False  # not a test class, whatever pytest reads in its name

    plan = models.ForeignKey(
        EvaluationPlan, on_delete=models.CASCADE, related_name="test_results"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="evaluation_test_results",
        verbose_name=_("uczestnik"),
    )
    phase = models.CharField(_("test"), max_length=4, choices=TestPhase.choices)
    answers = models.JSONField(_("odpowiedzi"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("wynik (%)"))
    submitted_at = models.DateTimeField(_("kiedy"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("wpisał (test papierowy)"),
    )

    class Meta:
        verbose_name = _("wynik testu wiedzy")
        verbose_name_plural = _("wyniki testów wiedzy")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "user", "phase"], name="evaluation_test_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.phase} {self.user_id}: {self.score}%"


class OutcomeAssessment(models.Model):
    """An assessor's decision on one outcome for one participant."""

    plan = models.ForeignKey(
        EvaluationPlan, on_delete=models.CASCADE, related_name="assessments"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="evaluation_assessments",
        verbose_name=_("uczestnik"),
    )
    outcome = models.ForeignKey(
        LearningOutcome, on_delete=models.CASCADE, related_name="assessments"
    )
    achieved = models.BooleanField(_("efekt osiągnięty"))
    method = models.CharField(
        _("metoda"), max_length=12, choices=VerificationMethod.choices
    )
    assessed_on = models.DateField(_("data oceny"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("asesor"),
    )
    recorded_at = models.DateTimeField(_("zapisano"))

    class Meta:
        verbose_name = _("ocena efektu")
        verbose_name_plural = _("oceny efektów")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "outcome"], name="evaluation_assessment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.outcome_id} {self.achieved}"


# --- Anonymous satisfaction survey ----------------------------------------
#
# Anonymity by construction, not by promise: nothing stored links an answer
# to a person, also for someone reading the raw tables.
# - Who has answered is one sorted list of user ids per survey
#   (SurveyRespondents): no row per person, so no insertion order and no time.
# - Scale answers are only counters per question and value (SurveyTally):
#   there is no response row at all, so nothing to order or to join.
# - Open answers are rows with a random primary key and no time, no user and
#   no response id, so neither their ids nor their order in an export follow
#   the order people answered in (SQLite keeps rows in primary-key order).


def _random_key() -> int:
    return secrets.randbits(62) + 1


class Survey(models.Model):
    """A satisfaction survey after one event day, or after a course."""

    plan = models.ForeignKey(
        EvaluationPlan, on_delete=models.CASCADE, related_name="surveys"
    )
    # 0: the whole course or event (not NULL: SQLite cannot keep a unique
    # constraint that treats NULLs as equal).
    event_day_id = models.PositiveIntegerField(_("dzień wydarzenia"), default=0)
    title = models.CharField(_("tytuł"), max_length=200)
    # [{"key": "q1", "kind": "scale" | "open", "text": "..."}]
    questions = models.JSONField(_("pytania"), default=list)
    reminded_at = models.DateTimeField(_("przypomniano"), null=True, blank=True)

    class Meta:
        verbose_name = _("ankieta ewaluacyjna")
        verbose_name_plural = _("ankiety ewaluacyjne")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "event_day_id"],
                name="evaluation_survey_day_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SurveyRespondents(models.Model):
    """Who has answered one survey: a sorted list of user ids. Linked to the
    survey only, never to an answer."""

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, related_name="respondents"
    )
    user_ids = models.JSONField(default=list)

    class Meta:
        verbose_name = _("lista osób, które odpowiedziały")
        verbose_name_plural = _("listy osób, które odpowiedziały")

    def __str__(self) -> str:
        return f"{self.survey_id}: {len(self.user_ids)}"


class SurveyTally(models.Model):
    """How many answers gave ``value`` (1–5) to one scale question."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question_key = models.CharField(max_length=20)
    value = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("licznik odpowiedzi")
        verbose_name_plural = _("liczniki odpowiedzi")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question_key", "value"],
                name="evaluation_tally_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_key}={self.value}: {self.count}"


class SurveyOpenAnswer(models.Model):
    """The text of one open answer: no person, no time, a random id."""

    id = models.BigIntegerField(primary_key=True, default=_random_key, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question_key = models.CharField(max_length=20)
    text = models.TextField()

    class Meta:
        verbose_name = _("odpowiedź otwarta")
        verbose_name_plural = _("odpowiedzi otwarte")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]
