from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Clinic
from audit.trackers import track_writes


class Language(models.TextChoices):
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")


@track_writes(fields=["id", "clinic"])
class Patient(models.Model):
    """A patient, known by a pseudonymous code; no name is stored."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients", verbose_name=_("clinic"))
    code = models.CharField(
        _("code"), max_length=32, help_text=_("Pseudonymous code, unique in the clinic. Never a name.")
    )
    alias = models.CharField(
        _("alias"), max_length=60, blank=True, help_text=_("Optional short alias shown to the care team.")
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    language = models.CharField(_("preferred language"), max_length=2, choices=Language.choices, default="es")
    primary_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="primary_patients",
        verbose_name=_("primary therapist"),
    )
    active = models.BooleanField(_("active"), default=True)
    consent_date = models.DateField(
        _("consent to measurement"), null=True, blank=True, help_text=_("Date the patient agreed to be measured.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(Lower("code"), "clinic", name="patient_code_unique_in_clinic"),
            models.CheckConstraint(condition=~Q(code=""), name="patient_code_not_empty"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="patient_language_valid"),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="patient_birth_year_range",
            ),
        ]

    def __str__(self):
        return f"{self.code} ({self.alias})" if self.alias else self.code

    def get_absolute_url(self):
        return reverse("dashboard:patient", args=[self.pk])
