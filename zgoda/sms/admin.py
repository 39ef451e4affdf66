from django.contrib import admin

from zgoda.lib.admin import ReadOnlyAdmin

from .models import Message


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "to", "status", "provider", "segments", "encoding")
    list_filter = ("kind", "status", "provider")
    search_fields = ("to", "provider_message_id")
