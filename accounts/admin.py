from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Clinic, Supervision, User


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "clinic", "role", "is_active"]
    list_filter = ["clinic", "role", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Clinic"), {"fields": ["clinic", "role"]}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Clinic"), {"fields": ["clinic", "role"]}))


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin):
    list_display = ["supervisor", "therapist", "created_at"]
    list_filter = ["supervisor__clinic"]
