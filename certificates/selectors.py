"""Reads of the certificates app."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from evaluation.selectors import certificate_outcomes
from szkola.accounts.permissions import (
    user_may_act_on_voivodeship,
    user_voivodeships_in_scope,
)

from .models import Certificate, Completion


def certificates_of_user(*, user) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(user=user)
        .select_related("superseded_by")
        .order_by("-issued_at")
    )


def certificate_of_source(*, user, source_kind: str, source_id: int) -> dict | None:
    """The person's certificate for one course, event or path, for the page
    that congratulates them on finishing it: ``{"certificate": the current
    certificate or None, "pending": True while a recorded completion waits
    for its certificate}``. None when there is neither."""
    if not user.is_authenticated:
        return None
    certificate = Certificate.objects.filter(
        user=user,
        source_kind=source_kind,
        source_id=source_id,
        superseded_at__isnull=True,
    ).first()
    if certificate is not None:
        return {"certificate": certificate, "pending": False}
    recorded = Completion.objects.filter(
        user=user, source_kind=source_kind, source_id=source_id
    ).exists()
    return {"certificate": None, "pending": True} if recorded else None


def certificate_by_code(*, code: str) -> Certificate | None:
    if not code or len(code) > 64:
        return None
    return Certificate.objects.select_related("superseded_by").filter(code=code).first()


def certificate_may_download(*, user, certificate: Certificate) -> bool:
    """The owner, coordinators of its organiser's voivodeship, superusers."""
    if not user.is_authenticated:
        return False
    if certificate.user_id == user.pk:
        return True
    return user_may_act_on_voivodeship(user, certificate.organiser)


def certificates_in_scope(*, user) -> QuerySet[Certificate]:
    qs = Certificate.objects.select_related("user", "issued_by", "superseded_by")
    scope = user_voivodeships_in_scope(user)
    if scope is None:
        return qs
    return qs.filter(organiser__in=scope)


def completions_in_scope(*, user) -> QuerySet[Completion]:
    qs = Completion.objects.select_related("user")
    scope = user_voivodeships_in_scope(user)
    if scope is None:
        return qs
    return qs.filter(organiser__in=scope)


def sources_in_scope(*, user) -> list[dict]:
    """Distinct sources (kind, id, title) with recorded completions."""
    rows = (
        completions_in_scope(user=user)
        .order_by("source_kind", "source_title", "source_id")
        .values("source_kind", "source_id", "source_title")
        .distinct()
    )
    return list(rows)


def certificates_of_users(*, user_ids: list[int]) -> dict[int, list[Certificate]]:
    """Per person, their current (not superseded) certificates, newest first:
    what a PZK team page lists for its members."""
    result: dict[int, list[Certificate]] = {}
    for certificate in Certificate.objects.filter(
        user_id__in=user_ids, superseded_at__isnull=True
    ).order_by("-issued_at"):
        result.setdefault(certificate.user_id, []).append(certificate)
    return result


def achievement_get(*, kind: str, source_id: int) -> dict | None:
    """What the public achievement page shows: the course or event as the
    latest certificate for it records it (title, hours, language), without
    anything about the people who earned it. None when nobody has one."""
    certificate = (
        Certificate.objects.filter(source_kind=kind, source_id=source_id)
        .order_by("-issued_at")
        .only("title", "hours", "language", "source_kind", "source_id", "organiser")
        .first()
    )
    if certificate is None:
        return None
    return {
        "kind": certificate.source_kind,
        "source_id": certificate.source_id,
        "title": certificate.title,
        "hours": certificate.hours,
        "language": certificate.language,
    }


def certificates_waiting_of_user(*, user) -> list[dict]:
    """The person's completions with no certificate yet, each with what it
    waits for (as the evaluation plan asks): [{"completion", "reason",
    "action_url", "action_label"}]. Without a known reason the certificate
    is simply being issued."""
    waiting = []
    completions = (
        Completion.objects.filter(user=user, certificates__isnull=True)
        .order_by("-received_at")
        .distinct()
    )
    for completion in completions:
        found = certificate_outcomes(
            user_id=user.pk,
            source_kind=completion.source_kind,
            source_id=completion.source_id,
        )
        row = {"completion": completion, "action_url": "", "action_label": ""}
        if found["post_test_required"] and not found["post_test_done"]:
            row["reason"] = _(
                "Zaświadczenie otrzymasz po rozwiązaniu testu wiedzy po zajęciach."
            )
            row["action_url"] = found["post_test_url"]
            row["action_label"] = _("Rozwiąż test wiedzy po zajęciach")
        elif found["required"] and not found["ready"]:
            row["reason"] = _(
                "Zaświadczenie otrzymasz, gdy asesor potwierdzi osiągnięte "
                "efekty uczenia się."
            )
        else:
            row["reason"] = _("Zaświadczenie jest w przygotowaniu.")
        waiting.append(row)
    return waiting
