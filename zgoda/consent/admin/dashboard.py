"""The consent dashboard: counts, rates, a weekly chart drawn on the server (no CDN)."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from zgoda.lib.admin import ReadOnlyAdmin

from ..internal.flows import stats
from ..models import ConsentDashboard

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 600, 160, 6


def chart(weeks):
    """Bars for an inline SVG: coordinates computed here, so the template only draws."""
    if not weeks:
        return {"bars": [], "width": CHART_WIDTH, "height": CHART_HEIGHT}
    slot = CHART_WIDTH / len(weeks)
    bars = []
    for i, week in enumerate(weeks):
        height = round(week.height * (CHART_HEIGHT - 20), 1)
        bars.append({
            "x": round(i * slot + BAR_GAP / 2, 1), "width": round(slot - BAR_GAP, 1),
            "y": round(CHART_HEIGHT - height, 1), "height": height,
            "label_x": round(i * slot + slot / 2, 1), "label_y": round(CHART_HEIGHT - height - 4, 1),
            "count": week.count, "start": week.start,
        })
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT}


@admin.register(ConsentDashboard)
class ConsentDashboardAdmin(ReadOnlyAdmin):
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and (
            request.user.has_perm("consent.view_consentevent") or request.user.has_perm("consent.view_consentdashboard")
        )

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        figures = stats.dashboard()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Panel zgód"),
            "opts": self.model._meta,
            "figures": figures,
            "chart": chart(figures["weeks"]),
            "can_export": request.user.has_perm("consent.export_consents"),
        }
        return TemplateResponse(request, "consent/admin/dashboard.html", context)
