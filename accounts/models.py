from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Clinic(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    THERAPIST = "therapist", _("Therapist")
    SUPERVISOR = "supervisor", _("Supervisor")
    CLINIC_ADMIN = "clinic_admin", _("Clinic admin")


class User(AbstractUser):
    """A member of a clinic's staff. Patients never have accounts."""

    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("clinic")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.THERAPIST)
    # The language of what is sent to the user (the daily digest); empty: the clinic's (LANGUAGE_CODE).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    digest_opt_out = models.BooleanField(
        _("no daily e-mail"), default=False, help_text=_("Do not send me the morning e-mail listing high flags.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            # Staff belong to a clinic; only Django superusers may stand outside one.
            models.CheckConstraint(
                condition=Q(clinic__isnull=False) | Q(is_superuser=True), name="user_clinic_required"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_therapist(self) -> bool:
        return self.role == Role.THERAPIST

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_clinic_admin(self) -> bool:
        return self.role == Role.CLINIC_ADMIN

    @property
    def registers_patients(self) -> bool:
        """Offered "New patient": a therapist registers their own patients, a clinic admin anyone's."""
        return self.role in (Role.THERAPIST, Role.CLINIC_ADMIN)


class Supervision(models.Model):
    """`supervisor` supervises `therapist`: they see that therapist's patients."""

    supervisor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supervisions_given")
    therapist = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supervisions_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "therapist"], name="supervision_unique"),
            models.CheckConstraint(condition=~Q(supervisor=F("therapist")), name="supervision_not_self"),
        ]

    def __str__(self):
        return f"{self.supervisor} → {self.therapist}"
