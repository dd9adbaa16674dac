"""Patients' histories as the rules read them, built with pandas from three tables.

No ORM here: `review.selectors.history_frames` reads the rows, this module
joins them and turns each patient's sessions into `SessionFacts`.
"""

import datetime
from dataclasses import dataclass

import pandas as pd

from measures.instruments import WAI_SR, WAI_SR_THERAPIST
from sessions.models import CHECKLIST_FIELDS, MARKER_FIELDS, Attendance

from .rules import SessionFacts, WaiSnapshot

SESSION_COLUMNS = [
    "id",
    "patient_id",
    "number",
    "therapist_id",
    "date",
    "attendance",
    *MARKER_FIELDS.values(),
    *CHECKLIST_FIELDS.values(),
]
SRS_COLUMNS = ["session_id", "version", "relationship", "goals", "approach", "overall"]
WAI_COLUMNS = ["session_id", "instrument", "version", "task", "bond", "goal", "total"]
WAI_SCORES = ["task", "bond", "goal", "total"]

# The therapist's WAI-SR is its own instrument (never one series with the
# patient's), but the same scale: rater_gap compares the two within a version.
SCALE_VERSION = {WAI_SR_THERAPIST.version: WAI_SR.version}

Checklist = tuple[bool | None, ...]
NO_MARKERS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SessionRow:
    """One session of a history: its facts for the rules, and what else the review writes."""

    id: int
    patient_id: int
    therapist_id: int
    date: datetime.date
    attended: bool
    checklist: Checklist
    facts: SessionFacts

    @property
    def checklist_gaps(self) -> dict[str, list[int]]:
        """Checklist items of an attended session answered "no" or left unanswered."""
        if not self.attended:
            return {"no": [], "unanswered": []}
        return {
            "no": [n for n, answer in enumerate(self.checklist, start=1) if answer is False],
            "unanswered": [n for n, answer in enumerate(self.checklist, start=1) if answer is None],
        }


@dataclass(frozen=True)
class PatientHistory:
    patient_id: int
    sessions: tuple[SessionRow, ...]  # in session-number order, planned sessions left out
    planned: tuple[int, ...] = ()  # the ids of the planned (`scheduled`) sessions: part of no review

    @property
    def facts(self) -> list[SessionFacts]:
        return [row.facts for row in self.sessions]


def frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=columns)


def histories(sessions: pd.DataFrame, srs: pd.DataFrame, wai: pd.DataFrame) -> list[PatientHistory]:
    """One history per patient present in `sessions`, ordered by patient id.

    A planned session is not part of the history (REVIEW_RULES.md "Inputs"): only its id is kept.
    """
    joined = _joined(sessions, srs, wai)
    by_patient: dict[int, list[SessionRow]] = {}
    planned: dict[int, list[int]] = {}
    for row in joined.to_dict("records"):
        rows = by_patient.setdefault(row["patient_id"], [])
        if row["attendance"] == Attendance.SCHEDULED:
            planned.setdefault(row["patient_id"], []).append(int(row["id"]))
        else:
            rows.append(_session_row(row))
    return [
        PatientHistory(patient_id, tuple(rows), tuple(planned.get(patient_id, ())))
        for patient_id, rows in by_patient.items()
    ]


def _joined(sessions: pd.DataFrame, srs: pd.DataFrame, wai: pd.DataFrame) -> pd.DataFrame:
    """Sessions with their SRS and both WAI-SRs as columns, None where absent."""
    patient_wai = wai[wai["instrument"] == WAI_SR.code].drop(columns="instrument")
    therapist_wai = wai[wai["instrument"] == WAI_SR_THERAPIST.code].drop(columns="instrument")
    joined = (
        sessions.set_index("id")
        .join(srs.set_index("session_id").add_prefix("srs_"))
        .join(patient_wai.set_index("session_id").add_prefix("wp_"))
        .join(therapist_wai.set_index("session_id").add_prefix("wt_"))
        .reset_index()
        .sort_values(["patient_id", "number"], kind="stable")
    )
    return joined.astype(object).where(joined.notna(), None)


def _session_row(row: dict) -> SessionRow:
    checklist = tuple(row[name] for name in CHECKLIST_FIELDS.values())
    markers = frozenset(code for code, name in MARKER_FIELDS.items() if row[name]) or NO_MARKERS
    srs_items = None
    if row["srs_version"] is not None:
        srs_items = (row["srs_relationship"], row["srs_goals"], row["srs_approach"], row["srs_overall"])
    facts = SessionFacts(
        number=int(row["number"]),
        attendance=row["attendance"],
        srs_items=srs_items,
        srs_version=row["srs_version"] or "srs-1",
        wai_patient=_wai(row, "wp_"),
        wai_therapist=_wai(row, "wt_"),
        markers=markers,
        checklist_repaired=checklist[3],
    )
    return SessionRow(
        id=int(row["id"]),
        patient_id=int(row["patient_id"]),
        therapist_id=int(row["therapist_id"]),
        date=row["date"],
        attended=row["attendance"] == "attended",
        checklist=checklist,
        facts=facts,
    )


def _wai(row: dict, prefix: str) -> WaiSnapshot | None:
    version = row[f"{prefix}version"]
    if version is None:
        return None
    task, bond, goal, total = (row[f"{prefix}{name}"] for name in WAI_SCORES)
    return WaiSnapshot(task, bond, goal, total, version=SCALE_VERSION.get(version, version))
