"""The clinic's chart: its median SRS by week with the number of SRS given, and the cutoff in force.

The frame (dashboard.selectors.weekly.clinic_frame): week, median_srs, responses.
"""

import pandas as pd
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from review.rules import Thresholds

from .layout import MIN_POINTS, PALETTE, clean, cutoff_line, figure
from .tables import Chart, Table, number_cell, week_cell
from .weekly import week_layout


def clinic_chart(weekly: pd.DataFrame, *, thresholds: Thresholds) -> Chart:
    return Chart("chart-clinic", clinic_figure(weekly, thresholds=thresholds), clinic_table(weekly))


def clinic_figure(weekly: pd.DataFrame, *, thresholds: Thresholds) -> dict | None:
    if weekly.empty or len(weekly) < MIN_POINTS:
        return None
    weekly = weekly.sort_values("week")
    weeks = [w.isoformat() for w in weekly["week"]]
    traces = [
        go.Bar(
            x=weeks,
            y=weekly["responses"].tolist(),
            name=_("SRS given"),
            marker={"color": "#d9e8f5"},
            yaxis="y2",
            hovertemplate=_("%{y} SRS") + "<extra></extra>",
        ),
        go.Scatter(
            x=weeks,
            y=clean(weekly["median_srs"]),
            name=_("Median SRS"),
            mode="lines+markers",
            line={"color": PALETTE["blue"], "width": 3},
            hovertemplate=_("Median SRS %{y}") + "<extra></extra>",
        ),
    ]
    layout = week_layout(
        _("Median SRS"),
        [0, 41],
        yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "title": {"text": _("SRS given")}},
        shapes=[cutoff_line(thresholds.srs_cutoff)],
    )
    return figure(traces, layout)


def clinic_table(weekly: pd.DataFrame) -> Table:
    rows = [
        [week_cell(row.week), number_cell(row.median_srs), str(row.responses)]
        for row in weekly.sort_values("week").itertuples()
    ]
    return Table([_("Week"), _("Median SRS"), _("SRS given")], rows)
