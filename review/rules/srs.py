"""The SRS rules of docs/review-rules.md ("Rules"). `earlier` is the series before the current SRS (same version)."""

from collections.abc import Sequence
from decimal import Decimal
from statistics import median

from measures.scoring import SRS_ITEMS, srs_total

from .base import Fired, Rupture, SrsSeries, Thresholds, _fired, _last, _s


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
