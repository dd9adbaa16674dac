from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("dashboard/", views.caseload, name="caseload"),
    path("dashboard/supervisor/", views.supervisor, name="supervisor"),
    path("dashboard/flag-report/", views.flag_report_page, name="flag_report"),
    path("dashboard/flag-report.csv", views.flag_report_csv, name="flag_report_csv"),
    path("dashboard/therapists/<int:pk>/", views.therapist, name="therapist"),
    # The pages of one patient and one session draw on every app below, so they live here.
    path("patients/<int:pk>/", views.patient_detail, name="patient"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
]
