"""The worker's writes: session reviews and flags, checklist reviews, computed from the histories.

`patients_review` is the one way reviews are computed, by the worker's task
(one patient, marked sessions only), the sweep and `manage.py review` (many
patients, every session). It runs in one transaction per call:

1. lock the patients (an advisory lock on PostgreSQL), so that two reviews
   of one patient never interleave;
2. read which sessions are marked, then the histories (in that order: a mark
   set after the histories were read is never cleared below);
3. run `review_history` over each whole history and upsert the reviews and
   flags of the sessions in scope;
4. clear each mark only if it still holds the timestamp read in step 2.
"""

import hashlib
import json
import operator
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from sessions.models import TherapySession

from .. import selectors, summaries
from ..checklist import checklist_review
from ..history import PatientHistory, SessionRow, histories
from ..locks import advisory_locks
from ..models import (
    Flag,
    FlagFiring,
    FlagStatus,
    PatientChecklistReview,
    SessionReview,
    Severity,
    TherapistChecklistReview,
    ThresholdSet,
)
from ..rules import RULES, SessionFindings, Thresholds, review_history

ADVISORY_LOCK_NAMESPACE = 0x52455649  # "REVI": review locks, one per patient
FLAG_UPDATE_FIELDS = [
    "session",
    "latest_session",
    "severity",
    "evidence",
    "source",
    "status",
    "withdrawn_at",
    "updated_at",
]
REVIEW_UPDATE_FIELDS = ["risk_level", "rules_fired", "checklist_gaps", "thresholds", "computed_at"]


@dataclass(frozen=True)
class ReviewCounts:
    patients: int = 0
    sessions: int = 0
    flags_written: int = 0
    flags_withdrawn: int = 0
    therapist_ids: frozenset[int] = frozenset()


def checklist_parameters() -> dict:
    """The checklist review windows in force: the defaults overridden by REVIEW_CHECKLIST."""
    parameters = {"days": 28, "last_sessions": 10, "supervision_sessions": 6, "supervision_fraction": "0.5"}
    unknown = sorted(set(settings.REVIEW_CHECKLIST) - set(parameters))
    if unknown:
        raise ValueError(f"Unknown REVIEW_CHECKLIST keys: {', '.join(unknown)}.")
    return parameters | {key: value for key, value in settings.REVIEW_CHECKLIST.items()}


def patients_review(*, patient_ids: Sequence[int], only_marked: bool, weekly: bool = True) -> ReviewCounts:
    """Review the patients' sessions: the marked ones, or all with `only_marked=False`.

    Also rewrites each patient's status and (unless `weekly` is false, for a
    caller that rebuilds them all afterwards) the weekly figures of the weeks
    of the sessions reviewed: see review.summaries.
    """
    thresholds = selectors.thresholds_in_force()
    with transaction.atomic():
        _lock_patients(sorted(set(patient_ids)))
        marks = selectors.review_marks(patient_ids)
        if only_marked and not marks:
            return ReviewCounts()
        found = histories(*selectors.history_frames(patient_ids))
        now = timezone.now()
        scope = set(marks) if only_marked else None
        computed, latest, every = _computed(found, thresholds, scope=scope)
        planned = [pk for history in found for pk in history.planned if scope is None or pk in scope]
        _reviews_store(computed, thresholds, now, planned=planned)
        written, withdrawn = _flags_store([h.patient_id for h in found], every, now)
        _marks_clear(marks)
        patient_checklists_store(found, now)
        summaries.patient_statuses_store(found, latest, now)
        if weekly:
            summaries.weekly_stats_store((row for row, _ in computed), now)
    return ReviewCounts(
        patients=len(found),
        sessions=len(computed),
        flags_written=written,
        flags_withdrawn=withdrawn,
        therapist_ids=frozenset(row.therapist_id for history in found for row in history.sessions),
    )


def _lock_patients(patient_ids: list[int]) -> None:
    # Row locks on the patient would deadlock with a writer that holds a session row
    # and then records a new session; an advisory lock is taken by reviews only.
    advisory_locks(ADVISORY_LOCK_NAMESPACE, patient_ids)


def _computed(found: list[PatientHistory], thresholds: Thresholds, *, scope: set[int] | None):
    """(session row, computed review) for each session in scope, every history reviewed whole;
    the review of each patient's latest session, by patient id; and (row, review) of every
    session of the histories, in session order (the flags follow the whole history)."""
    pairs, latest, every = [], {}, []
    for history in found:
        for row, review in zip(history.sessions, review_history(history.facts, thresholds), strict=True):
            if scope is None or row.id in scope:
                pairs.append((row, review))
            latest[history.patient_id] = review
            every.append((row, review))
    return pairs, latest, every


def threshold_set_for(thresholds: Thresholds) -> ThresholdSet:
    """The stored row for these thresholds, created the first time they are used."""
    values = {name: str(value) for name, value in asdict(thresholds).items()}
    digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()
    found, _created = ThresholdSet.objects.get_or_create(digest=digest, defaults={"values": values})
    return found


def _reviews_store(computed, thresholds: Thresholds, now, *, planned: Sequence[int] = ()) -> None:
    """Upsert the reviews computed; a session back to planned has none."""
    if planned:
        SessionReview.objects.filter(session_id__in=planned).delete()
    used = threshold_set_for(thresholds)
    reviews = [
        SessionReview(
            session_id=row.id,
            risk_level=review.risk_level,
            rules_fired=[{"code": f.code, "severity": f.severity, "evidence": f.evidence} for f in review.fired],
            checklist_gaps=row.checklist_gaps,
            thresholds_id=used.pk,
            computed_at=now,
        )
        for row, review in computed
    ]
    SessionReview.objects.bulk_create(
        reviews, batch_size=1000, update_conflicts=True, unique_fields=["session"], update_fields=REVIEW_UPDATE_FIELDS
    )


FLAG_COLUMNS = [field.attname for field in Flag._meta.concrete_fields]


def _flags_store(patient_ids: list[int], every: list[tuple[SessionRow, SessionFindings]], now) -> tuple[int, int]:
    """Rewrite the flags of these patients from the reviews of all their sessions (in session
    order): one flag per concern (docs/review-rules.md, "Flags: one per concern"). A stored flag
    keeps what clinicians did with it; one whose rule fires at none of its sessions is withdrawn.
    Returns (flags written, flags withdrawn).

    The stored flags and firings are read as plain rows (the flags locked against a
    clinician's acknowledgement meanwhile); only the rows that change are written.
    """
    stored_flags = Flag.objects.select_for_update().filter(patient_id__in=patient_ids).order_by("pk")
    flags = {flag["id"]: flag for flag in stored_flags.values(*FLAG_COLUMNS)}
    stored_firings = FlagFiring.objects.filter(flag__patient_id__in=patient_ids).values(
        "id", "flag_id", "session_id", "code", "evidence"
    )
    firings = {(f["session_id"], f["code"]): f for f in stored_firings}
    runs = _concern_runs(every, flags, firings)
    gone = [pk for pk, flag in flags.items() if pk not in runs and flag["status"] != FlagStatus.WITHDRAWN]
    for start in range(0, len(gone), 1000):
        Flag.objects.filter(pk__in=gone[start : start + 1000]).update(
            status=FlagStatus.WITHDRAWN, withdrawn_at=now, updated_at=now
        )
    changed, created = [], {}
    for owner, run in runs.items():
        flag = _flag_of_run(flags.get(owner), run, now)
        if flag is not None and flag.pk is None:
            created[owner] = flag
        elif flag is not None:
            changed.append(flag)
    Flag.objects.bulk_update(changed, FLAG_UPDATE_FIELDS, batch_size=1000)
    Flag.objects.bulk_create(list(created.values()), batch_size=1000)
    wanted = {}
    for owner, run in runs.items():
        flag_id = created[owner].pk if owner in created else owner
        for row, fired in run:
            wanted[(row.id, fired.code)] = (flag_id, fired.evidence)
    stale = [f["id"] for key, f in firings.items() if key not in wanted]
    for start in range(0, len(stale), 1000):
        FlagFiring.objects.filter(pk__in=stale[start : start + 1000]).delete()
    writes = [
        FlagFiring(session_id=session_id, code=code, flag_id=flag_id, evidence=evidence, added_at=now)
        for (session_id, code), (flag_id, evidence) in wanted.items()
        if _firing_stored((session_id, code), firings) != (flag_id, evidence)
    ]
    FlagFiring.objects.bulk_create(
        writes,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["session", "code"],
        update_fields=["flag", "evidence"],
    )
    return len(changed) + len(created), len(gone)


def _firing_stored(key: tuple, firings: dict[tuple, dict]) -> tuple | None:
    found = firings.get(key)
    return None if found is None else (found["flag_id"], found["evidence"])


def _concern_runs(every, flags: dict[int, dict], firings: dict[tuple, dict]) -> dict:
    """Owner → [(session row, fired rule), ...] in session order: the sessions of each concern.

    An owner is a stored flag's id, or ("new", session id, code) for a flag to raise. A firing
    continues the latest flag of its patient and rule unless that flag was resolved before the
    firing's date; otherwise it raises a flag, which is the stored one that held this session
    (or, failing that, a later session of the rule), so that recomputing keeps what was done.
    """
    by_rule: dict[tuple[int, str], list] = {}
    for row, review in every:
        for fired in review.fired:
            if fired.severity != Severity.INFO:
                by_rule.setdefault((row.patient_id, fired.code), []).append((row, fired))
    raised_at: dict[tuple[int, str], list[int]] = {}
    for pk, flag in flags.items():
        raised_at.setdefault((flag["session_id"], flag["code"]), []).append(pk)
    runs: dict = {}
    for (_patient_id, code), fired_list in by_rule.items():
        current = None
        for index, (row, fired) in enumerate(fired_list):
            if current is not None and not _resolved_before(flags.get(current), row.date):
                runs[current].append((row, fired))
                continue
            current = _stored_owner(fired_list[index:], code, flags, firings, raised_at, runs, row.date)
            if current is None:
                current = ("new", row.id, code)
            runs[current] = [(row, fired)]
    return runs


def _stored_owner(ahead, code, flags, firings, raised_at, runs, date):
    """The stored flag to carry a concern raised at `ahead[0]`: the first not yet taken that held
    this session, or a later one of the rule (when it was not resolved before this date)."""
    for position, (row, _fired) in enumerate(ahead):
        held = firings.get((row.id, code))
        candidates = ([held["flag_id"]] if held else []) + raised_at.get((row.id, code), [])
        for pk in candidates:
            if pk in flags and pk not in runs and (position == 0 or not _resolved_before(flags[pk], date)):
                return pk
    return None


def _resolved_before(flag: dict | None, date) -> bool:
    """Whether the flag was resolved before that date (a flag still to raise never was)."""
    if flag is None or flag["resolved_at"] is None:
        return False
    return timezone.localdate(flag["resolved_at"]) < date


def _flag_of_run(stored: dict | None, run: list, now) -> Flag | None:
    """The flag row to write for a concern, or None when the stored one is already right.

    A stored flag keeps what was done with it (acknowledgement, resolution);
    a withdrawn one returns to that state.
    """
    (first, _), (last, fired) = run[0], run[-1]
    severity, source = fired.severity, RULES[fired.code][1]
    if stored is None:
        return Flag(
            session_id=first.id,
            latest_session_id=last.id,
            patient_id=first.patient_id,
            code=fired.code,
            severity=severity,
            evidence=fired.evidence,
            source=source,
            status=FlagStatus.OPEN,
            raised_at=now,
            updated_at=now,
        )
    status = _status_when_firing(stored)
    wanted = (first.id, last.id, status, severity, fired.evidence, source)
    if wanted == tuple(
        stored[k] for k in ("session_id", "latest_session_id", "status", "severity", "evidence", "source")
    ):
        return None
    flag = Flag(**stored)
    flag.session_id, flag.latest_session_id = first.id, last.id
    flag.severity, flag.evidence, flag.source = severity, fired.evidence, source
    flag.status, flag.withdrawn_at, flag.updated_at = status, None, now
    return flag


def _status_when_firing(stored: dict) -> str:
    if stored["resolved_at"] is not None:
        return FlagStatus.RESOLVED
    if stored["acknowledged_at"] is not None:
        return FlagStatus.ACKNOWLEDGED
    return FlagStatus.OPEN


def _marks_clear(marks: dict) -> None:
    """Clear each mark still holding the timestamp that was read; a newer mark stays for the next review."""
    by_time: dict = {}
    for session_id, requested_at in marks.items():
        by_time.setdefault(requested_at, []).append(session_id)
    groups = list(by_time.items())
    for start in range(0, len(groups), 200):
        condition = reduce(
            operator.or_, (Q(pk__in=ids, review_requested_at=at) for at, ids in groups[start : start + 200])
        )
        TherapySession.objects.filter(condition).update(review_requested_at=None)


def _checklist_json(review) -> dict:
    def counts(items):
        return [
            {"item": c.item, "answered": c.answered, "yes": c.yes, "rate": None if c.rate is None else str(c.rate)}
            for c in items
        ]

    return {
        "recent_days": counts(review.recent_days),
        "recent_sessions": counts(review.recent_sessions),
        "supervision_points": list(review.supervision_points),
    }


def _checklist_fields(sessions, now, parameters: dict) -> dict:
    today = timezone.localdate(now)
    review = checklist_review(
        sessions,
        today,
        days=int(parameters["days"]),
        last_sessions=int(parameters["last_sessions"]),
        supervision_sessions=int(parameters["supervision_sessions"]),
        supervision_fraction=Decimal(str(parameters["supervision_fraction"])),
    )
    return {"as_of": today, "parameters": parameters, "computed_at": now, **_checklist_json(review)}


CHECKLIST_UPDATE_FIELDS = ["as_of", "recent_days", "recent_sessions", "supervision_points", "parameters", "computed_at"]


def _checklists_store(model, owner: str, checklists: dict[int, list], now) -> int:
    parameters = checklist_parameters()
    rows = [model(**{owner: key}, **_checklist_fields(found, now, parameters)) for key, found in checklists.items()]
    model.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=[owner.removesuffix("_id")],
        update_fields=CHECKLIST_UPDATE_FIELDS,
    )
    return len(rows)


def patient_checklists_store(found: list[PatientHistory], now) -> None:
    """The checklist review of each patient, from the histories just read."""
    checklists = {h.patient_id: [(row.date, row.checklist) for row in h.sessions] for h in found}
    _checklists_store(PatientChecklistReview, "patient_id", checklists, now)


def _checklists_read(by: str, ids: list[int], now) -> dict[int, list]:
    checklists: dict[int, list] = {key: [] for key in ids}
    frame = selectors.checklist_frame(by=by, ids=ids, until=timezone.localdate(now))
    for key, date, *answers in frame.itertuples(index=False, name=None):
        checklists[key].append((date, tuple(None if a is None else bool(a) for a in answers)))
    return checklists


@transaction.atomic
def therapist_checklists_review(*, therapist_ids: Sequence[int]) -> int:
    """Recompute the checklist review of each therapist over the sessions they held. Returns how many."""
    ids = sorted(set(therapist_ids))
    # One recompute of a therapist at a time; no_key leaves new sessions (which reference the row) unblocked.
    list(User.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values_list("pk"))
    now = timezone.now()
    return _checklists_store(TherapistChecklistReview, "therapist_id", _checklists_read("therapist_id", ids, now), now)


@transaction.atomic
def patient_checklists_review(*, patient_ids: Sequence[int]) -> int:
    """Recompute the checklist review of each patient (the daily refresh). Returns how many."""
    ids = sorted(set(patient_ids))
    _lock_patients(ids)
    now = timezone.now()
    return _checklists_store(PatientChecklistReview, "patient_id", _checklists_read("patient_id", ids, now), now)
