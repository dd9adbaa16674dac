"""The rupture-risk rules of docs/review-rules.md, as pure functions. No Django.

Each rule takes plain data and returns a `Fired` (with the numbers that made
it fire) or None. `review_history` runs all of them over a patient's history
in one pass, carrying along the state that later sessions depend on.

The package exports what the rest of the project uses; the rules themselves
are in `srs` (the SRS rules) and `session` (the WAI-SR, attendance and
marker rules), their vocabulary in `base`.
"""

from .base import (
    DEFAULT_THRESHOLDS,
    MISSED_ATTENDANCE,
    RULES,
    Fired,
    SessionFacts,
    SessionFindings,
    Thresholds,
    WaiSnapshot,
)
from .history import review_history, review_session

__all__ = [
    "DEFAULT_THRESHOLDS",
    "MISSED_ATTENDANCE",
    "RULES",
    "Fired",
    "SessionFacts",
    "SessionFindings",
    "Thresholds",
    "WaiSnapshot",
    "review_history",
    "review_session",
]
