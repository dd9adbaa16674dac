"""One line per series over the weeks, and its table: what the therapist alliance and checklist adherence share."""

import pandas as pd
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from .layout import MIN_POINTS, SERIES_COLOURS, clean, figure, layout, text
from .tables import Table, rate_cell, week_cell


def weekly_lines(
    weekly: pd.DataFrame,
    *,
    series: str,
    value: str,
    y_title: str,
    y_range: list[float],
    percent: bool = False,
    shapes: tuple[dict, ...] = (),
) -> dict | None:
    """One line per `series` value over `week`: a therapist's median SRS, a checklist item's rate."""
    if weekly.empty or weekly["week"].nunique() < MIN_POINTS:
        return None
    traces = []
    for colour, (name, rows) in zip(SERIES_COLOURS * 4, weekly.groupby(series, sort=True), strict=False):
        rows = rows.sort_values("week")
        y = [v * 100 if v is not None else None for v in clean(rows[value])] if percent else clean(rows[value])
        traces.append(
            go.Scatter(
                x=[w.isoformat() for w in rows["week"]],
                y=y,
                name=text(name),
                mode="lines+markers",
                line={"color": colour},
                hovertemplate=f"%{{fullData.name}}: %{{y}}{'%' if percent else ''}<extra></extra>",
            )
        )
    return figure(traces, week_layout(y_title, y_range, shapes=list(shapes)))


def week_layout(y_title: str, y_range: list[float], **overrides) -> dict:
    """A week axis and one y axis."""
    return layout(
        xaxis={"title": {"text": _("Week")}, "type": "date", "tickformat": "%d/%m/%y"},
        yaxis={"title": {"text": y_title}, "range": y_range},
        **overrides,
    )


def weekly_table(frame: pd.DataFrame, series: str, value: str, percent: bool = False) -> Table:
    """One row per week, one column per series (a therapist, a checklist item); "–" where nothing was given."""
    names = sorted(frame[series].unique()) if not frame.empty else []
    cells = {(row.week, getattr(row, series)): getattr(row, value) for row in frame.itertuples()}
    rows = [
        [week_cell(week)] + [rate_cell(cells.get((week, name)), percent) for name in names]
        for week in sorted(frame["week"].unique())
    ]
    return Table([_("Week"), *[str(name) for name in names]], rows)
