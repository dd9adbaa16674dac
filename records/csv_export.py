"""Export the sessions CSV (docs/design.md, "The sessions CSV"): one row per session, with its scores and review.

Four queries whatever the number of sessions: the sessions with their
patients, the SRS and the WAI-SR responses (`measures_of_sessions`), and the
session reviews (`_review_columns`).
"""

import csv
from typing import TextIO

from django.db.models import QuerySet

from measures.selectors import SessionMeasures, measures_of_sessions
from patients.models import Patient
from review.models import SessionReview
from sessions.models import TherapySession

from . import csv_format


def sessions_export_rows(patients: QuerySet[Patient]) -> list[list[str]]:
    """The header and one row per session of `patients`, by patient code and session number.

    The caller has already scoped `patients` to what the reader may see
    (`patients_for_user`).
    """
    sessions = list(
        TherapySession.objects.filter(patient__in=patients)
        .select_related("patient")
        .order_by("patient__code", "patient_id", "number")
    )
    measures = measures_of_sessions(sessions)
    review = _review_columns(sessions)
    rows = [list(csv_format.EXPORT_COLUMNS)]
    for session in sessions:
        rows.append(_cells(session, measures[session.pk], review[session.pk]))
    return rows


def sessions_csv_write(patients: QuerySet[Patient], out: TextIO) -> None:
    """Write the export of `patients` to `out` (see `sessions_export_rows`)."""
    csv.writer(out).writerows(sessions_export_rows(patients))


def _cells(session: TherapySession, measures: SessionMeasures, review: tuple[str, str]) -> list[str]:
    srs, wai = measures.srs, measures.wai_patient
    row = csv_format.SessionRow(
        patient_code=session.patient.code,
        number=session.number,
        date=session.date,
        attendance=session.attendance,
        modality=session.modality,
        srs=srs.items if srs else None,
        wai=wai.items if wai else None,
        markers=tuple(session.markers),
        checklist=session.checklist,
    )
    wai_means = [getattr(wai, name) if wai else None for name in ("task", "bond", "goal", "total")]
    scores = csv_format.score_cells(srs_total=srs.total if srs else None, wai_means=wai_means)
    return [*csv_format.row_cells(row), *scores, *review]


def _review_columns(sessions: list[TherapySession]) -> dict[int, tuple[str, str]]:
    """The risk_level and rules_fired cells of each session, by session id, in one query.

    The session review's risk level, and the codes of the rules that fired,
    sorted and joined with ";" (docs/review-rules.md, "Export"). Both are empty
    for a session not reviewed yet.
    """
    columns = {session.pk: ("", "") for session in sessions}
    reviews = SessionReview.objects.filter(session_id__in=list(columns)).values_list(
        "session_id", "risk_level", "rules_fired"
    )
    for session_id, risk_level, rules_fired in reviews:
        columns[session_id] = (risk_level, ";".join(sorted(rule["code"] for rule in rules_fired)))
    return columns
