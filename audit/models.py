"""The audit log: who read or changed which patient data, when and from where.

Append-only: PostgreSQL refuses UPDATE and DELETE on the table (a trigger
installed by django-pgtrigger), whatever the application asks. Rows name
objects by id only, never by their content, so erasing a patient leaves the
log intact and free of their data. No foreign keys: the log outlives what it
names. The write events of patient data are models of this app too, declared
on the tracked models (`audit.trackers.track_writes`).
"""

import pgtrigger
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("Read")
    LIST = "list", _("Listed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    IMPORT = "import", _("Imported")
    ERASE = "erase", _("Erased")
    DENIED = "denied", _("Access refused")
    REASSIGN = "reassign", _("Therapist changed")
    # Privileges (accounts.signals.staff_changed) and sign-in (audit.receivers).
    DEACTIVATE = "deactivate", _("Deactivated")
    REACTIVATE = "reactivate", _("Reactivated")
    ROLE = "role", _("Role changed")
    SUPERVISION = "supervision", _("Supervision changed")
    TWO_FACTOR_ON = "two_factor_on", _("Two-factor set up")
    TWO_FACTOR_OFF = "two_factor_off", _("Two-factor removed")
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Locked out")
    SIGN_OUT = "sign_out", _("Signed out")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    clinic_id = models.BigIntegerField(_("clinic"), null=True, db_index=True)
    user_id = models.BigIntegerField(_("user id"), null=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    patient_id = models.BigIntegerField(_("patient id"), null=True, db_index=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(action__in=Action.values), name="audit_action_valid")]
        indexes = [models.Index(fields=["clinic_id", "-at"])]
        triggers = [
            pgtrigger.Protect(name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"
