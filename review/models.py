"""What the review worker writes: one review per session, one flag per concern (a rule
that keeps firing at a patient's sessions), and the checklist review per therapist and
per patient.

A flag stores the rule's code and evidence (numbers), never prose: its
explanation and repair step are rendered in the reader's language from the
code (`review/texts.py`).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.trackers import track_writes
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


def _clinician_field(verbose_name):
    """Who took a step of a flag's workflow; a user who did is never deleted (PROTECT)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


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


@track_writes(fields=["id", "session"])
class Flag(models.Model):
    """One concern: a rule that fired at one or more sessions of a patient, and what the clinicians did about it.

    docs/review-rules.md, "Flags: one per concern": `session` raised it,
    `latest_session` is the latest at which it fired, and its firings list
    every session with that session's evidence (`evidence` repeats the
    latest one). open → acknowledged (by, at) → resolved (by, at, note).
    Resolving an open flag acknowledges it too. A flag whose rule stops
    firing is withdrawn and keeps what was done; if the rule fires again it
    returns to that state.
    """

    session = models.ForeignKey(
        TherapySession, on_delete=models.CASCADE, related_name="flags", verbose_name=_("session")
    )
    latest_session = models.ForeignKey(
        TherapySession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("latest session"),
    )
    # The session's patient, stored again so that the flags of a caseload are read by index
    # (dashboards), not through every session of the patients.
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="flags", verbose_name=_("patient"), db_index=False
    )
    code = models.CharField(_("rule"), max_length=30, choices=RULE_CHOICES)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300)
    status = models.CharField(_("status"), max_length=15, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    acknowledged_by = _clinician_field(_("acknowledged by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_by = _clinician_field(_("resolved by"))
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
            models.UniqueConstraint(
                fields=["patient", "code"],
                condition=Q(status__in=[FlagStatus.OPEN, FlagStatus.ACKNOWLEDGED]),
                name="flag_one_active_per_patient_and_rule",
            ),
            models.CheckConstraint(condition=Q(code__in=list(RULES)), name="flag_code_valid"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="flag_severity_valid"),
            models.CheckConstraint(
                condition=FLAG_STATUS_FIELDS,
                name="flag_status_matches_its_fields",
            ),
        ]
        indexes = [models.Index(fields=["status", "severity"]), models.Index(fields=["patient", "status"])]

    def __str__(self):
        return f"{self.code} · {self.session_id} · {self.status}"

    @property
    def active(self) -> bool:
        return self.status in (FlagStatus.OPEN, FlagStatus.ACKNOWLEDGED)


class FlagFiring(models.Model):
    """One session at which a flag's rule fired, with that session's evidence."""

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="firings", verbose_name=_("flag"))
    session = models.ForeignKey(
        TherapySession, on_delete=models.CASCADE, related_name="flag_firings", verbose_name=_("session")
    )
    # The flag's rule again, so that a session fires each rule into one flag only.
    code = models.CharField(_("rule"), max_length=30, choices=RULE_CHOICES)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("flag firing")
        verbose_name_plural = _("flag firings")
        constraints = [
            models.UniqueConstraint(fields=["session", "code"], name="flag_firing_one_per_session_and_rule"),
        ]

    def __str__(self):
        return f"{self.code} · {self.session_id} → {self.flag_id}"


class ChecklistReview(models.Model):
    """The checklist review (docs/review-rules.md, "Checklist review") of one therapist or one patient.

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


# What the dashboards read: precomputed by the review (review.summaries), never in a request.

RISK_RANK = {RiskLevel.NONE: 0, RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3}


class PatientStatus(models.Model):
    """Where a patient stands now: the latest session and SRS, the trend, the current risk level.

    Rewritten by every review of the patient. The risk level is the latest
    session's (docs/review-rules.md, "Risk level"); `risk_rank` orders it (0 none … 3 high).
    """

    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, primary_key=True, related_name="review_status", verbose_name=_("patient")
    )
    session_count = models.PositiveIntegerField(_("sessions recorded"))
    attended_count = models.PositiveIntegerField(_("sessions attended"))
    last_session_number = models.PositiveIntegerField(_("last session"))
    last_session_date = models.DateField(_("date of the last session"))
    last_srs_total = models.DecimalField(_("last SRS total"), max_digits=3, decimal_places=1, null=True, blank=True)
    last_srs_date = models.DateField(_("date of the last SRS"), null=True, blank=True)
    previous_srs_total = models.DecimalField(
        _("previous SRS total"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    # The last few SRS totals, oldest first, as strings ("37.5"): the sparkline.
    recent_srs = models.JSONField(_("recent SRS totals"), default=list, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    risk_rank = models.PositiveSmallIntegerField(_("risk rank"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("patient status")
        verbose_name_plural = _("patient statuses")
        constraints = [
            models.CheckConstraint(condition=Q(risk_level__in=RiskLevel.values), name="status_risk_level_valid"),
            models.CheckConstraint(condition=Q(risk_rank__lte=3), name="status_risk_rank_range"),
        ]

    def __str__(self):
        return f"{self.patient_id}: {self.risk_level}"

    def srs_trend(self, *, step: Decimal) -> str:
        """The SRS trend from the previous SRS to the last one: up, down or steady; empty with fewer than two.

        A change smaller than `step` (the srs_drop threshold in force) reads as steady.
        """
        if self.last_srs_total is None or self.previous_srs_total is None:
            return ""
        change = self.last_srs_total - self.previous_srs_total
        if change >= step:
            return "up"
        if change <= -step:
            return "down"
        return "steady"


class QueuedReview(models.Model):
    """A patient the sweep queued for review whose review has not run since: the sweep queues it once.

    The review task deletes the row when it has run; a row older than
    REVIEW_SWEEP_REQUEUE_SECONDS (its message lost with a Redis restart) is queued again.
    """

    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("patient")
    )
    queued_at = models.DateTimeField(_("queued at"))

    class Meta:
        verbose_name = _("queued review")
        verbose_name_plural = _("queued reviews")

    def __str__(self):
        return f"{self.patient_id}: {self.queued_at}"


class WeeklyStats(models.Model):
    """One ISO week (`week` is its Monday): the median SRS total and how many SRS were given."""

    week = models.DateField(_("week"))
    srs_count = models.PositiveIntegerField(_("SRS given"))
    srs_median = models.DecimalField(_("median SRS"), max_digits=4, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        abstract = True


class TherapistWeek(WeeklyStats):
    """A therapist's week: the SRS of the sessions they held, and their checklist answers.

    `srs_tenths` holds each SRS total of the week in tenths of a point (375 for
    37.5), sorted: a clinic's median is taken over its therapists' weeks
    without reading the responses again. `checklist_answered` and
    `checklist_yes` hold five counts each, items 1-5.
    """

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("therapist")
    )
    srs_tenths = models.JSONField(_("SRS totals in tenths"), default=list)
    checklist_answered = models.JSONField(_("checklist answers"), default=list)
    checklist_yes = models.JSONField(_("checklist yes answers"), default=list)

    class Meta:
        verbose_name = _("therapist week")
        verbose_name_plural = _("therapist weeks")
        constraints = [models.UniqueConstraint(fields=["therapist", "week"], name="therapist_week_unique")]
        indexes = [models.Index(fields=["week"])]

    def __str__(self):
        return f"{self.therapist_id} · {self.week}"


class ClinicWeek(WeeklyStats):
    """A clinic's week: the SRS of the sessions its therapists held."""

    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE, related_name="+", verbose_name=_("clinic"))

    class Meta:
        verbose_name = _("clinic week")
        verbose_name_plural = _("clinic weeks")
        constraints = [models.UniqueConstraint(fields=["clinic", "week"], name="clinic_week_unique")]

    def __str__(self):
        return f"{self.clinic_id} · {self.week}"
