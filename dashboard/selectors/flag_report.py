"""What was done about the flags: per therapist over a period, and the same figures for everyone they oversee.

Every flag read of the report is here (three queries whatever the number of
therapists or flags), through the access functions: the therapists
`therapists_for_user` gives, their patients' flags that `flags_for_user` gives,
the session reviews of patients `patients_for_user` gives. A flag counts for the
primary therapist of its patient, as on the supervisor dashboard. The "all"
row is computed over the same flags: the whole clinic for a clinic admin, the
supervised therapists for a supervisor (a supervisor may not read the flags of
the rest of the clinic, not even counted).

Only the stable fields of a flag are read: patient, code, severity, raised_at,
session, acknowledged_at, resolved_at, resolution_note, withdrawn_at.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.selectors import therapists_for_user
from measures.models import SrsResponse
from patients.selectors import patients_for_user
from review.models import Severity
from review.selectors import flags_for_user
from sessions.models import TherapySession

from .supervisor import NAME_ORDER, display_names

TOO_FEW = 5  # a share or a median over fewer flags is marked "too few to compare"
OPEN_DAYS = 7
REPAIR_WINDOW = 3  # SRS sessions after a V-shaped rupture
V_RUPTURE, REPAIRED = "srs_v_rupture", "rupture_repaired"
SEVERITIES = (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included (local dates)."""

    start: datetime.date
    end: datetime.date

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        return start, datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)


@dataclass(frozen=True)
class Figure:
    """A share (0–1) or a median (days) over `n` flags; None when n = 0."""

    value: float | None
    n: int

    @property
    def too_few(self) -> bool:
        return self.n < TOO_FEW

    @property
    def percent(self) -> float | None:
        return None if self.value is None else self.value * 100


@dataclass(frozen=True)
class FlagFigures:
    raised: int
    by_severity: dict[str, int]
    acknowledge_days: Figure  # median, over the flags acknowledged
    resolve_days: Figure  # median, over the flags resolved
    resolved_with_note: Figure  # share of the flags raised
    open_after_7_days: Figure  # share of the flags raised at least 7 days before the end
    v_ruptures: int
    v_repaired: Figure  # share of the V-shaped ruptures whose three following SRS sessions are known


@dataclass(frozen=True)
class ReportRow:
    therapist: User | None  # None: the row of everyone the reader oversees
    name: str
    figures: FlagFigures


@dataclass(frozen=True)
class FlagReport:
    period: Period
    rows: list[ReportRow]
    overall: ReportRow


@dataclass(frozen=True)
class _Flag:
    therapist_id: int
    patient_id: int
    code: str
    severity: str
    raised_at: datetime.datetime
    session_number: int
    acknowledged_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    note: str


def flag_report(user: User, *, period: Period, now: datetime.datetime, overall_name: str) -> FlagReport:
    """The report for a supervisor or a clinic admin; 404 for anyone else."""
    if not (user.is_supervisor or user.is_clinic_admin):
        raise Http404
    therapists = list(therapists_for_user(user).order_by(*NAME_ORDER))
    names = display_names(therapists)
    flags = _flags(user, therapists, period)
    repaired = _repairs(user, [flag for flag in flags if flag.code == V_RUPTURE])
    reference = min(period.bounds()[1], now)
    return FlagReport(
        period=period,
        rows=[
            ReportRow(t, names[t.pk], _figures([f for f in flags if f.therapist_id == t.pk], repaired, reference))
            for t in therapists
        ],
        overall=ReportRow(None, overall_name, _figures(flags, repaired, reference)),
    )


def _flags(user: User, therapists: list[User], period: Period) -> list[_Flag]:
    """The flags raised in the period, of the patients of these therapists; withdrawn ones left out."""
    start, end = period.bounds()
    rows = (
        flags_for_user(user)
        .filter(patient__primary_therapist__in=therapists, raised_at__gte=start, raised_at__lt=end)
        .filter(withdrawn_at__isnull=True)
        .order_by("pk")
        .values_list(
            "patient__primary_therapist_id",
            "patient_id",
            "code",
            "severity",
            "raised_at",
            "session__number",
            "acknowledged_at",
            "resolved_at",
            "resolution_note",
        )
    )
    return [_Flag(*row) for row in rows]


def _repairs(user: User, ruptures: list[_Flag]) -> dict[tuple[int, int], bool | None]:
    """(patient, session number) of each V-shaped rupture → whether `rupture_repaired` fired at one of the
    next three sessions with an SRS; None while fewer than three have followed without it."""
    if not ruptures:
        return {}
    with_srs = SrsResponse.objects.filter(session=OuterRef("pk"))
    sessions = (
        TherapySession.objects.filter(
            patient__in=patients_for_user(user).filter(pk__in={flag.patient_id for flag in ruptures})
        )
        .filter(Exists(with_srs))
        .order_by("patient_id", "number")
        .values_list("patient_id", "number", "review__rules_fired")
    )
    later: dict[int, list[tuple[int, bool]]] = {}
    for patient_id, number, fired in sessions:
        later.setdefault(patient_id, []).append((number, any(rule.get("code") == REPAIRED for rule in fired or [])))
    outcome = {}
    for flag in ruptures:
        following = [fired for number, fired in later.get(flag.patient_id, []) if number > flag.session_number]
        window = following[:REPAIR_WINDOW]
        known = any(window) or len(window) == REPAIR_WINDOW
        outcome[flag.patient_id, flag.session_number] = any(window) if known else None
    return outcome


def _figures(flags: list[_Flag], repaired: dict, reference: datetime.datetime) -> FlagFigures:
    acknowledge = [_days(f.acknowledged_at - f.raised_at) for f in flags if f.acknowledged_at]
    resolve = [_days(f.resolved_at - f.raised_at) for f in flags if f.resolved_at]
    week = datetime.timedelta(days=OPEN_DAYS)
    due = [f for f in flags if f.raised_at <= reference - week]
    still_open = [f for f in due if f.resolved_at is None or f.resolved_at - f.raised_at > week]
    outcomes = [repaired[f.patient_id, f.session_number] for f in flags if f.code == V_RUPTURE]
    known = [outcome for outcome in outcomes if outcome is not None]
    return FlagFigures(
        raised=len(flags),
        by_severity={severity: sum(f.severity == severity for f in flags) for severity in SEVERITIES},
        acknowledge_days=_median(acknowledge),
        resolve_days=_median(resolve),
        resolved_with_note=_share(sum(bool(f.resolved_at and f.note.strip()) for f in flags), len(flags)),
        open_after_7_days=_share(len(still_open), len(due)),
        v_ruptures=len(outcomes),
        v_repaired=_share(sum(known), len(known)),
    )


def _days(delta: datetime.timedelta) -> float:
    return delta.total_seconds() / 86400


def _median(values: list[float]) -> Figure:
    return Figure(statistics.median(values) if values else None, len(values))


def _share(count: int, n: int) -> Figure:
    return Figure(count / n if n else None, n)
