from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.trackers import track_writes
from patients.models import Patient


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    CANCELLED_PATIENT = "cancelled_patient", _("Cancelled by the patient")
    CANCELLED_THERAPIST = "cancelled_therapist", _("Cancelled by the therapist")
    NO_SHOW = "no_show", _("No-show")
    # Planned: dated after today, or not yet given its outcome. Part of no review, checklist or figure.
    SCHEDULED = "scheduled", _("Scheduled")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


# Observed rupture markers, after Safran & Muran (3RS); codes from docs/review-rules.md ("Inputs").
WITHDRAWAL_MARKERS = {
    "silence": _("Long silences"),
    "minimal_response": _("Minimal answers"),
    "topic_shift": _("Topic shifts"),
    "sleepiness": _("Sudden sleepiness"),
    "deference": _("Deference, appeasing"),
}
CONFRONTATION_MARKERS = {
    "complaint_therapist": _("Complaints about the therapist"),
    "complaint_work": _("Complaints about the work"),
    "sarcasm": _("Irony or sarcasm"),
    "control": _("Pushing to control the session"),
}
MARKERS = {**WITHDRAWAL_MARKERS, **CONFRONTATION_MARKERS}
# The TherapySession column of each marker and of each checklist item: code or item number → field name.
# Every module that reads or writes those columns names them from here.
MARKER_FIELDS = {code: f"marker_{code}" for code in MARKERS}

CHECKLIST_ITEMS = {
    1: _("Safety and clear limits were set today"),
    2: _("I attuned to the patient's bodily state and affect"),
    3: _("Goals and tasks are still shared and meaningful"),
    4: _("I detected and repaired micro-ruptures"),
    5: _("The closing left a concrete, realistic next step"),
}
CHECKLIST_FIELDS = {number: f"checklist_{number}" for number in CHECKLIST_ITEMS}


def _marker_field(label):
    return models.BooleanField(label, default=False)


def _checklist_field(label):
    # None: unanswered; True: yes; False: no.
    return models.BooleanField(label, null=True, blank=True, default=None)


@track_writes(fields=["id", "patient"])
class TherapySession(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("patient"))
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="therapy_sessions", verbose_name=_("therapist")
    )
    number = models.PositiveIntegerField(_("number"))
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    attendance = models.CharField(_("attendance"), max_length=20, choices=Attendance.choices)
    modality = models.CharField(_("modality"), max_length=10, choices=Modality.choices, default=Modality.IN_PERSON)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    marker_silence = _marker_field(MARKERS["silence"])
    marker_minimal_response = _marker_field(MARKERS["minimal_response"])
    marker_topic_shift = _marker_field(MARKERS["topic_shift"])
    marker_sleepiness = _marker_field(MARKERS["sleepiness"])
    marker_deference = _marker_field(MARKERS["deference"])
    marker_complaint_therapist = _marker_field(MARKERS["complaint_therapist"])
    marker_complaint_work = _marker_field(MARKERS["complaint_work"])
    marker_sarcasm = _marker_field(MARKERS["sarcasm"])
    marker_control = _marker_field(MARKERS["control"])

    checklist_1 = _checklist_field(CHECKLIST_ITEMS[1])
    checklist_2 = _checklist_field(CHECKLIST_ITEMS[2])
    checklist_3 = _checklist_field(CHECKLIST_ITEMS[3])
    checklist_4 = _checklist_field(CHECKLIST_ITEMS[4])
    checklist_5 = _checklist_field(CHECKLIST_ITEMS[5])

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Pending work for the review worker: set (in the writer's transaction) when this
    # session or an earlier one of the patient changes, cleared once reviewed.
    review_requested_at = models.DateTimeField(_("review requested at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("therapy session")
        verbose_name_plural = _("therapy sessions")
        ordering = ["patient", "number"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "number"], name="session_number_unique_per_patient"),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
            models.CheckConstraint(condition=Q(attendance__in=Attendance.values), name="session_attendance_valid"),
            models.CheckConstraint(condition=Q(modality__in=Modality.values), name="session_modality_valid"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1, duration_minutes__lte=480),
                name="session_duration_range",
            ),
            # Markers are observed in a session that took place.
            models.CheckConstraint(
                condition=Q(attendance=Attendance.ATTENDED) | Q(**dict.fromkeys(MARKER_FIELDS.values(), False)),
                name="session_markers_only_when_attended",
            ),
            # The checklist is answered about a session that was held, never one still planned.
            models.CheckConstraint(
                condition=~Q(attendance=Attendance.SCHEDULED)
                | Q(**{f"{name}__isnull": True for name in CHECKLIST_FIELDS.values()}),
                name="session_no_checklist_when_scheduled",
            ),
        ]
        indexes = [
            models.Index(fields=["therapist", "date"]),
            models.Index(
                fields=["review_requested_at"],
                condition=Q(review_requested_at__isnull=False),
                name="session_review_pending",
            ),
        ]

    def __str__(self):
        return f"{self.patient.code} #{self.number}"

    def get_absolute_url(self):
        return reverse("dashboard:session", args=[self.pk])

    @property
    def markers(self) -> list[str]:
        return [code for code, field in MARKER_FIELDS.items() if getattr(self, field)]

    @property
    def marker_labels(self) -> list[str]:
        return [MARKERS[code] for code in self.markers]

    @property
    def checklist(self) -> tuple[bool | None, ...]:
        return tuple(getattr(self, field) for field in CHECKLIST_FIELDS.values())

    @property
    def checklist_rows(self) -> list[tuple[str, bool | None]]:
        return [(CHECKLIST_ITEMS[n], getattr(self, field)) for n, field in CHECKLIST_FIELDS.items()]
