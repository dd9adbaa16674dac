from django.contrib import admin

from accounts.admin_readonly import ReadOnlyAdminMixin

from .models import PatientFormAccess


@admin.register(PatientFormAccess)
class PatientFormAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: codes and links are issued from the session page; their digests are never shown."""

    list_display = [
        "session",
        "kind",
        "issued_by",
        "issued_at",
        "expires_at",
        "opened_at",
        "submitted_at",
        "retired_at",
    ]
    list_filter = ["kind", "session__patient__clinic"]
    search_fields = ["session__patient__code", "submission_key"]
    date_hierarchy = "issued_at"
    fields = list_display[:] + ["include_wai", "submission_key"]
    readonly_fields = fields
