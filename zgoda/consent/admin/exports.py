"""Export audit log, the export itself as a streamed download for permitted staff, and the
check of an old export file against today's consents (which of its lines are stale)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zgoda.lib.admin import ReadOnlyAdmin

from ..forms import ExportForm
from ..internal.flows import export, stale
from ..models import ExportAudit

PERMISSION = "consent.export_consents"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "smsapi": "text/csv; charset=utf-8", "numbers": "text/plain; charset=utf-8"}


def filename(fmt) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"zgoda-{fmt}-{stamp}.{'txt' if fmt == 'numbers' else 'csv'}"


def streamed_export(request, filters):
    name = filename(filters.format)
    result = export.ExportResult()

    def body():
        try:
            yield from export.chunks(filters, result)
        finally:  # also when the download is cut short: the audit says it didn't complete
            export.audit(filters, result, channel=ExportAudit.Channel.ADMIN, actor=request.user,
                         actor_label=request.user.get_username(), destination=name)

    response = StreamingHttpResponse(body(), content_type=CONTENT_TYPES[filters.format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


class StaleExportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Plik z wcześniejszego eksportu"),
        help_text=gettext_lazy("CSV albo TXT: plik z eksportu (csv, smsapi, numbers) albo dowolna lista numerów, jeden w wierszu."),
    )


def streamed_stale(request, upload):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    result = stale.CheckResult()
    response = StreamingHttpResponse(stale.check(upload.chunks(), result), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="zgoda-nieaktualne-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@admin.register(ExportAudit)
class ExportAuditAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_label", "channel", "format", "row_count", "completed", "sha256")
    list_filter = ("channel", "format", "completed")
    change_list_template = "consent/admin/exportaudit_change_list.html"

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        check = self.admin_site.admin_view(self.stale_view)
        return [
            path("download/", download, name="consent_exportaudit_download"),
            path("stale/", check, name="consent_exportaudit_stale"),
            *super().get_urls(),
        ]

    def download_view(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        form = ExportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return streamed_export(request, form.cleaned_data["filters"])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Eksport numerów ze zgodą marketingową"),
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "consent/admin/export_form.html", context, status=400 if form.errors else 200)

    def stale_view(self, request):
        """A file exported earlier in, the lines that must no longer receive marketing out."""
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        form = StaleExportForm(request.POST, request.FILES) if request.method == "POST" else StaleExportForm()
        if form.is_bound and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stale.inspect(upload.chunks())
            except stale.StaleFileError as error:
                form.add_error("file", str(error))
            else:
                return streamed_stale(request, upload)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sprawdź stary eksport"),
            "opts": self.model._meta,
            "form": form,
            "reasons": [(code, str(text)) for code, text in stale.REASONS.items()],
        }
        return TemplateResponse(request, "consent/admin/stale_form.html", context, status=400 if form.errors else 200)

    def changelist_view(self, request, extra_context=None):
        extra = {"can_export": request.user.has_perm(PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra)
