from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("flags/<int:pk>/acknowledge/", views.flag_acknowledge, name="flag_acknowledge"),
    path("flags/<int:pk>/resolve/", views.flag_resolve, name="flag_resolve"),
]
