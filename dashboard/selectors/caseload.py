"""The therapist's home: their caseload, most at risk first, and today's sessions.

Reads the precomputed `PatientStatus` rows: a caseload costs three queries
(patients with their status, flag counts, today's sessions) whatever its size.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from accounts.models import User
from audit.services import audit_record_objects
from measures.models import SrsResponse
from patients.models import Patient
from patients.selectors import patients_for_user
from review.models import FlagStatus, PatientStatus, RiskLevel
from review.rules import Thresholds
from review.selectors import ACTIVE_STATUSES, flags_for_user, thresholds_in_force
from sessions.models import TherapySession
from sessions.selectors import sessions_for_user

from ..charts.sparkline import Sparkline, sparkline

ACTIVE, INACTIVE, EVERYONE = "active", "inactive", "all"
# Most at risk first, then the most recently seen; patients with no session yet last.
RISK_ORDER = (
    F("review_status__risk_rank").desc(nulls_last=True),
    F("review_status__last_session_date").desc(nulls_last=True),
    "code",
)


@dataclass(frozen=True)
class CaseloadFilters:
    risk: str = ""  # a RiskLevel value; "" for any
    active: str = ACTIVE  # ACTIVE, INACTIVE or EVERYONE
    no_srs_weeks: int | None = None  # only patients with no SRS in the last N weeks


@dataclass(frozen=True)
class CaseloadRow:
    patient: Patient
    status: PatientStatus | None  # None until the patient's first session is reviewed
    active_flags: int  # open or acknowledged
    open_flags: int  # not yet acknowledged
    sparkline: Sparkline | None
    srs_below_cutoff: bool  # the last SRS total, against the cutoff in force
    srs_trend: str  # up, down or steady by the srs_drop in force; "" with fewer than two SRS


@dataclass(frozen=True)
class TodaySession:
    session: TherapySession
    has_srs: bool


@dataclass(frozen=True)
class TherapistHome:
    rows: list[CaseloadRow]
    today: list[TodaySession]
    thresholds: Thresholds


def therapist_home(user: User, *, filters: CaseloadFilters, today: datetime.date) -> TherapistHome:
    """Everything the home page shows: the patients `user` may see, and their sessions of today."""
    thresholds = thresholds_in_force()
    return TherapistHome(
        rows=caseload(user, patients_for_user(user), filters=filters, today=today, thresholds=thresholds),
        today=today_sessions(user, today),
        thresholds=thresholds,
    )


def caseload(
    user: User,
    patients: QuerySet[Patient],
    *,
    filters: CaseloadFilters,
    today: datetime.date,
    thresholds: Thresholds,
    limit: int | None = None,
) -> list[CaseloadRow]:
    """`patients` (already scoped to `user`) filtered and sorted by risk, with their flag counts."""
    patients = _filtered(patients, filters, today).select_related("review_status", "primary_therapist")
    patients = patients.order_by(*RISK_ORDER)
    found = list(patients[:limit] if limit else patients)
    audit_record_objects(action="list", objects=found, object_type="patient", patient_of=lambda patient: patient.pk)
    counts = flag_counts(user, [patient.pk for patient in found])
    return [_row(patient, counts.get(patient.pk, {}), thresholds) for patient in found]


def _row(patient: Patient, by_status: dict[str, int], thresholds: Thresholds) -> CaseloadRow:
    status = getattr(patient, "review_status", None)
    last_srs = status.last_srs_total if status else None
    return CaseloadRow(
        patient=patient,
        status=status,
        active_flags=sum(by_status.values()),
        open_flags=by_status.get(FlagStatus.OPEN, 0),
        sparkline=sparkline(status.recent_srs, cutoff=thresholds.srs_cutoff) if status else None,
        srs_below_cutoff=last_srs is not None and last_srs < thresholds.srs_cutoff,
        srs_trend=status.srs_trend(step=thresholds.srs_drop) if status else "",
    )


def _filtered(patients: QuerySet[Patient], filters: CaseloadFilters, today: datetime.date) -> QuerySet[Patient]:
    if filters.active == ACTIVE:
        patients = patients.filter(active=True)
    elif filters.active == INACTIVE:
        patients = patients.filter(active=False)
    if filters.risk == RiskLevel.NONE:
        # A patient whose sessions are not reviewed yet has no risk level to show either.
        patients = patients.filter(Q(review_status__risk_level=RiskLevel.NONE) | Q(review_status__isnull=True))
    elif filters.risk:
        patients = patients.filter(review_status__risk_level=filters.risk)
    if filters.no_srs_weeks:
        since = today - datetime.timedelta(weeks=filters.no_srs_weeks)
        patients = patients.filter(
            Q(review_status__last_srs_date__lt=since) | Q(review_status__last_srs_date__isnull=True)
        )
    return patients


def flag_counts(user: User, patient_ids: list[int]) -> dict[int, dict[str, int]]:
    """Patient id → {status: count} of their open and acknowledged flags, in one query."""
    if not patient_ids:
        return {}
    flags = flags_for_user(user).filter(patient_id__in=patient_ids, status__in=ACTIVE_STATUSES)
    counts: dict[int, dict[str, int]] = {}
    for patient_id, status, count in flags.values_list("patient_id", "status").annotate(count=Count("pk")).order_by():
        counts.setdefault(patient_id, {})[status] = count
    return counts


def today_sessions(user: User, today: datetime.date) -> list[TodaySession]:
    """The sessions of `today` of the patients `user` may see, in time order, each with whether it has an SRS."""
    sessions = (
        sessions_for_user(user)
        .filter(date=today)
        .select_related("patient")
        .annotate(has_srs=Exists(SrsResponse.objects.filter(session=OuterRef("pk"))))
        .order_by(F("time").asc(nulls_last=True), "patient__code", "number")
    )
    found = list(sessions)
    audit_record_objects(
        action="list", objects=found, object_type="session", patient_of=lambda session: session.patient_id
    )
    return [TodaySession(session=session, has_srs=session.has_srs) for session in found]
