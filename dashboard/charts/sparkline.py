"""A small inline SVG of the last SRS totals, drawn on the server. Pure: no Django.

The template writes the geometry into SVG attributes and styles it with
classes (the Content Security Policy forbids inline styles).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, PAD = 64, 20, 2
FLOOR, CEILING = Decimal(30), Decimal(40)  # lower totals stretch the scale down to them


@dataclass(frozen=True)
class Sparkline:
    points: str  # "x,y x,y ..." for a <polyline>
    last_x: float
    last_y: float
    cutoff_y: float  # the dashed line of the SRS cutoff in force
    label: str  # the totals, for screen readers


def sparkline(totals: Sequence[Decimal | str], *, cutoff: Decimal) -> Sparkline | None:
    """The sparkline of SRS totals (0-40), oldest first, with the line of `cutoff`; None with fewer than two."""
    values = [Decimal(str(total)) for total in totals]
    if len(values) < 2:
        return None
    low = min(FLOOR, *values)
    step = (WIDTH - 2 * PAD) / (len(values) - 1)
    coords = [(PAD + i * step, _y(value, low)) for i, value in enumerate(values)]
    return Sparkline(
        points=" ".join(f"{x:.1f},{y:.1f}" for x, y in coords),
        last_x=round(coords[-1][0], 1),
        last_y=round(coords[-1][1], 1),
        cutoff_y=round(_y(cutoff, low), 1),
        label=", ".join(str(value) for value in values),
    )


def _y(value: Decimal, low: Decimal) -> float:
    share = (value - low) / (CEILING - low)
    return float(HEIGHT - PAD - share * (HEIGHT - 2 * PAD))
