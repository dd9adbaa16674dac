from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("supervisor/", views.supervisor, name="supervisor"),
    path("therapists/<int:pk>/", views.therapist, name="therapist"),
]
