"""The patient page's timeline: one row per session, as `charts.patient_timeline` reads it."""

from collections.abc import Sequence

import pandas as pd
from django.utils.translation import gettext as _

from measures.instruments import WAI_SR
from measures.models import SrsResponse, WaiResponse
from review.models import RiskLevel, Severity
from review.texts import RULE_TITLES
from sessions.models import TherapySession

TIMELINE_COLUMNS = [
    "number",
    "date",
    "attendance",
    "srs_total",
    "srs_relationship",
    "srs_goals",
    "srs_approach",
    "srs_overall",
    "wai_task",
    "wai_bond",
    "wai_goal",
    "twai_task",
    "twai_bond",
    "twai_goal",
    "flag_text",
]
SRS_FIELDS = ["total", "relationship", "goals", "approach", "overall"]
WAI_FIELDS = ["task", "bond", "goal"]


def patient_timeline(sessions: Sequence[TherapySession]) -> pd.DataFrame:
    """The sessions of one patient, in order, with their scores and why flags were raised, in two queries.

    `sessions` come with their review (select_related). The caller has already checked access to the patient.
    """
    ids = [session.pk for session in sessions]
    # order_by(): the models' default ordering would join the sessions and patients for nothing.
    srs_rows = SrsResponse.objects.filter(session_id__in=ids).order_by().values_list("session_id", *SRS_FIELDS)
    srs = {session_id: values for session_id, *values in srs_rows}
    wai: dict[tuple[int, str], tuple] = {}
    wai_rows = WaiResponse.objects.filter(session_id__in=ids).order_by()
    for session_id, instrument, *scores in wai_rows.values_list("session_id", "instrument", *WAI_FIELDS):
        wai[session_id, "wai" if instrument == WAI_SR.code else "twai"] = tuple(scores)
    rows = [
        (
            session.number,
            session.date,
            session.attendance,
            *_floats(srs.get(session.pk), len(SRS_FIELDS)),
            *_floats(wai.get((session.pk, "wai")), len(WAI_FIELDS)),
            *_floats(wai.get((session.pk, "twai")), len(WAI_FIELDS)),
            flag_text(session),
        )
        for session in sessions
    ]
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)


def flag_text(session: TherapySession) -> str:
    """Why the session was flagged, in the reader's language: its risk level and the rules that fired."""
    review = getattr(session, "review", None)
    if review is None:
        return ""
    titles = [str(RULE_TITLES[rule["code"]]) for rule in review.rules_fired if rule["severity"] != Severity.INFO]
    notes = [str(RULE_TITLES[rule["code"]]) for rule in review.rules_fired if rule["severity"] == Severity.INFO]
    parts = [f"{RiskLevel(review.risk_level).label}: {'; '.join(titles)}"] if titles else []
    if notes:
        # Info rules make notes, not flags (docs/review-rules.md, "Flags: one per concern").
        parts.append(_("Note: %(notes)s") % {"notes": "; ".join(notes)})
    return " · ".join(parts)


def _floats(values, count: int) -> list[float | None]:
    if values is None:
        return [None] * count
    return [None if value is None else float(value) for value in values]
