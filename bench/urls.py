"""The project's URLs plus the floor of the submission benchmark; served only by bench/wsgi.py."""

from django.urls import path

from alliance.urls import urlpatterns as project_urlpatterns

from .floor import floor

urlpatterns = [*project_urlpatterns, path("bench/floor/", floor, name="bench_floor")]
