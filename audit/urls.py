from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export.csv", views.audit_export, name="export"),
    path("staff/<int:pk>/two-factor-reset/", views.staff_two_factor_reset, name="staff_two_factor_reset"),
]
