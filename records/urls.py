from django.urls import path

from . import csv_views, views

app_name = "records"
urlpatterns = [
    path("patients/import/", csv_views.sessions_import_page, name="sessions_import"),
    path("patients/export.csv", csv_views.caseload_export, name="caseload_export"),
    path("patients/<int:pk>/export.csv", csv_views.patient_export, name="patient_export"),
    path("patients/<int:pk>/privacy/", views.patient_privacy, name="privacy"),
    path("patients/<int:pk>/everything.json", views.patient_export_everything, name="export_everything"),
]
