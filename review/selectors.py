"""Reads of the review: the histories it computes from, flags scoped to a user, pending work."""

import datetime
from collections.abc import Iterable, Sequence

import pandas as pd
from django.conf import settings
from django.db.models import F, Min, Prefetch, QuerySet

from accounts.models import User
from audit.services import audited_get
from measures.models import SrsResponse, WaiResponse
from patients.models import Patient
from patients.selectors import patients_for_user
from sessions.models import CHECKLIST_FIELDS, Attendance, TherapySession

from .display import FlagView, flag_view
from .history import SESSION_COLUMNS, SRS_COLUMNS, WAI_COLUMNS, frame
from .models import Flag, FlagFiring, FlagStatus, QueuedReview
from .rules import Thresholds

ACTIVE_STATUSES = (FlagStatus.OPEN, FlagStatus.ACKNOWLEDGED)


def thresholds_in_force() -> Thresholds:
    """The thresholds the rules apply and every page shows: the defaults overridden by REVIEW_THRESHOLDS."""
    return Thresholds.from_mapping(settings.REVIEW_THRESHOLDS)


def history_frames(patient_ids: Sequence[int]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The patients' sessions, SRS and WAI-SR responses as DataFrames, in three queries."""
    sessions = TherapySession.objects.filter(patient_id__in=patient_ids).order_by("patient_id", "number")
    srs = SrsResponse.objects.filter(session__patient_id__in=patient_ids)
    wai = WaiResponse.objects.filter(session__patient_id__in=patient_ids)
    return (
        frame(list(sessions.values_list(*SESSION_COLUMNS)), SESSION_COLUMNS),
        frame(list(srs.values_list(*SRS_COLUMNS)), SRS_COLUMNS),
        frame(list(wai.values_list(*WAI_COLUMNS)), WAI_COLUMNS),
    )


def review_marks(patient_ids: Sequence[int]) -> dict[int, datetime.datetime]:
    """Session id → when its review was requested, for the patients' sessions still marked."""
    marked = TherapySession.objects.filter(patient_id__in=patient_ids, review_requested_at__isnull=False)
    return dict(marked.values_list("id", "review_requested_at"))


def patients_pending_review(
    *, requested_before: datetime.datetime, queued_before: datetime.datetime, limit: int
) -> list[int]:
    """Up to `limit` patients with a session marked for review before `requested_before`, oldest first,
    leaving out those the sweep queued since `queued_before` (still waiting in the queue)."""
    waiting = QueuedReview.objects.filter(queued_at__gte=queued_before).values("patient_id")
    marked = (
        TherapySession.objects.filter(review_requested_at__lt=requested_before)
        .exclude(patient_id__in=waiting)
        .values("patient_id")
        .annotate(oldest=Min("review_requested_at"))
        .order_by("oldest", "patient_id")
    )
    return [row["patient_id"] for row in marked[:limit]]


def checklist_frame(*, by: str, ids: Iterable[int], until: datetime.date) -> pd.DataFrame:
    """The checklists of the sessions of each therapist or patient (`by`: "therapist_id" or
    "patient_id") up to `until`, in session order; planned sessions left out."""
    columns = [by, "date", *CHECKLIST_FIELDS.values()]
    order = [by, "number"] if by == "patient_id" else [by, "date", "time", "patient_id", "number"]
    sessions = (
        TherapySession.objects.filter(**{f"{by}__in": list(ids)}, date__lte=until)
        .exclude(attendance=Attendance.SCHEDULED)
        .order_by(*order)
    )
    return frame(list(sessions.values_list(*columns)), columns)


def flags_for_user(user: User) -> QuerySet[Flag]:
    """Every flag `user` may see: those of the patients they may see."""
    return Flag.objects.filter(patient__in=patients_for_user(user))


def flag_for_user(user: User, pk: int) -> Flag:
    """The flag, or 404 when `user` may not see its patient."""
    flags = flags_for_user(user).select_related("session__patient")
    return audited_get(flags, pk, object_type="flag", patient_of=lambda flag: flag.session.patient_id)


def active_flags_of_patient(patient: Patient) -> list[FlagView]:
    """The patient's open and acknowledged flags, latest session first, ready to show, each
    with the sessions at which it fired (latest first) and their evidence.

    The caller has already checked access to `patient`.
    """
    flags = (
        Flag.objects.filter(patient=patient, status__in=ACTIVE_STATUSES)
        .select_related("session", "latest_session", "acknowledged_by")
        .prefetch_related(Prefetch("firings", queryset=FlagFiring.objects.select_related("session")))
        .order_by(F("latest_session__number").desc(nulls_last=True), "code")
    )
    return [flag_view(flag, flag.firings.all()) for flag in flags]
