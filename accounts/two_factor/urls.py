from django.urls import path

from . import views

app_name = "two_factor"
urlpatterns = [
    path("", views.status, name="status"),
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("disable/", views.disable, name="disable"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
