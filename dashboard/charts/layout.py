"""What every plotly chart shares: the palette, the layout defaults, the SRS cutoff line, plain JSON numbers.

graph_objects, not plotly.express: express costs ~30 ms a figure, this ~2 ms.
"""

import html
import math
from decimal import Decimal

import plotly.graph_objects as go

# Okabe & Ito's colour-blind-safe palette.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}
SERIES_COLOURS = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")]
CUTOFF_COLOUR = PALETTE["vermillion"]
MIN_POINTS = 2


def layout(**overrides) -> dict:
    """Layout defaults shared by every chart."""
    defaults = {
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        "margin": {"l": 56, "r": 16, "t": 24, "b": 48},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "#ffffff",
        "hovermode": "closest",
        # Below the x-axis title, however many rows the legend wraps to.
        "legend": {"orientation": "h", "y": -0.22, "yanchor": "top", "x": 0},
        "height": 320,
    }
    defaults.update(overrides)
    return defaults


def figure(traces: list, layout: dict) -> dict:
    return go.Figure(data=traces, layout=layout).to_plotly_json()


def cutoff_line(cutoff: Decimal, *, yref: str | None = None) -> dict:
    """The dashed line of the SRS cutoff in force, across the plot, on the y axis `yref` (default: the first)."""
    line = {"type": "line", "xref": "paper", "x0": 0, "x1": 1}
    if yref:
        line["yref"] = yref
    return line | {
        "y0": float(cutoff),
        "y1": float(cutoff),
        "line": {"color": CUTOFF_COLOUR, "dash": "dash", "width": 1.5},
    }


def clean(values) -> list:
    """Plain JSON numbers: NaN becomes None (a gap), Decimals become floats."""
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]


def text(value: object) -> str:
    """A string as plotly shows it literally: it reads tags in names, hover text, labels and titles
    (a therapist named `<a href=…>` became a link), so every user-provided string goes through here.
    Such strings never go into a hover template itself (`%{…}` there is a placeholder): the
    template reads them from the trace, e.g. `%{fullData.name}` or `%{text}`."""
    return html.escape(str(value), quote=False)
