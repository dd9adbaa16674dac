"""Scoring of the instruments (docs/review-rules.md, "Inputs"). Pure: no Django."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# SRS (Duncan, Miller et al. 2003): four visual-analog items, 0.0-10.0 to one
# decimal; the total is their sum (0-40).
SRS_ITEMS = ("relationship", "goals", "approach", "overall")
SRS_ITEM_MIN = Decimal("0.0")
SRS_ITEM_MAX = Decimal("10.0")
ONE_DECIMAL = Decimal("0.1")
# PCOMS clinical cutoff: a total below 36 is the published signal that the
# alliance needs attention (Duncan, Miller et al. 2003). The default of
# review.rules.Thresholds.srs_cutoff, which a clinic may override: pages show
# the thresholds in force, never this constant.
SRS_CUTOFF = Decimal("36.0")

# WAI-SR scoring key, 1-based item numbers (Hatcher & Gillaspy 2006,
# Psychotherapy Research 16(1), 12-25). No item is reverse-scored.
WAI_ITEM_COUNT = 12
WAI_ITEM_MIN = 1
WAI_ITEM_MAX = 5
WAI_SUBSCALES = {"task": (1, 2, 10, 12), "bond": (3, 5, 7, 9), "goal": (4, 6, 8, 11)}
# A subscale keeps a score with at most this many unanswered items.
WAI_MAX_MISSING_PER_SUBSCALE = 1
TWO_DECIMALS = Decimal("0.01")


def srs_total(items: Sequence[Decimal]) -> Decimal:
    """Sum of the four SRS items, to one decimal.

    Raises ValueError unless there are exactly four values, each present,
    within 0.0-10.0 and with at most one decimal: a partial SRS is invalid
    (no pro-rating for a four-item scale).
    """
    if len(items) != len(SRS_ITEMS):
        raise ValueError(f"An SRS needs exactly {len(SRS_ITEMS)} item values, got {len(items)}.")
    values = [_srs_item(name, value) for name, value in zip(SRS_ITEMS, items, strict=True)]
    return sum(values, Decimal("0")).quantize(ONE_DECIMAL)


def _srs_item(name: str, value: Decimal | None) -> Decimal:
    if value is None:
        raise ValueError(f"SRS item '{name}' is missing: a partial SRS is not scored.")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"SRS item '{name}' is not a number: {value!r}.") from None
    if not number.is_finite() or not SRS_ITEM_MIN <= number <= SRS_ITEM_MAX:
        raise ValueError(f"SRS item '{name}' must be between 0.0 and 10.0, got {value}.")
    if number.quantize(ONE_DECIMAL) != number:
        raise ValueError(f"SRS item '{name}' must have at most one decimal, got {value}.")
    return number


@dataclass(frozen=True)
class WaiScores:
    """WAI-SR subscale and total means (1-5), None where missing."""

    task: Decimal | None
    bond: Decimal | None
    goal: Decimal | None
    total: Decimal | None

    @property
    def complete(self) -> bool:
        return None not in (self.task, self.bond, self.goal)


def wai_scores(items: Sequence[int | None]) -> WaiScores:
    """Score a WAI-SR response: twelve items in item order, None if unanswered.

    A subscale is the mean of its four items, or of the other three when one
    is unanswered; with more unanswered it is None. The total is the mean of
    all answered items when every subscale has a score, else None. Means are
    rounded once, to two decimals, with ROUND_HALF_UP.
    Raises ValueError for a wrong length or a value that is not an integer 1-5.
    """
    if len(items) != WAI_ITEM_COUNT:
        raise ValueError(f"A WAI-SR needs {WAI_ITEM_COUNT} item values, got {len(items)}.")
    for number, value in enumerate(items, start=1):
        _check_wai_item(number, value)
    subscales = {
        name: _subscale_mean([items[number - 1] for number in numbers]) for name, numbers in WAI_SUBSCALES.items()
    }
    answered = [value for value in items if value is not None]
    total = _mean(answered) if None not in subscales.values() else None
    return WaiScores(total=total, **subscales)


def _check_wai_item(number: int, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"WAI-SR item {number} must be a whole number 1-5, got {value!r}.")
    if not WAI_ITEM_MIN <= value <= WAI_ITEM_MAX:
        raise ValueError(f"WAI-SR item {number} must be between 1 and 5, got {value}.")


def _subscale_mean(values: list[int | None]) -> Decimal | None:
    answered = [value for value in values if value is not None]
    if len(values) - len(answered) > WAI_MAX_MISSING_PER_SUBSCALE:
        return None
    return _mean(answered)


def _mean(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)
