"""Participant pages, public verification, and the published issuer data."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from szkola.accounts.permissions import (
    client_address,
    rate_limit_hit,
    second_factor_gate,
)

from . import openbadges
from .models import Certificate
from .selectors import (
    achievement_get,
    certificate_by_code,
    certificate_may_download,
    certificates_of_user,
    certificates_waiting_of_user,
)
from .services import verification_url
from .storage import private_storage

VERIFY_LIMIT = 10  # attempts per client address per window
VERIFY_WINDOW = 60  # seconds


def _rate_limited(request, *, count: bool = True) -> bool:
    """A counter per client address (counted as allauth's login limits are,
    behind ALLAUTH_TRUSTED_PROXY_COUNT proxies): past the limit every lookup
    is refused, so codes and numbers cannot be tried in bulk."""
    limit = getattr(settings, "CERTIFICATES_VERIFY_LIMIT", VERIFY_LIMIT)
    prefix = getattr(
        settings, "CERTIFICATES_VERIFY_CACHE_PREFIX", "certificates:verify"
    )
    return rate_limit_hit(
        key=f"{prefix}:{client_address(request)}",
        limit=limit,
        window=VERIFY_WINDOW,
        count=count,
    )


def _too_many(request):
    return render(request, "certificates/verify_limited.html", status=429)


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Numer zaświadczenia"),
        max_length=64,
        help_text=gettext_lazy("Na przykład SK/2021/00042."),
    )
    code = forms.CharField(
        label=gettext_lazy("Kod weryfikacyjny"),
        max_length=64,
        help_text=gettext_lazy("Kod wydrukowany pod kodem QR."),
    )


def _verification_context(certificate: Certificate) -> dict:
    return {
        "certificate": certificate,
        "status": certificate.status,
        "superseded_by": getattr(certificate, "superseded_by", None)
        if certificate.superseded_at
        else None,
    }


@never_cache
def verify_form(request):
    form = VerifyForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if _rate_limited(request):
            return _too_many(request)
        if form.is_valid():
            certificate = certificate_by_code(code=form.cleaned_data["code"].strip())
            number = form.cleaned_data["number"].strip().upper()
            if certificate is not None and certificate.number.upper() == number:
                context.update(_verification_context(certificate))
                return render(request, "certificates/verify_result.html", context)
            context["not_found"] = True
            return render(request, "certificates/verify.html", context, status=404)
    return render(request, "certificates/verify.html", context)


@never_cache
@require_GET
def verify_code(request, code: str):
    # Only misses count towards the limit: a QR scanned many times is fine,
    # guessing is not.
    if _rate_limited(request, count=False):
        return _too_many(request)
    certificate = certificate_by_code(code=code)
    if certificate is None:
        _rate_limited(request)
        return render(
            request,
            "certificates/verify.html",
            {"form": VerifyForm(), "not_found": True},
            status=404,
        )
    return render(
        request, "certificates/verify_result.html", _verification_context(certificate)
    )


def linkedin_url(certificate: Certificate) -> str:
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.title,
        "organizationName": getattr(settings, "WAGTAIL_SITE_NAME", "Szkoła Kooperacji"),
        "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month,
        "certUrl": verification_url(certificate.code),
        "certId": certificate.number,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


@login_required
def mine(request):
    certificates = list(certificates_of_user(user=request.user))
    rows = [
        {
            "certificate": c,
            "verify_url": verification_url(c.code),
            "linkedin_url": linkedin_url(c),
        }
        for c in certificates
    ]
    waiting = certificates_waiting_of_user(user=request.user)
    return render(request, "certificates/mine.html", {"rows": rows, "waiting": waiting})


def _own_or_staff(request, pk: int) -> Certificate:
    certificate = get_object_or_404(Certificate, pk=pk)
    if not certificate_may_download(user=request.user, certificate=certificate):
        # The same answer as for a missing one: no hint that it exists.
        raise Http404
    return certificate


def _second_factor_redirect(request, certificate: Certificate):
    """Someone else's certificate is personal data: staff open it only in a
    session that used the second factor, as in the admin. None when allowed."""
    if certificate.user_id == request.user.pk:
        return None
    return second_factor_gate(request)


@login_required
def download(request, pk: int):
    certificate = _own_or_staff(request, pk)
    if gated := _second_factor_redirect(request, certificate):
        return gated
    storage = private_storage()
    if not certificate.pdf or not storage.exists(certificate.pdf):
        raise Http404
    filename = certificate.number.replace("/", "-") + ".pdf"
    response = FileResponse(
        storage.open(certificate.pdf, "rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=filename,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def open_badge(request, pk: int):
    certificate = _own_or_staff(request, pk)
    if gated := _second_factor_redirect(request, certificate):
        return gated
    if certificate.user is None:  # account deleted: no identity to bind
        raise Http404
    try:
        token = openbadges.credential_jwt(certificate=certificate)
    except openbadges.SigningKeyMissing:
        # manage.py check refuses such a deployment; should one run anyway,
        # the participant gets a message, not a server error.
        messages.error(
            request,
            _(
                "Poświadczenie Open Badges jest chwilowo niedostępne. "
                "Spróbuj później albo napisz do koordynatora."
            ),
        )
        return redirect("certificates:mine")
    response = HttpResponse(token, content_type="application/vc+jwt")
    filename = certificate.number.replace("/", "-") + "-open-badge.jwt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _public(response):
    """Published issuer data is read by browser-based verifiers on other
    origins: allow them (no credentials, read-only)."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(data) -> JsonResponse:
    return _public(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


@require_GET
@cache_control(max_age=3600, public=True)
def issuer(request):
    return _json(openbadges.issuer_profile())


@require_GET
@cache_control(max_age=3600, public=True)
def jwks(request):
    return _json({"keys": [openbadges.public_jwk()]})


@require_GET
@cache_control(max_age=3600, public=True)
def jwk(request, thumbprint: str):
    """The signing key on its own: what a credential's ``kid`` points at."""
    if thumbprint != openbadges.key_thumbprint():
        raise Http404
    return _json(openbadges.public_jwk())


@require_GET
@cache_control(max_age=300, public=True)
def status_list(request):
    """The revocation list as a signed VC-JWT; ``?format=json`` gives the
    plain credential for reading."""
    credential = openbadges.status_list_credential()
    if request.GET.get("format") == "json":
        return _json(credential)
    return _public(
        HttpResponse(openbadges.sign(credential), content_type="application/vc+jwt")
    )


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return request.GET.get("format") == "json" or (
        "json" in accept and "text/html" not in accept
    )


@require_GET
@cache_control(max_age=3600, public=True)
def achievement(request, kind: str, source_id: int):
    """The public page an achievement's ``id`` resolves to: HTML for people,
    the OB ``Achievement`` as JSON for verifiers (``Accept: application/json``
    or ``?format=json``)."""
    data = achievement_get(kind=kind, source_id=source_id)
    if data is None:
        raise Http404
    description = openbadges.achievement_description(
        title=data["title"], kind=kind, hours=data["hours"], language=data["language"]
    )
    if _wants_json(request):
        return _json(
            {
                "@context": [openbadges.VC_CONTEXT, openbadges.OB_CONTEXT],
                **openbadges.achievement_build(
                    kind=kind,
                    source_id=source_id,
                    title=data["title"],
                    hours=data["hours"],
                    language=data["language"],
                ),
                "creator": openbadges.issuer_summary(),
            }
        )
    response = render(
        request,
        "certificates/achievement.html",
        {
            "achievement": data,
            "description": description,
            "issuer": openbadges.issuer_summary(),
            "json_url": request.path + "?format=json",
        },
    )
    response["Vary"] = "Accept"
    return response
