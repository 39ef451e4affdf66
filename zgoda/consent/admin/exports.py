"""Export audit log, and the export itself as a streamed download for permitted staff."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib.admin import ReadOnlyAdmin

from ..forms import ExportForm
from ..internal.flows import export
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


@admin.register(ExportAudit)
class ExportAuditAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_label", "channel", "format", "row_count", "completed", "sha256")
    list_filter = ("channel", "format", "completed")
    change_list_template = "consent/admin/exportaudit_change_list.html"

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        return [path("download/", download, name="consent_exportaudit_download"), *super().get_urls()]

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

    def changelist_view(self, request, extra_context=None):
        extra = {"can_export": request.user.has_perm(PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra)
