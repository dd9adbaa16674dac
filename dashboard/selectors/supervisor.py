"""The supervisor's dashboard over the therapists they oversee, and the drill-down to one of them.

A clinic admin oversees every therapist of the clinic. Only active patients
count here. Each page costs a fixed number of queries: the weekly figures and
patient statuses are precomputed by the review, the flag counts are one
aggregate.
"""

import datetime
from dataclasses import dataclass

import pandas as pd
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404

from accounts.models import User
from accounts.selectors import therapist_for_user, therapists_for_user
from audit.services import audit_record_objects
from patients.models import Patient
from patients.selectors import patients_for_user
from review.display import FlagView, flag_view
from review.models import RISK_RANK, Flag, FlagStatus, RiskLevel, TherapistChecklistReview
from review.rules import Thresholds
from review.selectors import flags_for_user, thresholds_in_force
from sessions.models import CHECKLIST_ITEMS

from . import weekly
from .caseload import CaseloadFilters, CaseloadRow, caseload

INBOX_SIZE = 20
AT_RISK_SIZE = 50
AT_RISK = (RiskLevel.HIGH, RiskLevel.MEDIUM)
SEVERITY_RANK = Case(
    When(severity="high", then=Value(3)),
    When(severity="medium", then=Value(2)),
    When(severity="low", then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class TherapistSummary:
    therapist: User
    name: str
    patients: int
    by_risk: dict[str, int]  # risk level → active patients; "" for those not reviewed yet
    open_flags: int
    supervision_points: list[tuple[int, str]]  # checklist item number and label


@dataclass(frozen=True)
class InboxItem:
    item: FlagView
    patient: Patient
    age_days: int  # since the session the flag was raised at


@dataclass(frozen=True)
class SupervisorDashboard:
    therapists: list[TherapistSummary]
    risk_counts: list[tuple[str, str, int]]  # level, label, patients: high first
    unreviewed: int  # active patients with no reviewed session yet
    at_risk: list[CaseloadRow]  # high and medium risk, most at risk first
    at_risk_total: int
    inbox: list[InboxItem]  # open flags, by severity then age
    inbox_total: int
    alliance: pd.DataFrame
    adherence: pd.DataFrame
    clinic: pd.DataFrame
    thresholds: Thresholds

    @property
    def any_supervision_points(self) -> bool:
        return any(summary.supervision_points for summary in self.therapists)


@dataclass(frozen=True)
class TherapistDashboard:
    summary: TherapistSummary
    rows: list[CaseloadRow]
    alliance: pd.DataFrame
    adherence: pd.DataFrame
    thresholds: Thresholds

    @property
    def summaries(self) -> list[TherapistSummary]:
        return [self.summary]


def supervisor_dashboard(user: User, *, today: datetime.date) -> SupervisorDashboard:
    """The dashboard of a supervisor or a clinic admin; 404 for anyone else."""
    if not (user.is_supervisor or user.is_clinic_admin):
        raise Http404
    therapists = list(therapists_for_user(user).select_related("checklist_review").order_by(*NAME_ORDER))
    names = display_names(therapists)
    patients = patients_for_user(user).filter(primary_therapist__in=therapists, active=True)
    by_risk = _risk_counts(patients)
    open_flags = _open_flags(user, therapists)
    open_counts = _open_counts(open_flags)
    weeks = weekly.therapist_weeks(therapists, today)
    totals = {level: sum(counts.get(level, 0) for counts in by_risk.values()) for level in [*RiskLevel.values, ""]}
    at_risk = patients.filter(review_status__risk_level__in=AT_RISK)
    thresholds = thresholds_in_force()
    return SupervisorDashboard(
        therapists=[_summary(t, names[t.pk], by_risk.get(t.pk, {}), open_counts.get(t.pk, 0)) for t in therapists],
        risk_counts=[(level, RiskLevel(level).label, totals[level]) for level in sorted(RISK_RANK, key=_rank)],
        unreviewed=totals[""],
        at_risk=caseload(
            user, at_risk, filters=CaseloadFilters(active="all"), today=today, thresholds=thresholds, limit=AT_RISK_SIZE
        ),
        at_risk_total=sum(totals[level] for level in AT_RISK),
        inbox=_inbox(open_flags, today),
        inbox_total=sum(open_counts.values()),
        alliance=weekly.alliance_frame(weeks, names),
        adherence=weekly.adherence_frame(weeks),
        clinic=weekly.clinic_frame(user.clinic_id, today),
        thresholds=thresholds,
    )


def therapist_dashboard(user: User, pk: int, *, filters: CaseloadFilters, today: datetime.date) -> TherapistDashboard:
    """One therapist's caseload and trends, for a user who oversees them; 404 for anyone else."""
    therapist = therapist_for_user(user, pk)
    patients = patients_for_user(user).filter(primary_therapist=therapist)
    thresholds = thresholds_in_force()
    rows = caseload(user, patients, filters=filters, today=today, thresholds=thresholds)
    by_risk = _risk_counts(patients.filter(active=True)).get(therapist.pk, {})
    open_flags = _open_counts(_open_flags(user, [therapist])).get(therapist.pk, 0)
    weeks = weekly.therapist_weeks([therapist], today)
    name = display_names([therapist])[therapist.pk]
    return TherapistDashboard(
        summary=_summary(therapist, name, by_risk, open_flags),
        rows=rows,
        alliance=weekly.alliance_frame(weeks, {therapist.pk: name}),
        adherence=weekly.adherence_frame(weeks),
        thresholds=thresholds,
    )


NAME_ORDER = ("last_name", "first_name", "username")


def display_names(therapists: list[User]) -> dict[int, str]:
    """Each therapist's full name (or username), with the username added where two names clash."""
    names = {t.pk: t.get_full_name() or t.username for t in therapists}
    clashes = {name for name in names.values() if list(names.values()).count(name) > 1}
    return {t.pk: f"{names[t.pk]} ({t.username})" if names[t.pk] in clashes else names[t.pk] for t in therapists}


def _rank(level: str) -> int:
    return -RISK_RANK[level]


def _risk_counts(patients) -> dict[int, dict[str, int]]:
    """Therapist id → {risk level: active patients}, "" for the patients not reviewed yet."""
    counts: dict[int, dict[str, int]] = {}
    rows = patients.values_list("primary_therapist_id", "review_status__risk_level").annotate(count=Count("pk"))
    for therapist_id, level, count in rows.order_by():
        counts.setdefault(therapist_id, {})[level or ""] = count
    return counts


def _open_flags(user: User, therapists: list[User]):
    """The open flags of the active patients of these therapists that `user` may see."""
    return flags_for_user(user).filter(
        status=FlagStatus.OPEN, patient__primary_therapist__in=therapists, patient__active=True
    )


def _open_counts(open_flags) -> dict[int, int]:
    """Therapist id → open flags."""
    rows = open_flags.values_list("patient__primary_therapist_id").annotate(count=Count("pk"))
    return dict(rows.order_by())


def _summary(therapist: User, name: str, by_risk: dict[str, int], open_flags: int) -> TherapistSummary:
    review: TherapistChecklistReview | None = getattr(therapist, "checklist_review", None)
    points = review.supervision_points if review else []
    return TherapistSummary(
        therapist=therapist,
        name=name,
        patients=sum(by_risk.values()),
        by_risk=by_risk,
        open_flags=open_flags,
        supervision_points=[(item, str(CHECKLIST_ITEMS[item])) for item in points],
    )


def _inbox(open_flags, today: datetime.date) -> list[InboxItem]:
    # Ranked on the narrow rows first; only the flags shown are read whole.
    ranked = open_flags.annotate(severity_rank=SEVERITY_RANK).order_by("-severity_rank", "session__date", "pk")
    shown = Flag.objects.filter(pk__in=ranked.values("pk")[:INBOX_SIZE])
    shown = shown.select_related("session", "patient__primary_therapist").annotate(severity_rank=SEVERITY_RANK)
    flags = list(shown.order_by("-severity_rank", "session__date", "pk"))
    audit_record_objects(action="list", objects=flags, object_type="flag", patient_of=lambda f: f.patient_id)
    return [
        InboxItem(item=flag_view(flag), patient=flag.patient, age_days=(today - flag.session.date).days)
        for flag in flags
    ]
