from django.urls import path

from . import views

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_create, name="create"),
    path("<int:pk>/", views.patient_detail, name="detail"),
    path("<int:pk>/edit/", views.patient_edit, name="edit"),
    path("<int:pk>/privacy/", views.patient_privacy, name="privacy"),
    path("<int:pk>/everything.json", views.patient_export_everything, name="export_everything"),
]
