from django.contrib import admin

from accounts.admin_readonly import ReadOnlyAdminMixin

from .models import Flag, PatientChecklistReview, SessionReview, TherapistChecklistReview


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by the review worker only: recompute with `manage.py review`, never by hand."""


@admin.register(SessionReview)
class SessionReviewAdmin(ReadOnlyAdmin):
    list_display = ["session", "risk_level", "computed_at"]
    list_filter = ["risk_level", "session__patient__clinic"]
    search_fields = ["session__patient__code"]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["session", "code", "severity", "status", "raised_at", "updated_at"]
    list_filter = ["status", "severity", "code", "session__patient__clinic"]
    search_fields = ["session__patient__code"]


@admin.register(TherapistChecklistReview)
class TherapistChecklistReviewAdmin(ReadOnlyAdmin):
    list_display = ["therapist", "supervision_points", "as_of"]


@admin.register(PatientChecklistReview)
class PatientChecklistReviewAdmin(ReadOnlyAdmin):
    list_display = ["patient", "supervision_points", "as_of"]
