from django.contrib import admin

from zgoda.lib.admin import ReadOnlyAdmin

from ..models import ConsentEvent, ContactPoint, SecurityInvitation, Suppression


@admin.register(ConsentEvent)
class ConsentEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "purpose", "action", "text", "source", "phone", "ip")
    list_filter = ("purpose", "action", "source")
    search_fields = ("user__email", "phone")
    date_hierarchy = "created_at"
    list_select_related = ("user", "text")
    show_full_result_count = False


@admin.register(ContactPoint)
class ContactPointAdmin(ReadOnlyAdmin):
    list_display = ("user", "phone", "confirmed_at", "via_words")
    fields = ("user", "number_subject", "phone", "confirmed_at", "via_words")
    readonly_fields = ("via_words",)
    search_fields = ("user__email", "phone")
    list_select_related = ("user",)
    show_full_result_count = False

    @admin.display(description=ContactPoint._meta.get_field("via").verbose_name, ordering="via")
    def via_words(self, obj):
        return obj.get_via_display()


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "reason", "phone_hash")


@admin.register(SecurityInvitation)
class SecurityInvitationAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "user", "email", "sent_by")
    search_fields = ("email",)
    date_hierarchy = "sent_at"
    list_select_related = ("user",)
