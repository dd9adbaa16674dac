from django.urls import path

from . import csv_views, views

app_name = "measures"
urlpatterns = [
    path("sessions/<int:pk>/measures/paper/", views.paper_entry, name="paper_entry"),
    path("clinic/instrument-wording/", views.wording, name="wording"),
    path("patients/import/", csv_views.sessions_import_page, name="sessions_import"),
    path("patients/export.csv", csv_views.caseload_export, name="caseload_export"),
    path("patients/<int:pk>/export.csv", csv_views.patient_export, name="patient_export"),
]
