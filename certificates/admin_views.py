"""Coordinator tools in the Wagtail admin: one certificate with its actions,
issue for one participant, bulk issue with progress, download a source's PDFs
as one ZIP or one merged PDF. Every view checks the coordinator's scope."""

import io
import zipfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from pypdf import PdfWriter

from szkola.accounts.permissions import user_is_coordinator, user_may_act_on_voivodeship

from .errors import CertificateError
from .models import BulkIssue, Certificate, Completion, SourceKind
from .selectors import certificates_in_scope, completions_in_scope, sources_in_scope
from .services import (
    bulk_issue_start,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from .storage import private_storage


def user_may_use_tools(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user_is_coordinator(user)))


def _require_tools(request) -> None:
    if not user_may_use_tools(request.user):
        raise PermissionDenied


class ReissueForm(forms.Form):
    recipient_name = forms.CharField(
        label=gettext_lazy("Imię i nazwisko na nowym zaświadczeniu"), max_length=200
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Powód unieważnienia"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def detail(request, pk: int):
    _require_tools(request)
    certificate = get_object_or_404(
        certificates_in_scope(user=request.user).select_related(
            "completion", "template"
        ),
        pk=pk,
    )
    return render(
        request,
        "certificates/admin/detail.html",
        {
            "certificate": certificate,
            # The name from the profile, where a correction is made first;
            # with the account deleted there is nobody to re-issue to.
            "reissue_form": ReissueForm(
                initial={"recipient_name": certificate.user.get_full_name()}
            )
            if certificate.user
            else None,
            "revoke_form": RevokeForm(),
        },
    )


def _act(request, pk: int, action):
    _require_tools(request)
    certificate = get_object_or_404(certificates_in_scope(user=request.user), pk=pk)
    try:
        result = action(certificate)
    except CertificateError as error:
        messages.error(request, error.message)
        return redirect("certificates_admin:detail", pk=certificate.pk)
    return redirect("certificates_admin:detail", pk=result.pk)


@require_POST
def reissue(request, pk: int):
    form = ReissueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Podaj imię i nazwisko."))
        return redirect("certificates_admin:detail", pk=pk)

    def action(certificate):
        new = certificate_reissue(
            certificate=certificate,
            actor=request.user,
            recipient_name=form.cleaned_data["recipient_name"],
        )
        messages.success(
            request,
            _("Wydano zaświadczenie %(new)s w miejsce %(old)s.")
            % {"new": new.number, "old": certificate.number},
        )
        return new

    return _act(request, pk, action)


def revoke(request, pk: int):
    """Revoking is destructive: GET shows what will change (the certificate
    and what its verification will say) with the reason to give; POST does
    it."""
    if request.method != "POST":
        _require_tools(request)
        certificate = get_object_or_404(certificates_in_scope(user=request.user), pk=pk)
        return render(
            request,
            "certificates/admin/revoke_confirm.html",
            {"certificate": certificate, "form": RevokeForm()},
        )
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Podaj powód unieważnienia."))
        return redirect("certificates_admin:revoke", pk=pk)

    def action(certificate):
        revoked = certificate_revoke(
            certificate=certificate,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request, _("Unieważniono zaświadczenie %(n)s.") % {"n": revoked.number}
        )
        return revoked

    return _act(request, pk, action)


class IssueOneForm(forms.Form):
    completion = forms.ModelChoiceField(
        label=gettext_lazy("Uczestnik i kurs lub wydarzenie"),
        queryset=Completion.objects.none(),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        issued = Certificate.objects.filter(superseded_at__isnull=True).values(
            "completion_id"
        )
        self.fields["completion"].queryset = (
            completions_in_scope(user=user)
            .exclude(pk__in=issued)
            .order_by("source_title", "user__last_name")
        )


def issue_one(request):
    _require_tools(request)
    form = IssueOneForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = certificate_issue(
                completion=form.cleaned_data["completion"], issued_by=request.user
            )
        except CertificateError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Wydano zaświadczenie %(n)s.") % {"n": certificate.number}
            )
            return redirect("certificates_admin:detail", pk=certificate.pk)
    return render(request, "certificates/admin/issue_one.html", {"form": form})


class SourceForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Kurs lub wydarzenie"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(SourceKind.choices)
        self.fields["source"].choices = [
            (
                f"{row['source_kind']}:{row['source_id']}",
                f"{row['source_title']} ({labels.get(row['source_kind'])})",
            )
            for row in sources_in_scope(user=user)
        ]

    def picked(self) -> tuple[str, int]:
        kind, source_id = self.cleaned_data["source"].split(":")
        return kind, int(source_id)


def bulk(request):
    _require_tools(request)
    form = SourceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        kind, source_id = form.picked()
        try:
            run = bulk_issue_start(
                source_kind=kind, source_id=source_id, actor=request.user
            )
        except CertificateError as error:
            form.add_error(None, error.message)
        else:
            return redirect("certificates_admin:bulk_progress", pk=run.pk)
    return render(
        request,
        "certificates/admin/bulk.html",
        {"form": form, "download_form": SourceForm(user=request.user)},
    )


def _bulk_in_scope(request, pk: int) -> BulkIssue:
    _require_tools(request)
    run = get_object_or_404(BulkIssue, pk=pk)
    first = Completion.objects.filter(
        source_kind=run.source_kind, source_id=run.source_id
    ).first()
    if first is None or not user_may_act_on_voivodeship(request.user, first.organiser):
        raise Http404
    return run


def bulk_progress(request, pk: int):
    run = _bulk_in_scope(request, pk)
    return render(request, "certificates/admin/bulk_progress.html", {"run": run})


def bulk_status(request, pk: int):
    return JsonResponse(_bulk_in_scope(request, pk).as_payload())


def download_source(request):
    """Every current, valid certificate of a source as one ZIP or one merged
    PDF for printing."""
    _require_tools(request)
    form = SourceForm(request.GET or None, user=request.user)
    if not form.is_valid():
        raise Http404
    kind, source_id = form.picked()
    certificates = list(
        certificates_in_scope(user=request.user)
        .filter(
            source_kind=kind,
            source_id=source_id,
            revoked_at__isnull=True,
            superseded_at__isnull=True,
        )
        .order_by("recipient_name")
    )
    if not certificates:
        raise Http404
    storage = private_storage()
    base = f"zaswiadczenia-{kind}-{source_id}"
    if request.GET.get("format") == "pdf":
        writer = PdfWriter()
        for certificate in certificates:
            with storage.open(certificate.pdf, "rb") as handle:
                writer.append(io.BytesIO(handle.read()))
        out = io.BytesIO()
        writer.write(out)
        response = HttpResponse(out.getvalue(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{base}.pdf"'
        return response
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            with storage.open(certificate.pdf, "rb") as handle:
                archive.writestr(
                    certificate.number.replace("/", "-") + ".pdf", handle.read()
                )
    response = HttpResponse(out.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{base}.zip"'
    return response


def admin_urls():
    from django.urls import path

    return [
        path("<int:pk>/", detail, name="detail"),
        path("<int:pk>/ponownie/", reissue, name="reissue"),
        path("<int:pk>/uniewaznij/", revoke, name="revoke"),
        path("wydaj/", issue_one, name="issue_one"),
        path("zbiorczo/", bulk, name="bulk"),
        path("zbiorczo/<int:pk>/", bulk_progress, name="bulk_progress"),
        path("zbiorczo/<int:pk>/status/", bulk_status, name="bulk_status"),
        path("pobierz/", download_source, name="download_source"),
    ]


def detail_url(certificate: Certificate) -> str:
    return reverse("certificates_admin:detail", args=[certificate.pk])
