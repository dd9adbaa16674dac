from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TherapySessionsConfig(AppConfig):
    # The label must differ from django.contrib.sessions' "sessions".
    name = "sessions"
    label = "therapy_sessions"
    verbose_name = _("Therapy sessions")
