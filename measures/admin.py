from django.contrib import admin

from accounts.admin_readonly import ReadOnlyAdminMixin

from .models import InstrumentWording, SrsResponse, WaiResponse
from .patient_forms import admin as patient_forms_admin  # noqa: F401  (registers PatientFormAccess)


class ResponseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Responses are read-only here: scores are computed by the services, never typed in."""

    list_filter = ["instrument", "respondent", "channel", "language", "session__patient__clinic"]
    search_fields = ["session__patient__code", "submission_key"]
    date_hierarchy = "submitted_at"


@admin.register(SrsResponse)
class SrsResponseAdmin(ResponseAdmin):
    list_display = ["session", "total", "channel", "language", "submitted_at"]


@admin.register(WaiResponse)
class WaiResponseAdmin(ResponseAdmin):
    list_display = ["session", "instrument", "task", "bond", "goal", "total", "channel", "submitted_at"]


@admin.register(InstrumentWording)
class InstrumentWordingAdmin(admin.ModelAdmin):
    """Where a superuser loads or corrects a clinic's licensed wording item by item."""

    list_display = ["clinic", "instrument", "language", "item", "text", "updated_at"]
    list_filter = ["clinic", "instrument", "language"]
    search_fields = ["text"]
    ordering = ["clinic", "instrument", "language", "item"]
