"""The vocabulary of the rules: codes, thresholds, a session's facts, what a rule returns. No Django."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Self

from measures.scoring import SRS_CUTOFF, WaiScores

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
    """Every threshold of docs/review-rules.md ("Thresholds"), with its default; each can be overridden."""

    # srs_below_cutoff, srs_sustained_low: the PCOMS clinical cutoff (measures.scoring)
    srs_cutoff: Decimal = SRS_CUTOFF
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
class WaiSnapshot(WaiScores):
    """The scores of one WAI-SR response (patient- or therapist-rated) and the version of the scale."""

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
class SessionFindings:
    """What the rules found at one session: its risk level and the rules that fired (in code order)."""

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
