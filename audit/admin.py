from django.contrib import admin

from accounts.admin_readonly import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log is append-only (PostgreSQL refuses updates and deletes)."""

    list_display = ["at", "username", "action", "object_type", "object_id", "patient_id", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id", "path"]

    def has_delete_permission(self, request, obj=None):
        return False
