from django.urls import path

from . import views

app_name = "sessions"
urlpatterns = [
    path("patients/<int:patient_pk>/sessions/new/", views.session_create, name="create"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="edit"),
]
