from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("sessions/<int:pk>/measures/paper/", views.paper_entry, name="paper_entry"),
    path("clinic/instrument-wording/", views.wording, name="wording"),
]
