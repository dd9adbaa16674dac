"""What the review worker writes: one review per session, one flag per rule that
fired, and the checklist review per therapist and per patient.

A flag stores the rule's code and evidence (numbers), never prose: its
explanation and repair step are rendered in the reader's language from the
code (`review/texts.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patients.models import Patient
from sessions.models import TherapySession

from .rules import RULES
from .texts import RULE_TITLES


class RiskLevel(models.TextChoices):
    NONE = "none", _("No risk")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Severity(models.TextChoices):
    INFO = "info", _("Information")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class FlagStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("flag status", "Open")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("flag status", "Acknowledged")
    RESOLVED = "resolved", pgettext_lazy("flag status", "Resolved")
    # The rule no longer fires (an edit changed the history); the flag is kept for the record.
    WITHDRAWN = "withdrawn", pgettext_lazy("flag status", "Withdrawn")


RULE_CHOICES = [(code, RULE_TITLES[code]) for code in RULES]


class ThresholdSet(models.Model):
    """One set of effective thresholds (REVIEW_THRESHOLDS over the defaults), stored once and
    referenced by every review computed with it."""

    values = models.JSONField(_("thresholds"))
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("first used at"), auto_now_add=True)

    class Meta:
        verbose_name = _("threshold set")
        verbose_name_plural = _("threshold sets")

    def __str__(self):
        return self.digest[:12]


class SessionReview(models.Model):
    """The review of one session: risk level, rules fired with evidence, checklist gaps."""

    session = models.OneToOneField(
        TherapySession, on_delete=models.CASCADE, related_name="review", verbose_name=_("session")
    )
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    # [{"code": ..., "severity": ..., "evidence": {...}}, ...] sorted by code.
    rules_fired = models.JSONField(_("rules fired"), default=list, blank=True)
    # Checklist items of an attended session answered "no" or left unanswered.
    checklist_gaps = models.JSONField(_("checklist gaps"), default=dict, blank=True)
    thresholds = models.ForeignKey(
        ThresholdSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("thresholds used")
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("session review")
        verbose_name_plural = _("session reviews")
        constraints = [
            models.CheckConstraint(condition=Q(risk_level__in=RiskLevel.values), name="review_risk_level_valid"),
        ]

    def __str__(self):
        return f"{self.session_id}: {self.risk_level}"

    @property
    def codes(self) -> list[str]:
        return [rule["code"] for rule in self.rules_fired]


def _workflow(*, acknowledged: bool, resolved: bool) -> Q:
    """The acknowledgement and resolution fields: all filled in, or all empty."""
    if acknowledged:
        ack = Q(acknowledged_by__isnull=False, acknowledged_at__isnull=False)
    else:
        ack = Q(acknowledged_by__isnull=True, acknowledged_at__isnull=True)
    if resolved:
        res = Q(resolved_by__isnull=False, resolved_at__isnull=False) & ~Q(resolution_note="")
    else:
        res = Q(resolved_by__isnull=True, resolved_at__isnull=True, resolution_note="")
    return ack & res


FLAG_STATUS_FIELDS = (
    (Q(status=FlagStatus.OPEN, withdrawn_at__isnull=True) & _workflow(acknowledged=False, resolved=False))
    | (Q(status=FlagStatus.ACKNOWLEDGED, withdrawn_at__isnull=True) & _workflow(acknowledged=True, resolved=False))
    | (Q(status=FlagStatus.RESOLVED, withdrawn_at__isnull=True) & _workflow(acknowledged=True, resolved=True))
    | (
        Q(status=FlagStatus.WITHDRAWN, withdrawn_at__isnull=False)
        & (
            _workflow(acknowledged=False, resolved=False)
            | _workflow(acknowledged=True, resolved=False)
            | _workflow(acknowledged=True, resolved=True)
        )
    )
)


class Flag(models.Model):
    """One rule that fired at one session, and what the clinicians did about it.

    open → acknowledged (by, at) → resolved (by, at, note). Resolving an open
    flag acknowledges it too. A flag whose rule stops firing is withdrawn and
    keeps what was done; if the rule fires again it returns to that state.
    """

    session = models.ForeignKey(
        TherapySession, on_delete=models.CASCADE, related_name="flags", verbose_name=_("session")
    )
    code = models.CharField(_("rule"), max_length=30, choices=RULE_CHOICES)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300)
    status = models.CharField(_("status"), max_length=15, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_note = models.TextField(_("what was done"), max_length=2000, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    raised_at = models.DateTimeField(_("raised at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["session", "code"]
        constraints = [
            models.UniqueConstraint(fields=["session", "code"], name="flag_one_per_session_and_rule"),
            models.CheckConstraint(condition=Q(code__in=list(RULES)), name="flag_code_valid"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="flag_severity_valid"),
            models.CheckConstraint(
                condition=FLAG_STATUS_FIELDS,
                name="flag_status_matches_its_fields",
            ),
        ]
        indexes = [models.Index(fields=["status", "severity"])]

    def __str__(self):
        return f"{self.code} · {self.session_id} · {self.status}"

    @property
    def active(self) -> bool:
        return self.status in (FlagStatus.OPEN, FlagStatus.ACKNOWLEDGED)


class ChecklistReview(models.Model):
    """The checklist review of REVIEW_RULES.md for one therapist or one patient.

    Counts are lists of {"item", "answered", "yes", "rate"} (rate a string to
    two decimals, or null), one per checklist item.
    """

    as_of = models.DateField(_("as of"))
    recent_days = models.JSONField(_("last days"), default=list)
    recent_sessions = models.JSONField(_("last sessions with a checklist"), default=list)
    supervision_points = models.JSONField(_("supervision points"), default=list, blank=True)
    parameters = models.JSONField(_("windows used"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        abstract = True


class TherapistChecklistReview(ChecklistReview):
    therapist = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checklist_review", verbose_name=_("therapist")
    )

    class Meta:
        verbose_name = _("checklist review of a therapist")
        verbose_name_plural = _("checklist reviews of therapists")

    def __str__(self):
        return f"{self.therapist_id}: {self.supervision_points}"


class PatientChecklistReview(ChecklistReview):
    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, related_name="checklist_review", verbose_name=_("patient")
    )

    class Meta:
        verbose_name = _("checklist review of a patient")
        verbose_name_plural = _("checklist reviews of patients")

    def __str__(self):
        return f"{self.patient_id}: {self.supervision_points}"
