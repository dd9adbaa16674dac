"""One pass over a patient's history: every rule at every session, in order."""

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from measures.scoring import srs_total

from .base import DEFAULT_THRESHOLDS, Fired, Rupture, SessionFacts, SessionFindings, SrsSeries, Thresholds
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


@dataclass
class _SrsState:
    series: SrsSeries = field(default_factory=SrsSeries)
    open_ruptures: list[Rupture] = field(default_factory=list)


class _Reviewer:
    """Reviews sessions in order, remembering only what later sessions need."""

    def __init__(self, t: Thresholds) -> None:
        self.t = t
        self.srs: dict[str, _SrsState] = {}  # by SRS version
        self.last_wai: dict[str, SessionFacts] = {}  # by WAI-SR version, complete only
        self.recent: deque[SessionFacts] = deque(maxlen=int(t.attendance_lookback))
        self.last_number: int | None = None

    def review(self, session: SessionFacts) -> SessionFindings:
        if self.last_number is not None and session.number <= self.last_number:
            raise ValueError("The history must be sorted by session number, without repeats.")
        self.last_number = session.number
        fired = [*self._srs_rules(session), *self._wai_rules(session), *self._session_rules(session)]
        fired = [f for f in fired if f is not None]
        in_session = unrepaired_in_session(session, {f.code for f in fired})
        if in_session:
            fired.append(in_session)
        self.recent.append(session)
        ordered = tuple(sorted(fired, key=lambda f: f.code))
        return SessionFindings(session.number, risk_level(ordered), ordered)

    def _srs_rules(self, session: SessionFacts) -> list[Fired | None]:
        if session.srs_items is None:
            return []
        t, current = self.t, srs_total(session.srs_items)
        state = self.srs.setdefault(session.srs_version, _SrsState())
        earlier, position = state.series, len(state.series)
        repaired = rupture_repaired(state.open_ruptures, position, current, t)
        if repaired:
            state.open_ruptures.clear()
        rupture = srs_v_rupture(earlier, current, t)
        fired = [
            srs_below_cutoff(current, t),
            srs_item_low(session.srs_items, t),
            srs_drop(earlier, current, t),
            srs_sustained_low(earlier, current, t),
            rupture,
            repaired,
            rupture_unrepaired(state.open_ruptures, position, t),
            srs_ceiling(earlier, current, t),
        ]
        if rupture:
            baseline, spread = v_baseline(earlier, t)
            state.open_ruptures.append(Rupture(position, session.number, baseline, spread))
        horizon = max(t.repair_window, t.unrepaired_after)
        state.open_ruptures = [r for r in state.open_ruptures if position + 1 - r.position <= horizon]
        earlier.add(session.number, current)
        return fired

    def _wai_rules(self, session: SessionFacts) -> list[Fired | None]:
        wai = session.wai_patient
        previous = self.last_wai.get(wai.version) if wai else None
        fired = [wai_low(session, self.t), wai_drop(previous, session, self.t), rater_gap(session, self.t)]
        if wai is not None and wai.complete:
            self.last_wai[wai.version] = session
        return fired

    def _session_rules(self, session: SessionFacts) -> list[Fired | None]:
        return [
            attendance(self.recent, session, self.t),
            markers_withdrawal(session, self.t),
            markers_confrontation(session, self.t),
        ]


def review_history(
    history: Sequence[SessionFacts], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> list[SessionFindings]:
    """One review per session, in order, each using that session and earlier ones."""
    reviewer = _Reviewer(thresholds)
    return [reviewer.review(session) for session in history]


def review_session(
    history: Sequence[SessionFacts], index: int, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> SessionFindings:
    """The review of history[index]; the sessions after it are not read."""
    if not 0 <= index < len(history):
        raise IndexError(f"No session at index {index} in a history of {len(history)}.")
    return review_history(history[: index + 1], thresholds)[-1]
