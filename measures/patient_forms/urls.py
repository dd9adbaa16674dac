from django.urls import path

from . import views

app_name = "patient_forms"
urlpatterns = [
    path("sessions/<int:pk>/measures/tablet-code/", views.tablet_code_issue, name="tablet_code_issue"),
    path("sessions/<int:pk>/measures/telehealth-link/", views.telehealth_link_issue, name="telehealth_link_issue"),
    path(
        "sessions/<int:pk>/measures/patient-forms/<int:access_pk>/withdraw/",
        views.patient_form_withdraw,
        name="patient_form_withdraw",
    ),
    path("tablet/", views.tablet, name="tablet"),
    path("p/<str:token>/", views.patient_form, name="form"),
]
