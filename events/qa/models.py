"""Live Q&A and polls: a room per event day or conference session, its
questions with votes, and single-choice polls. Everything is stored, so a
page that reloads or reconnects shows the same state."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

QUESTION_MAX_LENGTH = 500


class QARoom(models.Model):
    """The live room of one event day or one conference session."""

    event = models.ForeignKey(
        "events.EventPage",
        on_delete=models.CASCADE,
        related_name="qa_rooms",
        verbose_name=_("wydarzenie"),
    )
    # Kept when an editor removes the day or the session from the page:
    # the questions asked remain for the export.
    day = models.ForeignKey(
        "events.EventDay",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qa_rooms",
        verbose_name=_("dzień"),
    )
    session = models.ForeignKey(
        "events.ProgrammeItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qa_rooms",
        verbose_name=_("sesja"),
    )
    title = models.CharField(_("nazwa"), max_length=255)
    premoderation = models.BooleanField(
        _("pytania czekają na akceptację moderatora"), default=False
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_qa_rooms",
        verbose_name=_("trenerzy moderujący"),
    )
    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)

    class Meta:
        verbose_name = _("pokój pytań na żywo")
        verbose_name_plural = _("pokoje pytań na żywo")
        constraints = [
            models.UniqueConstraint(
                fields=["day"],
                condition=models.Q(session__isnull=True, day__isnull=False),
                name="events_qaroom_one_per_day",
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(session__isnull=False),
                name="events_qaroom_one_per_session",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("czeka na akceptację")
        APPROVED = "approved", _("widoczne")
        HIDDEN = "hidden", _("ukryte")

    room = models.ForeignKey(QARoom, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    author_name = models.CharField(_("autor"), max_length=255)
    text = models.TextField(_("pytanie"), max_length=QUESTION_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPROVED
    )
    answered = models.BooleanField(_("odpowiedziano"), default=False)
    pinned = models.BooleanField(_("przypięte"), default=False)
    votes_count = models.PositiveIntegerField(_("głosy"), default=0)
    created_at = models.DateTimeField(_("zadano"), default=timezone.now)

    class Meta:
        verbose_name = _("pytanie")
        verbose_name_plural = _("pytania")
        ordering = ["-pinned", "answered", "-votes_count", "created_at", "pk"]
        indexes = [models.Index(fields=["room", "author", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    def as_payload(self) -> dict:
        return {
            "id": self.pk,
            "text": self.text,
            "author": self.author_name,
            "status": self.status,
            "answered": self.answered,
            "pinned": self.pinned,
            "votes": self.votes_count,
            "created_at": self.created_at.isoformat(),
        }


class QuestionVote(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("głos na pytanie")
        verbose_name_plural = _("głosy na pytania")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "user"], name="events_questionvote_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.question_id}"


class Poll(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("otwarta")
        CLOSED = "closed", _("zamknięta")

    room = models.ForeignKey(QARoom, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(_("pytanie"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("otwarto"), default=timezone.now)
    closed_at = models.DateTimeField(_("zamknięto"), null=True, blank=True)

    class Meta:
        verbose_name = _("ankieta")
        verbose_name_plural = _("ankiety")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.question

    def as_payload(self) -> dict:
        """Options must be prefetched (``options``) with ``votes_total``
        annotated, as the selectors do."""
        options = [
            {"id": o.pk, "label": o.label, "votes": o.votes_total}
            for o in self.options.all()
        ]
        return {
            "id": self.pk,
            "question": self.question,
            "status": self.status,
            "options": options,
            "total": sum(o["votes"] for o in options),
        }


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("odpowiedź"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("odpowiedź ankiety")
        verbose_name_plural = _("odpowiedzi ankiety")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("głos w ankiecie")
        verbose_name_plural = _("głosy w ankietach")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"], name="events_pollvote_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.option_id}"
