"""The rupture-risk rules of REVIEW_RULES.md, as pure functions. No Django.

Each rule takes plain data and returns a `Fired` (with the numbers that made
it fire) or None. `review_history` runs all of them over a patient's history
in one pass, carrying along the state that later sessions depend on.
"""

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from statistics import median
from typing import Self

from measures.scoring import SRS_ITEMS, WaiScores, srs_total

SEVERITIES = ("none", "info", "low", "medium", "high")
ATTENDANCE_CODES = ("attended", "cancelled_patient", "cancelled_therapist", "no_show")
MISSED_ATTENDANCE = frozenset({"cancelled_patient", "no_show"})
# Rupture markers after Safran & Muran (3RS).
MARKER_CODES_WITHDRAWAL = ("silence", "minimal_response", "topic_shift", "sleepiness", "deference")
MARKER_CODES_CONFRONTATION = ("complaint_therapist", "complaint_work", "sarcasm", "control")

# code -> (severity, source shown to the clinician with the flag)
RULES = {
    "srs_below_cutoff": ("medium", "PCOMS clinical cutoff (Duncan et al. 2003; OpenFIT alerts)"),
    "srs_item_low": ("low", "PCOMS guidance: any item below 9 merits a check-in"),
    "srs_drop": ("medium", "OpenFIT: a drop of one point or more from the last session"),
    "srs_sustained_low": ("high", "repeated low scores matter more than an isolated one"),
    "srs_v_rupture": ("high", "V-shaped deflection, strict 2 SD criterion (Stiles et al. 2004; Gumz et al. 2012)"),
    "rupture_repaired": (
        "info",
        "return to the pre-rupture level; repaired ruptures predict better outcome (Eubanks et al. 2018)",
    ),
    "rupture_unrepaired": ("high", "unrepaired ruptures predict worse outcome (McLaughlin et al. 2014)"),
    "srs_ceiling": ("info", "perfect scores can hide reluctance to give feedback"),
    "wai_low": ("medium", '"sometimes" or less; not a validated cutoff'),
    "wai_drop": (
        "medium",
        "reliable-change logic (Jacobson & Truax 1991); defaults not validated"
        " — set from a reference sample where one exists",
    ),
    "attendance": ("medium", "cancellations and no-shows as a rupture sign (seed guidance)"),
    "markers_confrontation": (
        "medium",
        "3RS confrontation markers strain collaboration most (Eubanks, Muran & Safran 2015)",
    ),
    "markers_withdrawal": ("medium", "3RS withdrawal markers"),
    "rater_gap": (
        "low",
        "therapists and patients see ruptures differently (Muran et al. 2009);"
        " a therapist who rates the alliance well above the patient may be missing"
        " a rupture",
    ),
    "unrepaired_in_session": ("high", "a rupture noticed but not repaired"),
}
# Two or more of these in one session raise its risk level to high.
COMBINED_HIGH = frozenset({"srs_below_cutoff", "srs_drop", "srs_v_rupture", "wai_low", "wai_drop"})


@dataclass(frozen=True)
class Thresholds:
    """Every threshold of REVIEW_RULES.md, with its default; each can be overridden."""

    # srs_below_cutoff, srs_sustained_low: PCOMS clinical cutoff (Duncan et al. 2003)
    srs_cutoff: Decimal = Decimal("36.0")
    # srs_item_low: PCOMS guidance, any item below 9 merits a check-in
    srs_item_cutoff: Decimal = Decimal("9.0")
    # srs_drop: OpenFIT, a drop of one point or more from the last session
    srs_drop: Decimal = Decimal("1.0")
    # srs_sustained_low: the last three SRS totals are each below the cutoff
    sustained_count: Decimal = Decimal("3")
    # srs_v_rupture (Stiles et al. 2004; Gumz et al. 2012): at least four earlier SRS,
    v_min_earlier: Decimal = Decimal("4")
    # ... B = median of the three previous totals,
    v_baseline_count: Decimal = Decimal("3")
    # ... B - current >= 2.0 x S (the strict 2 SD criterion),
    v_sd_multiplier: Decimal = Decimal("2.0")
    # ... S = max(sample SD of all earlier totals, 1.0)
    v_sd_floor: Decimal = Decimal("1.0")
    # rupture_repaired (Eubanks et al. 2018): current >= B - 0.5 x S of the rupture,
    repair_fraction: Decimal = Decimal("0.5")
    # ... which fired at one of the three previous SRS sessions
    repair_window: Decimal = Decimal("3")
    # rupture_unrepaired (McLaughlin et al. 2014): the third SRS session after a rupture
    unrepaired_after: Decimal = Decimal("3")
    # srs_ceiling: perfect scores (40.0) can hide reluctance to give feedback,
    ceiling: Decimal = Decimal("40.0")
    # ... at the last three SRS
    ceiling_count: Decimal = Decimal("3")
    # wai_low: a subscale mean below 3.0 is "sometimes" or less; not a validated cutoff
    wai_low: Decimal = Decimal("3.0")
    # wai_drop: reliable-change logic (Jacobson & Truax 1991); defaults not validated
    wai_total_drop: Decimal = Decimal("0.5")
    wai_bond_drop: Decimal = Decimal("0.75")
    # attendance (seed guidance): a miss among the three sessions before the current
    attendance_lookback: Decimal = Decimal("3")
    # markers_withdrawal: 3RS withdrawal markers, at least two
    withdrawal_min: Decimal = Decimal("2")
    # markers_confrontation: 3RS (Eubanks, Muran & Safran 2015), at least one
    confrontation_min: Decimal = Decimal("1")
    # rater_gap (Muran et al. 2009): therapist total - patient total >= 0.75
    rater_gap: Decimal = Decimal("0.75")

    def __post_init__(self) -> None:
        for name in _COUNT_FIELDS:
            value = getattr(self, name)
            if value != int(value) or value < 1:
                raise ValueError(f"Review threshold {name} must be a whole number >= 1.")
        # The sample SD needs two earlier totals, and B needs its baseline totals.
        if self.v_min_earlier < max(2, self.v_baseline_count):
            raise ValueError("Review threshold v_min_earlier must be >= 2 and >= v_baseline_count.")

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object]) -> Self:
        """Defaults overridden by `mapping` (e.g. a setting); unknown keys raise."""
        unknown = sorted(set(mapping) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"Unknown review thresholds: {', '.join(unknown)}.")
        return cls(**{name: _to_decimal(name, value) for name, value in mapping.items()})


_COUNT_FIELDS = (
    "sustained_count",
    "v_min_earlier",
    "v_baseline_count",
    "repair_window",
    "unrepaired_after",
    "ceiling_count",
    "attendance_lookback",
    "withdrawal_min",
    "confrontation_min",
)
DEFAULT_THRESHOLDS = Thresholds()


def _to_decimal(name: str, value: object) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"Review threshold {name} is not a number: {value!r}.") from None
    if not number.is_finite():
        raise ValueError(f"Review threshold {name} is not a number: {value!r}.")
    return number


@dataclass(frozen=True)
class WaiSnapshot:
    """Scores of one WAI-SR response (patient- or therapist-rated)."""

    task: Decimal | None
    bond: Decimal | None
    goal: Decimal | None
    total: Decimal | None
    version: str = "wai-sr-1"

    @property
    def complete(self) -> bool:
        return None not in (self.task, self.bond, self.goal, self.total)

    @classmethod
    def from_scores(cls, scores: WaiScores, version: str = "wai-sr-1") -> Self:
        """From a `measures.scoring.WaiScores`."""
        return cls(scores.task, scores.bond, scores.goal, scores.total, version)


@dataclass(frozen=True)
class SessionFacts:
    number: int
    attendance: str
    srs_items: tuple[Decimal, Decimal, Decimal, Decimal] | None = None
    srs_version: str = "srs-1"
    wai_patient: WaiSnapshot | None = None
    wai_therapist: WaiSnapshot | None = None
    markers: frozenset[str] = frozenset()
    checklist_repaired: bool | None = None  # checklist item 4; None = unanswered

    def __post_init__(self) -> None:
        if self.attendance not in ATTENDANCE_CODES:
            raise ValueError(f"Unknown attendance {self.attendance!r}.")
        unknown = set(self.markers) - {*MARKER_CODES_WITHDRAWAL, *MARKER_CODES_CONFRONTATION}
        if unknown:
            raise ValueError(f"Unknown marker codes: {', '.join(sorted(unknown))}.")


@dataclass(frozen=True)
class Fired:
    code: str
    severity: str
    evidence: dict


@dataclass(frozen=True)
class SessionReview:
    number: int
    risk_level: str
    fired: tuple[Fired, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.fired)


class SrsSeries:
    """SRS totals of one instrument version, in session order.

    Keeps exact running sums so the sample SD of all totals costs O(1); with
    one-decimal scores the sums are exact and the SD equals statistics.stdev.
    """

    def __init__(self, points: Iterable[tuple[int, Decimal]] = ()) -> None:
        self.numbers: list[int] = []
        self.totals: list[Decimal] = []
        self._sum = Decimal(0)
        self._sum_of_squares = Decimal(0)
        for number, total in points:
            self.add(number, total)

    def __len__(self) -> int:
        return len(self.totals)

    def add(self, number: int, total: Decimal) -> None:
        self.numbers.append(number)
        self.totals.append(total)
        self._sum += total
        self._sum_of_squares += total * total

    def sample_sd(self) -> Decimal:
        n = len(self.totals)
        variance = (n * self._sum_of_squares - self._sum * self._sum) / (n * (n - 1))
        return variance.sqrt()


@dataclass(frozen=True)
class Rupture:
    """An srs_v_rupture firing, remembered for rupture_repaired/unrepaired."""

    position: int  # index of its SRS in the series of its version
    number: int  # session number
    baseline: Decimal  # B
    spread: Decimal  # S


def _fired(code: str, **evidence: object) -> Fired:
    return Fired(code=code, severity=RULES[code][0], evidence=evidence)


def _s(value: Decimal) -> str:
    """A Decimal for evidence; long computed values (an SD) shown to three decimals."""
    if value.as_tuple().exponent < -3:
        value = value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return str(value)


def _last(values: Sequence, count: int) -> list:
    return list(values[-count:]) if count > 0 else []


# --- SRS rules: `earlier` is the series before the current SRS (same version) ---


def srs_below_cutoff(current: Decimal, t: Thresholds) -> Fired | None:
    if current < t.srs_cutoff:
        return _fired("srs_below_cutoff", total=_s(current), cutoff=_s(t.srs_cutoff))
    return None


def srs_item_low(items: Sequence[Decimal], t: Thresholds) -> Fired | None:
    total = srs_total(items)  # validates the items
    values = [Decimal(str(v)) for v in items]
    low = {name: _s(v) for name, v in zip(SRS_ITEMS, values, strict=True) if v < t.srs_item_cutoff}
    if total >= t.srs_cutoff and low:
        return _fired("srs_item_low", total=_s(total), low_items=low, item_cutoff=_s(t.srs_item_cutoff))
    return None


def srs_drop(earlier: SrsSeries, current: Decimal, t: Thresholds) -> Fired | None:
    if not earlier:
        return None
    previous = earlier.totals[-1]
    if previous - current >= t.srs_drop:
        return _fired(
            "srs_drop",
            previous_session=earlier.numbers[-1],
            previous=_s(previous),
            current=_s(current),
            drop=_s(previous - current),
            min_drop=_s(t.srs_drop),
        )
    return None


def srs_sustained_low(earlier: SrsSeries, current: Decimal, t: Thresholds) -> Fired | None:
    count = int(t.sustained_count)
    totals = [*_last(earlier.totals, count - 1), current]
    if len(totals) == count and all(total < t.srs_cutoff for total in totals):
        return _fired("srs_sustained_low", totals=[_s(x) for x in totals], cutoff=_s(t.srs_cutoff))
    return None


def v_baseline(earlier: SrsSeries, t: Thresholds) -> tuple[Decimal, Decimal] | None:
    """B and S of srs_v_rupture, or None with too few earlier SRS."""
    if len(earlier) < t.v_min_earlier:
        return None
    baseline = median(_last(earlier.totals, int(t.v_baseline_count)))
    return baseline, max(earlier.sample_sd(), t.v_sd_floor)


def srs_v_rupture(earlier: SrsSeries, current: Decimal, t: Thresholds) -> Fired | None:
    found = v_baseline(earlier, t)
    if found is None:
        return None
    baseline, spread = found
    if baseline - current >= t.v_sd_multiplier * spread:
        return _fired(
            "srs_v_rupture",
            baseline=_s(baseline),
            sd=_s(earlier.sample_sd()),
            spread=_s(spread),
            current=_s(current),
            deflection=_s(baseline - current),
            min_deflection=_s(t.v_sd_multiplier * spread),
            earlier_count=len(earlier),
        )
    return None


def rupture_repaired(open_ruptures: Sequence[Rupture], position: int, current: Decimal, t: Thresholds) -> Fired | None:
    """Fires when the current SRS is back near the level before a recent rupture.

    `open_ruptures`: ruptures of this series with no repair recorded since,
    read as "no rupture_repaired has fired after it"; `position`: the index of
    the current SRS in the series. Any rupture within the window may match;
    the evidence names the most recent one that does.
    """
    for rupture in reversed(open_ruptures):
        if not 0 < position - rupture.position <= t.repair_window:
            continue
        level = rupture.baseline - t.repair_fraction * rupture.spread
        if current >= level:
            return _fired(
                "rupture_repaired",
                rupture_session=rupture.number,
                baseline=_s(rupture.baseline),
                spread=_s(rupture.spread),
                level=_s(level),
                current=_s(current),
            )
    return None


def rupture_unrepaired(open_ruptures: Sequence[Rupture], position: int, t: Thresholds) -> Fired | None:
    """Fires at the third SRS after a rupture that is still open.

    The caller drops ruptures from `open_ruptures` as soon as a
    rupture_repaired fires (at this session included).
    """
    for rupture in open_ruptures:
        if position - rupture.position == t.unrepaired_after:
            return _fired("rupture_unrepaired", rupture_session=rupture.number, srs_since=int(t.unrepaired_after))
    return None


def srs_ceiling(earlier: SrsSeries, current: Decimal, t: Thresholds) -> Fired | None:
    count = int(t.ceiling_count)
    totals = [*_last(earlier.totals, count - 1), current]
    if len(totals) == count and all(total >= t.ceiling for total in totals):
        return _fired("srs_ceiling", totals=[_s(x) for x in totals])
    return None


# --- WAI-SR rules: responses with a missing subscale are ignored ---


def _comparable(a: WaiSnapshot | None, b: WaiSnapshot | None) -> bool:
    return a is not None and b is not None and a.complete and b.complete and a.version == b.version


def wai_low(current: SessionFacts, t: Thresholds) -> Fired | None:
    wai = current.wai_patient
    if wai is None or not wai.complete:
        return None
    subscales = {"task": wai.task, "bond": wai.bond, "goal": wai.goal}
    low = {name: _s(score) for name, score in subscales.items() if score < t.wai_low}
    if low:
        return _fired("wai_low", low_subscales=low, cutoff=_s(t.wai_low))
    return None


def wai_drop(previous: SessionFacts | None, current: SessionFacts, t: Thresholds) -> Fired | None:
    """`previous`: the nearest earlier session with a complete patient WAI-SR."""
    if previous is None or not _comparable(previous.wai_patient, current.wai_patient):
        return None
    before, now = previous.wai_patient, current.wai_patient
    total_drop, bond_drop = before.total - now.total, before.bond - now.bond
    if total_drop >= t.wai_total_drop or bond_drop >= t.wai_bond_drop:
        return _fired(
            "wai_drop",
            previous_session=previous.number,
            previous_total=_s(before.total),
            current_total=_s(now.total),
            total_drop=_s(total_drop),
            min_total_drop=_s(t.wai_total_drop),
            previous_bond=_s(before.bond),
            current_bond=_s(now.bond),
            bond_drop=_s(bond_drop),
            min_bond_drop=_s(t.wai_bond_drop),
        )
    return None


def rater_gap(current: SessionFacts, t: Thresholds) -> Fired | None:
    patient, therapist = current.wai_patient, current.wai_therapist
    if not _comparable(patient, therapist):
        return None
    gap = therapist.total - patient.total
    if gap >= t.rater_gap:
        return _fired(
            "rater_gap",
            therapist_total=_s(therapist.total),
            patient_total=_s(patient.total),
            gap=_s(gap),
            min_gap=_s(t.rater_gap),
        )
    return None


# --- Session rules ---


def attendance(earlier: Sequence[SessionFacts], current: SessionFacts, t: Thresholds) -> Fired | None:
    """`earlier`: the sessions before the current one, in order (any attendance)."""
    if current.attendance not in MISSED_ATTENDANCE:
        return None
    recent = list(earlier)[-int(t.attendance_lookback) :]
    missed = [s for s in recent if s.attendance in MISSED_ATTENDANCE]
    if missed:
        return _fired(
            "attendance",
            current=current.attendance,
            earlier=[{"session": s.number, "attendance": s.attendance} for s in missed],
        )
    return None


def markers_withdrawal(current: SessionFacts, t: Thresholds) -> Fired | None:
    seen = sorted(current.markers & set(MARKER_CODES_WITHDRAWAL))
    if len(seen) >= t.withdrawal_min:
        return _fired("markers_withdrawal", markers=seen, minimum=int(t.withdrawal_min))
    return None


def markers_confrontation(current: SessionFacts, t: Thresholds) -> Fired | None:
    seen = sorted(current.markers & set(MARKER_CODES_CONFRONTATION))
    if len(seen) >= t.confrontation_min:
        return _fired("markers_confrontation", markers=seen, minimum=int(t.confrontation_min))
    return None


def unrepaired_in_session(current: SessionFacts, fired_codes: Collection[str]) -> Fired | None:
    """Checklist item 4 answered "no" while a rupture was visible this session."""
    if current.checklist_repaired is not False:
        return None
    srs_rules = [code for code in ("srs_below_cutoff", "srs_drop") if code in fired_codes]
    if current.markers or srs_rules:
        return _fired("unrepaired_in_session", markers=sorted(current.markers), srs_rules=srs_rules)
    return None


def risk_level(fired: Iterable[Fired]) -> str:
    """Highest severity fired (info counts as none); high if COMBINED_HIGH coincide."""
    fired = list(fired)
    if len({f.code for f in fired} & COMBINED_HIGH) >= 2:
        return "high"
    ranks = [SEVERITIES.index(f.severity) for f in fired if f.severity != "info"]
    return SEVERITIES[max(ranks, default=0)]


# --- One pass over a history ---


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

    def review(self, session: SessionFacts) -> SessionReview:
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
        return SessionReview(session.number, risk_level(ordered), ordered)

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


def review_history(history: Sequence[SessionFacts], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[SessionReview]:
    """One review per session, in order, each using that session and earlier ones."""
    reviewer = _Reviewer(thresholds)
    return [reviewer.review(session) for session in history]


def review_session(
    history: Sequence[SessionFacts], index: int, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> SessionReview:
    """The review of history[index]; the sessions after it are not read."""
    if not 0 <= index < len(history):
        raise IndexError(f"No session at index {index} in a history of {len(history)}.")
    return review_history(history[: index + 1], thresholds)[-1]
