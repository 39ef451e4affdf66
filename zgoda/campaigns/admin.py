"""Staff side: the composer (change form + live counter), state buttons, test send,
report with charts and the per-recipient CSV; the landing-page builder."""

from django.contrib import admin, messages
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zgoda.sms import api as sms

from .forms import CampaignForm, LandingPageForm, TestSendForm
from .internal.flows import audience, charts, compose, dispatch, preview, report, testsend
from .models import Campaign, LandingPage

# Sending starts only from the confirmation page (confirm_view), never from a bare button.
ACTIONS = {"draft": dispatch.back_to_draft, "pause": dispatch.pause, "resume": dispatch.resume,
           "cancel": dispatch.cancel}
C = Campaign.State
# The buttons each state offers (a draft is sent through the confirmation page; only a draft
# can be changed, so a scheduled one to be changed goes back to draft first).
STATE_ACTIONS = {
    C.DRAFT: ["send"], C.SCHEDULED: ["draft", "pause", "cancel"], C.SENDING: ["pause", "cancel"],
    C.PAUSED: ["resume", "cancel"], C.DONE: [], C.CANCELLED: [],
}  # fmt: skip
ACTION_LABELS = {"send": gettext_lazy("Wyślij…"), "draft": gettext_lazy("Wróć do szkicu"),
                 "pause": gettext_lazy("Wstrzymaj"), "resume": gettext_lazy("Wznów"),
                 "cancel": gettext_lazy("Anuluj kampanię")}  # fmt: skip


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignForm
    # The report beside the name: on a phone the figures' columns give way (composer.css), it stays.
    list_display = ("name", "report_link", "state", "recipients_column", "sent_delivered_column", "clicks_column",
                    "optouts_column")  # fmt: skip
    list_filter = ("state", "provider")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    change_form_template = "campaigns/admin/change_form.html"
    actions = ["pause_selected", "resume_selected", "cancel_selected"]

    class Media:
        js = ("campaigns/composer.js",)
        css = {"all": ("campaigns/composer.css",)}

    # --- the list: each campaign's figures in one query, and its report --------------------------
    def get_queryset(self, request):
        campaigns = super().get_queryset(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "campaigns_campaign_changelist":
            campaigns = report.with_list_figures(campaigns)
        return campaigns

    @admin.display(description=gettext_lazy("odbiorcy"), ordering="audience_size")
    def recipients_column(self, obj):
        return getattr(obj, "n_recipients", None) or obj.audience_size

    @admin.display(description=gettext_lazy("wysłane / doręczone"))
    def sent_delivered_column(self, obj):
        return f"{getattr(obj, 'n_sent', 0)} / {getattr(obj, 'n_delivered', 0)}"

    @admin.display(description=gettext_lazy("kliknięcia"))
    def clicks_column(self, obj):
        return getattr(obj, "n_clicks", 0)

    @admin.display(description=gettext_lazy("wypisy"))
    def optouts_column(self, obj):
        return getattr(obj, "n_optouts", 0)

    @admin.display(description=gettext_lazy("raport"))
    def report_link(self, obj):
        return format_html('<a class="report-link" href="{}">{}</a>',
                           reverse("admin:campaigns_report", args=[obj.pk]), _("Raport"))

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not obj.editable:
            # the picker only edits the text; the batch lease is the sender's business; the
            # recipients are counted when sending starts (the snapshot), not before
            hidden = {"landing_page", "next_run_at"} | ({"audience_size"} if obj.started_at is None else set())
            fields = [f for f in fields if f not in hidden]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.editable:
            return [f.name for f in Campaign._meta.fields if f.name != "id"]
        return ("state",)

    # Only a draft is changed or deleted: past it the page is read-only (no save or delete
    # buttons, and a POST is refused), while the state buttons below still act on it.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.state == C.DRAFT)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if form.analysis is not None and form.analysis.multi_segment:
            messages.warning(request, _("Uwaga: wiadomość ze stopką ma %(n)d części SMS: każda kosztuje osobno.")
                             % {"n": form.analysis.segments})

    def get_urls(self):
        own = [
            path("analyze/", self.admin_site.admin_view(self.analyze_view), name="campaigns_analyze"),
            path("<int:pk>/state/<str:action>/", self.admin_site.admin_view(self.state_view),
                 name="campaigns_state"),
            path("<int:pk>/test/", self.admin_site.admin_view(self.test_view), name="campaigns_test"),
            path("<int:pk>/send/", self.admin_site.admin_view(self.confirm_view), name="campaigns_confirm"),
            path("<int:pk>/report/", self.admin_site.admin_view(self.report_view), name="campaigns_report"),
            path("<int:pk>/report.csv", self.admin_site.admin_view(self.csv_view), name="campaigns_csv"),
        ]  # fmt: skip
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        campaign = Campaign.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        actions = STATE_ACTIONS.get(campaign.state, []) if campaign else []
        extra = {
            "test_form": TestSendForm(), "state_actions": [(a, ACTION_LABELS[a]) for a in actions],
            "can_test": campaign is not None and campaign.state not in (C.DONE, C.CANCELLED),
            **(extra_context or {}),
        }  # fmt: skip
        return super().change_view(request, object_id, form_url, extra)

    def response_add(self, request, obj, post_url_continue=None):
        if "_send" in request.POST:
            return redirect(reverse("admin:campaigns_confirm", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_send" in request.POST:
            return redirect(reverse("admin:campaigns_confirm", args=[obj.pk]))
        return super().response_change(request, obj)

    # --- "Send": what it will do, confirmed, then scheduled -------------------------------------
    def confirm_view(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        if not self.has_change_permission(request):
            raise Http404
        if campaign.state != C.DRAFT:
            messages.error(request, _("Wysłać można tylko szkic kampanii (ta jest w stanie „%(state)s”).")
                           % {"state": campaign.get_state_display()})
            return self._back(pk)
        shown = preview.build(campaign)
        if request.method == "POST":
            if request.POST.get("fingerprint") != shown.fingerprint:
                messages.error(request, _("Kampania zmieniła się od chwili, gdy otworzono potwierdzenie: "
                                          "sprawdź liczby jeszcze raz."))
                return redirect(reverse("admin:campaigns_confirm", args=[pk]))
            try:
                dispatch.schedule(campaign)
            except dispatch.StateError as error:
                messages.error(request, str(error))
                return self._back(pk)
            campaign.refresh_from_db()
            messages.success(request, _("Wysyłka zaplanowana: %(n)d odbiorców. Stan kampanii: %(state)s.")
                             % {"n": shown.recipients, "state": campaign.get_state_display()})
            return self._back(pk)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "campaign": campaign,
            "original": campaign, "preview": shown, "currency": sms.currency(),
            "later": campaign.send_at is not None and campaign.send_at > timezone.now(),  # scheduled, not sent now
            "title": _("Wysłać kampanię „%(name)s”?") % {"name": campaign.name},
            "quiet_days": ", ".join(str(WEEKDAYS[d]) for d in shown.quiet_days),
        }  # fmt: skip
        return TemplateResponse(request, "campaigns/admin/confirm.html", context)

    # --- live counter: the server's numbers for the text and filters being typed -------------
    def analyze_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise Http404
        text = request.GET.get("text", "")
        errors = compose.text_errors(text)
        try:
            recipients = audience.count(language=request.GET.get("language", ""),
                                        since_day=_day(request.GET.get("consent_since")),
                                        twofa=request.GET.get("twofa", "") if request.GET.get("twofa") in
                                        ("yes", "no") else "")
        except ValueError:
            recipients, errors = 0, [*errors, _("Zła data: podaj RRRR-MM-DD.")]
        numbers = compose.composer_numbers(text, recipients, request.GET.get("provider", ""),
                                           request.GET.get("language", ""))  # the footer in the campaign's language
        return JsonResponse({**numbers, "errors": errors})

    # --- state buttons ------------------------------------------------------------------------
    @staticmethod
    def _back(pk):
        return redirect(reverse("admin:campaigns_campaign_change", args=[pk]))

    def state_view(self, request, pk, action):
        campaign = get_object_or_404(Campaign, pk=pk)
        if request.method != "POST" or action not in ACTIONS or not self.has_change_permission(request):
            raise Http404
        try:
            ACTIONS[action](campaign)
        except dispatch.StateError as error:
            messages.error(request, str(error))
        else:
            campaign.refresh_from_db()
            messages.success(request, _("Stan kampanii: %(state)s.") % {"state": campaign.get_state_display()})
        return self._back(pk)

    def test_view(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request):
            raise Http404
        form = TestSendForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["phone"]))
            return self._back(pk)
        problem = testsend.send_test(campaign, form.cleaned_data["phone"], request.user)
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, _("Wysłaliśmy SMS testowy na %(phone)s.") % {"phone": form.cleaned_data["phone"]})
        return self._back(pk)

    # --- report ------------------------------------------------------------------------------
    def report_view(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        if not self.has_view_or_change_permission(request, campaign):
            raise Http404
        figures = report.figures(campaign)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "campaign": campaign,
            "figures": figures, "currency": sms.currency(),
            "title": _("Raport: %(name)s") % {"name": campaign.name},
            "funnel_chart": charts.funnel(figures),
            "clicks_chart": charts.clicks_over_time(report.clicks_per_hour(campaign)),
            "full_numbers": request.user.has_perm("campaigns.view_full_phone"),
        }  # fmt: skip
        return TemplateResponse(request, "campaigns/admin/report.html", context)

    def csv_view(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        if not self.has_view_or_change_permission(request, campaign):
            raise Http404
        full = request.user.has_perm("campaigns.view_full_phone")
        response = StreamingHttpResponse(report.csv_rows(campaign, full), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kampania-{campaign.slug}.csv"'
        return response

    # --- list actions ---------------------------------------------------------------------------
    def _bulk(self, request, queryset, action):
        done = 0
        for campaign in queryset:
            try:
                ACTIONS[action](campaign)
                done += 1
            except dispatch.StateError as error:
                messages.error(request, f"{campaign}: {error}")
        if done:
            messages.success(request, _("Zmieniono kampanii: %(n)d.") % {"n": done})

    @admin.action(description=gettext_lazy("Wstrzymaj wybrane kampanie"))
    def pause_selected(self, request, queryset):
        self._bulk(request, queryset, "pause")

    @admin.action(description=gettext_lazy("Wznów wybrane kampanie"))
    def resume_selected(self, request, queryset):
        self._bulk(request, queryset, "resume")

    @admin.action(description=gettext_lazy("Anuluj wybrane kampanie"))
    def cancel_selected(self, request, queryset):
        self._bulk(request, queryset, "cancel")


def _day(raw):
    from datetime import date

    return date.fromisoformat(raw) if raw else None


@admin.register(LandingPage)
class LandingPageAdmin(admin.ModelAdmin):
    form = LandingPageForm
    list_display = ("title", "slug", "cta_label", "created_at")
    prepopulated_fields = {"slug": ("title",)}
