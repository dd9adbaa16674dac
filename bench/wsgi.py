"""The WSGI entry point of the gunicorn that `make bench` starts: the project as deployed
(alliance.wsgi, same settings and middleware), with the floor's URL added (bench/urls.py).
Production serves alliance.wsgi, where the floor does not exist."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
settings.ROOT_URLCONF = "bench.urls"
application = get_wsgi_application()
