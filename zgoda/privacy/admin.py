"""Staff's view of data-subject requests: open ones by deadline, registering a request
received by e-mail or letter, and carrying it out."""

from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from zgoda.lib.admin import ReadOnlyAdmin

from . import admin_labels, app_settings
from .forms import StaffRequestForm
from .internal.flows import staff
from .models import DataSubjectRequest, OptOutToken, PurgeRun


class DeadlineFilter(admin.SimpleListFilter):
    title = gettext_lazy("termin")
    parameter_name = "termin"

    def lookups(self, request, model_admin):
        return [
            ("overdue", gettext_lazy("po terminie")),
            ("soon", gettext_lazy("termin wkrótce")),
            ("open", gettext_lazy("wszystkie otwarte")),
        ]

    def queryset(self, request, queryset):
        now, open_ = timezone.now(), queryset.filter(status=DataSubjectRequest.Status.OPEN)
        if self.value() == "overdue":
            return open_.filter(deadline__lt=now)
        if self.value() == "soon":
            return open_.filter(deadline__lte=DataSubjectRequest.window_end(app_settings.request_deadline_warning_days()))
        if self.value() == "open":
            return open_
        return queryset


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(admin.ModelAdmin):
    form = StaffRequestForm
    list_display = ("__str__", "kind", "channel", "status", "received_at", "deadline", "time_left", "completed_at")
    list_filter = (DeadlineFilter, "status", "kind", "channel")
    date_hierarchy = "received_at"
    actions = ["carry_out", "reject"]
    readonly_fields = ("status", "deadline", "completed_at", "handled_by", "result_readable")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != DataSubjectRequest.Status.OPEN:
            return [f.name if f.name != "result" else "result_readable" for f in self.model._meta.fields if f.name != "id"]
        return self.readonly_fields

    @admin.display(description=gettext_lazy("wynik"))
    def result_readable(self, obj):
        return admin_labels.result_lines(obj.result)

    def has_delete_permission(self, request, obj=None):
        return False  # the log proves we answered; erasure scrubs what it must

    @admin.display(description=gettext_lazy("zostało"))
    def time_left(self, obj):
        left = obj.days_left
        if left is None:
            return "–"
        if left < 0:
            late = ngettext("%(n)d dzień po terminie", "%(n)d dni po terminie", -left) % {"n": -left}
            return format_html('<strong style="color:#b42318">{}</strong>', late)
        style = "color:#8a4b00;font-weight:600" if left <= app_settings.request_deadline_warning_days() else ""
        return format_html('<span style="{}">{}</span>', style, ngettext("%(n)d dzień", "%(n)d dni", left) % {"n": left})

    def changelist_view(self, request, extra_context=None):
        now = timezone.now()
        open_ = DataSubjectRequest.objects.filter(status=DataSubjectRequest.Status.OPEN)
        overdue = open_.filter(deadline__lt=now).count()
        soon = open_.filter(
            deadline__gte=now, deadline__lte=DataSubjectRequest.window_end(app_settings.request_deadline_warning_days())
        ).count()
        if overdue:
            messages.error(request, _("Wnioski po terminie: %(n)d.") % {"n": overdue})
        if soon:
            messages.warning(request, _("Wnioski z terminem w ciągu %(d)d dni: %(n)d.") % {
                "d": app_settings.request_deadline_warning_days(), "n": soon})
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.status = DataSubjectRequest.Status.OPEN
            staff.fill_subject(obj)
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Wykonaj wybrane wnioski"))
    def carry_out(self, request, queryset):
        chosen = list(queryset.filter(status=DataSubjectRequest.Status.OPEN))
        if not chosen:
            self.message_user(request, _("Wybierz otwarte wnioski."), messages.WARNING)
            return None
        downloads = [r for r in chosen if r.kind in (DataSubjectRequest.Kind.ACCESS, DataSubjectRequest.Kind.DOWNLOAD)]
        if downloads and len(chosen) > 1:
            self.message_user(request, _("Wnioski o wgląd i pobranie danych wykonuj pojedynczo: każdy daje plik."),
                              messages.ERROR)
            return None
        erasures = [r for r in chosen if r.kind == DataSubjectRequest.Kind.ERASURE]
        if erasures and request.POST.get("confirm") != "yes":
            context = {**self.admin_site.each_context(request), "title": _("Potwierdź usunięcie danych"),
                       "requests": chosen, "opts": self.model._meta,
                       "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
            return TemplateResponse(request, "privacy/admin/confirm_erasure.html", context)
        actor = request.user.get_username()
        for dsr in chosen:
            outcome = staff.carry_out(dsr, actor)
            if outcome.body is not None:
                response = HttpResponse(outcome.body, content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="wniosek-{dsr.pk}.json"'
                return response
            self.message_user(request, outcome.message, messages.SUCCESS if outcome.ok else messages.ERROR)
        return None

    @admin.action(description=gettext_lazy("Odrzuć wybrane wnioski"))
    def reject(self, request, queryset):
        count = queryset.filter(status=DataSubjectRequest.Status.OPEN).update(
            status=DataSubjectRequest.Status.REJECTED, completed_at=timezone.now(),
            handled_by=request.user.get_username(),
        )
        self.message_user(request, _("Odrzucono wnioski: %(n)d.") % {"n": count})


@admin.register(OptOutToken)
class OptOutTokenAdmin(ReadOnlyAdmin):
    list_display = ("token", "source", "created_at", "used_at", "erased_at")
    list_filter = ("source",)
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        return (queryset.filter(Q(pk=term)) if term else queryset), False

    search_fields = ("token",)


@admin.register(PurgeRun)
class PurgeRunAdmin(ReadOnlyAdmin):
    """What each application of the retention periods removed, per category."""

    list_display = ("started_at", "trigger", "removed", "summary")
    readonly_fields = ("started_at", "finished_at", "trigger", "counts_table")
    fields = readonly_fields

    @admin.display(description=gettext_lazy("usunięte lub wyczyszczone"))
    def removed(self, run):
        return run.total

    @admin.display(description=gettext_lazy("w tym"))
    def summary(self, run):
        return ", ".join(f"{admin_labels.category(key)} {count}" for key, count in sorted(run.counts.items()) if count) or "–"

    @admin.display(description=gettext_lazy("kategorie"))
    def counts_table(self, run):
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td></tr>",
                                ((admin_labels.category(key), count) for key, count in sorted(run.counts.items())))
        return format_html("<table>{}</table>", rows)
