from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """What spans a patient's whole record: the privacy export and erasure, the sessions CSV. No models."""

    name = "records"
