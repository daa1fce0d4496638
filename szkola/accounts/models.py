from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import CoordinatorScope, InstitutionSector, Voivodeship


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with their email address.

    First and last name stay on the user (AbstractUser's fields) because
    Django, Wagtail and allauth all read them there; the rest of the personal
    and institutional data is in ``Profile``.
    """

    username = None
    email = models.EmailField(_("adres e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("użytkownik")
        verbose_name_plural = _("użytkownicy")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    institution_name = models.CharField(
        _("nazwa instytucji"), max_length=255, blank=True
    )
    institution_sector = models.CharField(
        _("sektor instytucji"),
        max_length=20,
        choices=InstitutionSector.choices,
        blank=True,
    )
    position = models.CharField(_("stanowisko"), max_length=150, blank=True)
    gmina = models.CharField(_("gmina"), max_length=100, blank=True)
    powiat = models.CharField(_("powiat"), max_length=100, blank=True)
    voivodeship = models.CharField(
        _("województwo"), max_length=2, choices=Voivodeship.choices, blank=True
    )
    pzk_team = models.CharField(
        _("Partnerski Zespół Kooperacji"),
        max_length=200,
        blank=True,
        help_text=_("Nazwa PZK, jeśli należysz do zespołu."),
    )
    # Roles beyond "participant" (which everyone is). Groups and Wagtail
    # permissions are derived from these by services.role_set().
    is_trainer = models.BooleanField(_("trener"), default=False)
    coordinator_scope = models.CharField(
        _("zakres koordynatora"),
        max_length=2,
        choices=CoordinatorScope.choices,
        blank=True,
        default="",
    )
    # The assessor role (ocena efektów uczenia się), per voivodeship like a
    # coordinator's scope; granted by coordinators (services.assessor_role_set).
    assessor_scope = models.CharField(
        _("zakres asesora"),
        max_length=2,
        choices=CoordinatorScope.choices,
        blank=True,
        default="",
    )

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profile")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinator_scope)

    @property
    def is_complete(self) -> bool:
        return all(
            [
                self.user.first_name,
                self.user.last_name,
                self.institution_name,
                self.institution_sector,
                self.voivodeship,
            ]
        )


class Consent(models.Model):
    """A consent as given: who, which text version, when."""

    class Kind(models.TextChoices):
        RODO = "rodo", _("przetwarzanie danych osobowych (RODO)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices)
    version = models.CharField(_("wersja treści"), max_length=20)
    given_at = models.DateTimeField(_("udzielono"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("wycofano"), null=True, blank=True)

    class Meta:
        verbose_name = _("zgoda")
        verbose_name_plural = _("zgody")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class AuditEntry(models.Model):
    """Who did what to which object, and when. Written by services only."""

    at = models.DateTimeField(_("kiedy"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kto"),
    )
    action = models.CharField(_("czynność"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("obiekt"), max_length=255, blank=True)
    data = models.JSONField(_("szczegóły"), default=dict, blank=True)

    class Meta:
        verbose_name = _("wpis dziennika zdarzeń")
        verbose_name_plural = _("dziennik zdarzeń")
        ordering = ["-at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
