from django.apps import AppConfig


class AllianceConfig(AppConfig):
    """The project itself, as an app only to register its system checks."""

    name = "alliance"
    verbose_name = "Alliance"

    def ready(self):
        from . import checks  # noqa: F401 (registers the checks)
