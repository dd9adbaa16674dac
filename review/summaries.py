"""What the dashboards read, written by the review so that no page computes it.

- `PatientStatus`, one per patient: rewritten from the history every review of
  the patient reads anyway (`patient_statuses_store`, called by `patients_review`).
- `TherapistWeek` and `ClinicWeek`: the median SRS of each ISO week, and a
  therapist's checklist answers. `patients_review` recomputes the weeks of the
  sessions it reviewed (`weekly_stats_store`): each therapist's from their
  sessions of those weeks, then each clinic's from its therapists' weeks (so a
  review never reads the whole clinic). `manage.py review --all` rebuilds every
  week and the nightly refresh the recent ones (`weekly_stats_rebuild`), which
  also catches the old week of a session whose date was moved. Deleting a
  session recomputes its week at once (`records.session_delete`). Planned
  sessions count in no week.

Weekly figures of a clinic are written under one advisory lock per clinic, so
two reviews (or a review and a rebuild) never interleave a read and a write
of the same week. Lock order: patients, then clinics.
"""

import datetime
import operator
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Clinic, User
from sessions.models import CHECKLIST_FIELDS, Attendance, TherapySession

from .history import PatientHistory, SessionRow
from .locks import advisory_locks
from .models import RISK_RANK, ClinicWeek, PatientStatus, TherapistWeek
from .rules import SessionFindings

RECENT_SRS = 8  # totals kept for the sparkline
CLINIC_LOCK_NAMESPACE = 0x5745454B  # "WEEK": weekly figures, one lock per clinic
STATUS_FIELDS = [
    "session_count",
    "attended_count",
    "last_session_number",
    "last_session_date",
    "last_srs_total",
    "last_srs_date",
    "previous_srs_total",
    "recent_srs",
    "risk_level",
    "risk_rank",
    "updated_at",
]
WEEK_FIELDS = ["srs_count", "srs_median", "updated_at"]
THERAPIST_WEEK_FIELDS = ["srs_tenths", "checklist_answered", "checklist_yes"]
TWO_DECIMALS = Decimal("0.01")


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week of `day`."""
    return day - datetime.timedelta(days=day.weekday())


def status_fields(history: PatientHistory, latest: SessionFindings) -> dict:
    """A patient's status from their whole history and the review of their latest session."""
    rows = history.sessions
    srs = [(row.date, sum(row.facts.srs_items)) for row in rows if row.facts.srs_items is not None]
    return {
        "session_count": len(rows),
        "attended_count": sum(1 for row in rows if row.attended),
        "last_session_number": rows[-1].facts.number,
        "last_session_date": rows[-1].date,
        "last_srs_total": srs[-1][1] if srs else None,
        "last_srs_date": srs[-1][0] if srs else None,
        "previous_srs_total": srs[-2][1] if len(srs) > 1 else None,
        "recent_srs": [str(total) for _, total in srs[-RECENT_SRS:]],
        "risk_level": latest.risk_level,
        "risk_rank": RISK_RANK[latest.risk_level],
    }


def patient_statuses_store(found: list[PatientHistory], latest: dict[int, SessionFindings], now) -> None:
    """Upsert the status of each patient reviewed; `latest` is the review of each one's last session."""
    statuses = [
        PatientStatus(patient_id=h.patient_id, updated_at=now, **status_fields(h, latest[h.patient_id]))
        for h in found
        if h.sessions
    ]
    PatientStatus.objects.bulk_create(
        statuses, batch_size=1000, update_conflicts=True, unique_fields=["patient"], update_fields=STATUS_FIELDS
    )
    patient_statuses_forget([h.patient_id for h in found if not h.sessions])


def patient_statuses_forget(patient_ids: list[int]) -> None:
    """Drop the status of patients left with no session held (deleted, or all planned): none yet, as for a new one."""
    if patient_ids:
        PatientStatus.objects.filter(patient_id__in=patient_ids).delete()


@dataclass
class WeekFigures:
    """What one week adds up to, for a therapist or a clinic."""

    tenths: list[int] = field(default_factory=list)  # SRS totals in tenths of a point
    answered: list[int] = field(default_factory=lambda: [0] * len(CHECKLIST_FIELDS))  # per item, in item order
    yes: list[int] = field(default_factory=lambda: [0] * len(CHECKLIST_FIELDS))

    def add(self, total: Decimal | None, checklist: Iterable[bool | None] = ()) -> None:
        if total is not None:
            self.tenths.append(int(total * 10))
        for index, answer in enumerate(checklist):
            if answer is not None:
                self.answered[index] += 1
                self.yes[index] += int(answer)

    @property
    def median(self) -> Decimal | None:
        if not self.tenths:
            return None
        return (Decimal(statistics.median(self.tenths)) / 10).quantize(TWO_DECIMALS)

    @property
    def empty(self) -> bool:
        return not self.tenths and not any(self.answered)


def weekly_stats_store(sessions: Iterable[SessionRow], now) -> None:
    """Recompute the weeks these sessions fall in, for their therapists and those therapists' clinics."""
    therapist_weeks = {(row.therapist_id, week_of(row.date)) for row in sessions}
    if not therapist_weeks:
        return
    therapist_ids = sorted({therapist for therapist, _ in therapist_weeks})
    clinic_of = dict(User.objects.filter(pk__in=therapist_ids, clinic__isnull=False).values_list("pk", "clinic_id"))
    _lock_clinics(sorted(set(clinic_of.values())))
    found = _read_therapist_weeks(Q(therapist_id__in=therapist_ids) & _in_weeks(week for _, week in therapist_weeks))
    _weeks_store(TherapistWeek, "therapist_id", found, therapist_weeks, now)
    clinic_weeks = {(clinic_of[t], week) for t, week in therapist_weeks if t in clinic_of}
    _weeks_store(ClinicWeek, "clinic_id", _clinic_figures(clinic_weeks), clinic_weeks, now)


@transaction.atomic
def weekly_stats_rebuild(*, since: datetime.date | None = None) -> int:
    """Rebuild every therapist's and clinic's weeks (from the week of `since` on). Returns the rows written."""
    _lock_clinics(sorted(Clinic.objects.values_list("pk", flat=True)))
    start = week_of(since) if since else None
    therapist_rows = _read_therapist_weeks(Q(date__gte=start) if start else Q())
    clinic_of = dict(User.objects.filter(clinic__isnull=False).values_list("pk", "clinic_id"))
    clinic_rows: dict[tuple[int, datetime.date], WeekFigures] = {}
    for (therapist_id, week), figures in therapist_rows.items():
        if therapist_id in clinic_of:
            clinic_rows.setdefault((clinic_of[therapist_id], week), WeekFigures()).tenths.extend(figures.tenths)
    stale = Q(week__gte=start) if start else Q()
    TherapistWeek.objects.filter(stale).delete()
    ClinicWeek.objects.filter(stale).delete()
    now = timezone.now()
    written = _weeks_store(TherapistWeek, "therapist_id", therapist_rows, set(), now)
    return written + _weeks_store(ClinicWeek, "clinic_id", clinic_rows, set(), now)


def _lock_clinics(clinic_ids: list[int]) -> None:
    advisory_locks(CLINIC_LOCK_NAMESPACE, clinic_ids)


def _in_weeks(weeks: Iterable[datetime.date]) -> Q:
    """Sessions dated in any of these weeks: one date range per run of consecutive weeks."""
    ranges: list[list[datetime.date]] = []
    for monday in sorted(set(weeks)):
        if ranges and monday - ranges[-1][1] == datetime.timedelta(weeks=1):
            ranges[-1][1] = monday
        else:
            ranges.append([monday, monday])
    return reduce(operator.or_, (Q(date__range=(first, last + datetime.timedelta(days=6))) for first, last in ranges))


def _read_therapist_weeks(condition: Q) -> dict[tuple[int, datetime.date], WeekFigures]:
    held = TherapySession.objects.filter(condition).exclude(attendance=Attendance.SCHEDULED)
    rows = held.values_list("therapist_id", "date", "srsresponse__total", *CHECKLIST_FIELDS.values())
    figures: dict[tuple[int, datetime.date], WeekFigures] = {}
    for therapist_id, day, total, *checklist in rows.order_by():
        figures.setdefault((therapist_id, week_of(day)), WeekFigures()).add(total, checklist)
    return figures


def _clinic_figures(pairs: set[tuple[int, datetime.date]]) -> dict[tuple[int, datetime.date], WeekFigures]:
    """The clinics' weeks, merged from their therapists' weeks (written just before, or by earlier reviews)."""
    clinics, weeks = {clinic for clinic, _ in pairs}, {week for _, week in pairs}
    rows = TherapistWeek.objects.filter(week__in=weeks, therapist__clinic_id__in=clinics)
    figures: dict[tuple[int, datetime.date], WeekFigures] = {}
    for clinic_id, week, tenths in rows.values_list("therapist__clinic_id", "week", "srs_tenths").order_by():
        if (clinic_id, week) in pairs:
            figures.setdefault((clinic_id, week), WeekFigures()).tenths.extend(tenths)
    return figures


def _weeks_store(model, owner: str, figures: dict, touched: set, now) -> int:
    """Upsert the weeks with figures; delete the touched weeks left with none."""
    rows = [_week_row(model, owner, key, found, now) for key, found in figures.items() if not found.empty]
    unique = [owner.removesuffix("_id"), "week"]
    update = WEEK_FIELDS + (THERAPIST_WEEK_FIELDS if model is TherapistWeek else [])
    model.objects.bulk_create(rows, batch_size=1000, update_conflicts=True, unique_fields=unique, update_fields=update)
    gone = [key for key in touched if key not in figures or figures[key].empty]
    for start in range(0, len(gone), 200):
        condition = reduce(operator.or_, (Q(**{owner: key, "week": week}) for key, week in gone[start : start + 200]))
        model.objects.filter(condition).delete()
    return len(rows)


def _week_row(model, owner: str, key: tuple, found: WeekFigures, now):
    owner_id, week = key
    fields = {owner: owner_id, "week": week, "srs_count": len(found.tenths), "srs_median": found.median}
    if model is TherapistWeek:
        fields |= {"srs_tenths": sorted(found.tenths), "checklist_answered": found.answered, "checklist_yes": found.yes}
    return model(**fields, updated_at=now)
