from django.urls import path

from .views import audit_log

# The audit page names patients by code and staff by name: it draws on apps above audit, so it lives here.
app_name = "audit"
urlpatterns = [
    path("", audit_log.audit_log, name="log"),
    path("export.csv", audit_log.audit_export, name="export"),
    path("staff/<int:pk>/two-factor-reset/", audit_log.staff_two_factor_reset, name="staff_two_factor_reset"),
]
