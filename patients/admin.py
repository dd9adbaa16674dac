from django.contrib import admin

from .models import Patient


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ["code", "alias", "clinic", "primary_therapist", "language", "active"]
    list_filter = ["clinic", "active", "language"]
    search_fields = ["code", "alias"]
    raw_id_fields = ["primary_therapist"]
