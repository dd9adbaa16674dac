"""The rupture-risk rules of REVIEW_RULES.md, as pure functions. No Django.

Each rule takes plain data and returns a `Fired` (with the numbers that made
it fire) or None. `review_history` runs all of them over a patient's history
in one pass, carrying along the state that later sessions depend on.
"""

from .base import (
    ATTENDANCE_CODES,
    COMBINED_HIGH,
    DEFAULT_THRESHOLDS,
    MARKER_CODES_CONFRONTATION,
    MARKER_CODES_WITHDRAWAL,
    MISSED_ATTENDANCE,
    RULES,
    SEVERITIES,
    Fired,
    Rupture,
    SessionFacts,
    SessionReview,
    SrsSeries,
    Thresholds,
    WaiSnapshot,
)
from .history import review_history, review_session
from .session import (
    attendance,
    markers_confrontation,
    markers_withdrawal,
    rater_gap,
    risk_level,
    unrepaired_in_session,
    wai_drop,
    wai_low,
)
from .srs import (
    rupture_repaired,
    rupture_unrepaired,
    srs_below_cutoff,
    srs_ceiling,
    srs_drop,
    srs_item_low,
    srs_sustained_low,
    srs_v_rupture,
    v_baseline,
)

__all__ = [
    "ATTENDANCE_CODES",
    "COMBINED_HIGH",
    "DEFAULT_THRESHOLDS",
    "MARKER_CODES_CONFRONTATION",
    "MARKER_CODES_WITHDRAWAL",
    "MISSED_ATTENDANCE",
    "RULES",
    "SEVERITIES",
    "Fired",
    "Rupture",
    "SessionFacts",
    "SessionReview",
    "SrsSeries",
    "Thresholds",
    "WaiSnapshot",
    "attendance",
    "markers_confrontation",
    "markers_withdrawal",
    "rater_gap",
    "review_history",
    "review_session",
    "risk_level",
    "rupture_repaired",
    "rupture_unrepaired",
    "srs_below_cutoff",
    "srs_ceiling",
    "srs_drop",
    "srs_item_low",
    "srs_sustained_low",
    "srs_v_rupture",
    "unrepaired_in_session",
    "v_baseline",
    "wai_drop",
    "wai_low",
]
