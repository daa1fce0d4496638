"""What a certificate is drawn from besides its completion: the template,
the issuing body and project, the date of birth where it is printed, the
learning outcomes as lines. Reads only; cached per bulk run by the caller."""

from datetime import date

from django.conf import settings

from szkola.accounts.models import User

from ..models import CertificateTemplate, IssuingBody, SourceKind


def template_for(*, kind: str, source_id: int, language: str):
    """The template linked to the source page, else the default for kind and
    language, else the default for the language; None draws the built-in one."""
    # Only courses and events are pages; a path's id is not a page id.
    linked = (
        CertificateTemplate.objects.filter(source_pages__id=source_id)
        .order_by("pk")
        .first()
        if kind != SourceKind.PATH
        else None
    )
    if linked:
        return linked
    defaults = CertificateTemplate.objects.filter(is_default=True, language=language)
    return (
        defaults.filter(kind=kind).order_by("pk").first()
        or defaults.filter(kind="").order_by("pk").first()
    )


def document_context(*, organiser: str, cache: dict) -> dict:
    """Issuer, place of issue and project for an organiser's certificates:
    the issuing body configured for the organiser (each ROPS issues its
    own), else the organisation in the site settings. Cached in ``cache``
    for a bulk run."""
    key = ("document", organiser)
    if key in cache:
        return cache[key]
    from wagtail.models import Site

    from szkola.home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else None
    body = IssuingBody.objects.filter(organiser=organiser).first()
    context = {
        "issuer_name": body.name
        if body
        else (
            site_settings.organisation_name if site_settings else "Szkoła Kooperacji"
        ),
        "issuer_address": body.address
        if body
        else (site_settings.organisation_address if site_settings else ""),
        "place_of_issue": body.place_of_issue if body else "",
        "project_title": site_settings.project_title if site_settings else "",
        "project_number": site_settings.project_number if site_settings else "",
    }
    cache[key] = context
    return context


def birth_date(user: User | None) -> date | None:
    """The participant's date of birth where they gave it, from the callable
    named by ``CERTIFICATES_BIRTH_DATE_PROVIDER`` (dotted path, ``user`` in,
    a date or None out): the certificates app keeps no personal data of its
    own. Unset: no date of birth is printed."""
    path = getattr(settings, "CERTIFICATES_BIRTH_DATE_PROVIDER", "")
    if not path or user is None:
        return None
    from django.utils.module_loading import import_string

    value = import_string(path)(user)
    return value if isinstance(value, date) else None


def outcome_lines(outcomes: list) -> list[str]:
    """The learning outcomes as the certificate prints them, one line each:
    plain text as the source sent it, or "category: outcome" for the
    assessed outcomes the evaluation app adds (dicts with ``category_label``
    and ``text``)."""
    lines = []
    for outcome in outcomes:
        if isinstance(outcome, dict):
            text = str(outcome.get("text") or "").strip()
            label = str(outcome.get("category_label") or "").strip()
            line = f"{label}: {text}" if label and text else text
        else:
            line = str(outcome).strip()
        if line:
            lines.append(line)
    return lines


def template_cached(*, kind: str, source_id: int, language: str, cache: dict | None):
    """``template_for``, looked up once per source and language when a bulk
    run passes its ``cache``."""
    key = (kind, source_id, language)
    if cache is not None and key in cache:
        return cache[key]
    template = template_for(kind=kind, source_id=source_id, language=language)
    if cache is not None:
        cache[key] = template
    return template
