"""Demo data for certificates, called by ``seed_demo``. Idempotent.

Issues certificates for every recorded completion (courses and events send
their completion signals while they seed, so the table is usually filled and
most certificates are already issued by then); revokes one and re-issues
another after a name correction, and creates the default Polish and English
templates.
"""

from django.db import transaction

from szkola.accounts.models import User
from szkola.home import demo_people

from ..constants import DEFAULT_BODY_EN
from ..errors import CertificateError
from ..models import (
    Certificate,
    CertificateTemplate,
    Completion,
    IssuingBody,
)
from ..services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    completion_record,
)
from .data import FALLBACK_SOURCES, ISSUING_BODIES, SIGNATORIES


def _issuing_bodies(stdout) -> None:
    for organiser, name, place in ISSUING_BODIES:
        _body, created = IssuingBody.objects.get_or_create(
            organiser=organiser, defaults={"name": name, "place_of_issue": place}
        )
        if created:
            stdout.write(f"  certificates: issuing body {name}\n")


def _templates(stdout) -> None:
    for title, language, heading, body in [
        ("Domyślny szablon (polski)", "pl", "ZAŚWIADCZENIE", None),
        ("Default template (English)", "en", "CERTIFICATE", DEFAULT_BODY_EN),
    ]:
        template, created = CertificateTemplate.objects.get_or_create(
            title=title,
            defaults={
                "language": language,
                "heading": heading,
                "is_default": True,
                "programme_heading": "Program" if language == "pl" else "Programme",
                "signatories": SIGNATORIES,
                **({"body": body} if body else {}),
            },
        )
        if created:
            template.save_revision()
            stdout.write(f"  certificates: template {title}\n")


def _actor() -> User | None:
    return (
        User.objects.filter(email=demo_people.LEADER_COORDINATOR_EMAIL).first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )


def prepare(*, stdout) -> None:
    """The issuing bodies and the templates (with their signatories): made
    before any app seeds, as courses and events issue certificates for the
    completions they record."""
    _issuing_bodies(stdout)
    _templates(stdout)


def seed(*, home=None, stdout) -> None:
    prepare(stdout=stdout)
    if not Completion.objects.exists():
        participants = list(
            User.objects.filter(email__in=demo_people.PARTICIPANT_EMAILS[:6])
        )
        for user in participants:
            for source in FALLBACK_SOURCES:
                completion_record(user_id=user.pk, source=source)
    issued = 0
    for completion in Completion.objects.order_by("pk"):
        already = completion.certificates.exists()
        try:
            certificate_issue(completion=completion)
        except CertificateError as error:
            stdout.write(f"  certificates: skipped {completion}: {error.message}\n")
            continue
        issued += 0 if already else 1
    stdout.write(f"  certificates: {issued} issued\n")

    actor = _actor()
    if actor is None:
        return
    valid = Certificate.objects.filter(
        revoked_at__isnull=True, superseded_at__isnull=True, supersedes__isnull=True
    ).order_by("year", "sequence")
    with transaction.atomic():
        if not Certificate.objects.filter(revoked_at__isnull=False).exists():
            target = valid.first()
            if target is not None:
                certificate_revoke(
                    certificate=target,
                    actor=actor,
                    reason="Wydane omyłkowo: uczestnik nie ukończył szkolenia (dane demonstracyjne).",
                )
                stdout.write(f"  certificates: revoked {target.number}\n")
    if not Certificate.objects.filter(supersedes__isnull=False).exists():
        target = valid.exclude(revoked_at__isnull=False).first()
        if target is not None:
            corrected = f"{target.recipient_name} (korekta)"
            if target.user.get_full_name():
                corrected = target.user.get_full_name() + "-Nowak"
            new = certificate_reissue(
                certificate=target, actor=actor, recipient_name=corrected
            )
            stdout.write(f"  certificates: re-issued {target.number} as {new.number}\n")
