from django.contrib import admin

from .models import TherapySession


@admin.register(TherapySession)
class TherapySessionAdmin(admin.ModelAdmin):
    list_display = ["patient", "number", "date", "attendance", "modality", "therapist"]
    list_filter = ["attendance", "modality", "patient__clinic"]
    search_fields = ["patient__code"]
    raw_id_fields = ["patient", "therapist"]
