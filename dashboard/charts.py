"""One pure function per chart: a DataFrame in, a plotly figure (as a dict) out.

Figures reach the page through `json_script` and are drawn by
static/js/charts.js with plotly.js's strict bundle, served from our own
static files. Each function returns None when there is too little data to
draw; the template then shows an empty state. Every chart also has a table
alternative in its template, built from the same rows.

graph_objects, not plotly.express: express costs ~30 ms a figure, this ~2 ms.
"""

import math

import pandas as pd
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from measures.instruments import SRS_CUTOFF

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
SEVERITY_COLOURS = {"high": PALETTE["vermillion"], "medium": PALETTE["orange"], "low": PALETTE["sky"]}
MIN_POINTS = 2


def _layout(**overrides) -> dict:
    """Layout defaults shared by every chart."""
    layout = {
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        "margin": {"l": 56, "r": 16, "t": 24, "b": 48},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "#ffffff",
        "hovermode": "closest",
        # Below the x-axis title, however many rows the legend wraps to.
        "legend": {"orientation": "h", "y": -0.22, "yanchor": "top", "x": 0},
        "height": 320,
    }
    layout.update(overrides)
    return layout


def _figure(traces: list, layout: dict) -> dict:
    figure = go.Figure(data=traces, layout=layout)
    return figure.to_plotly_json()


def _clean(values) -> list:
    """Plain JSON numbers: NaN becomes None (a gap), Decimals become floats."""
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]


def patient_timeline(sessions: pd.DataFrame) -> dict | None:
    """The patient's alliance over their sessions, in three stacked panels.

    Columns: number, date, attendance, srs_total, srs_relationship, srs_goals,
    srs_approach, srs_overall, wai_task, wai_bond, wai_goal, twai_task,
    twai_bond, twai_goal, flag_text (why a flag fired, or empty).
    """
    if sessions.empty or sessions["srs_total"].notna().sum() + sessions["wai_task"].notna().sum() < MIN_POINTS:
        return None
    x = sessions["number"].tolist()
    dates = [d.isoformat() if hasattr(d, "isoformat") else str(d) for d in sessions["date"]]
    traces = [
        go.Scatter(
            x=x,
            y=_clean(sessions["srs_total"]),
            name=_("SRS total"),
            mode="lines+markers",
            connectgaps=True,
            line={"color": PALETTE["blue"], "width": 3},
            customdata=dates,
            hovertemplate=_("Session %{x} (%{customdata}): SRS %{y}") + "<extra></extra>",
            yaxis="y3",
        )
    ]
    flagged = sessions[sessions["flag_text"].fillna("") != ""]
    if not flagged.empty:
        traces.append(
            go.Scatter(
                x=flagged["number"].tolist(),
                y=[40.5] * len(flagged),
                name=_("Flags"),
                mode="markers",
                marker={"symbol": "triangle-down", "size": 13, "color": PALETTE["vermillion"]},
                text=flagged["flag_text"].tolist(),
                hovertemplate=_("Session %{x}: %{text}") + "<extra></extra>",
                yaxis="y3",
            )
        )
    missed = sessions[sessions["attendance"].isin(["cancelled_patient", "no_show"])]
    if not missed.empty:
        traces.append(
            go.Scatter(
                x=missed["number"].tolist(),
                y=[1.0] * len(missed),
                name=_("Cancelled or no-show"),
                mode="markers",
                marker={"symbol": "x", "size": 11, "color": PALETTE["grey"]},
                hovertemplate=_("Session %{x}: missed") + "<extra></extra>",
                yaxis="y3",
            )
        )
    items = [
        ("srs_relationship", _("Relationship")),
        ("srs_goals", _("Goals and topics")),
        ("srs_approach", _("Approach or method")),
        ("srs_overall", _("Overall")),
    ]
    for (column, label), colour in zip(items, SERIES_COLOURS[1:], strict=False):
        traces.append(
            go.Scatter(
                x=x,
                y=_clean(sessions[column]),
                name=label,
                mode="lines+markers",
                connectgaps=True,
                line={"color": colour, "width": 1.5},
                hovertemplate=label + " %{y}<extra></extra>",
                yaxis="y2",
            )
        )
    for prefix, dash, rater in (("wai", "solid", _("patient")), ("twai", "dot", _("therapist"))):
        for (subscale, label), colour in zip(
            (("task", _("Task")), ("bond", _("Bond")), ("goal", _("Goal"))), SERIES_COLOURS[4:], strict=False
        ):
            values = sessions[f"{prefix}_{subscale}"]
            if values.notna().any():
                name = f"WAI-SR {label} ({rater})"
                traces.append(
                    go.Scatter(
                        x=x,
                        y=_clean(values),
                        name=name,
                        mode="lines+markers",
                        connectgaps=True,
                        line={"color": colour, "dash": dash},
                        hovertemplate=name + " %{y}<extra></extra>",
                        yaxis="y",
                    )
                )
    cutoff = float(SRS_CUTOFF)
    layout = _layout(
        height=560,
        xaxis={"title": {"text": _("Session")}, "dtick": 1, "zeroline": False},
        yaxis3={"domain": [0.56, 1.0], "range": [0, 41.5], "title": {"text": "SRS"}},
        yaxis2={"domain": [0.3, 0.52], "range": [0, 10.4], "title": {"text": _("SRS items")}},
        yaxis={"domain": [0.0, 0.26], "range": [0.8, 5.2], "title": {"text": "WAI-SR"}},
        shapes=[
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y3",
                "y0": cutoff,
                "y1": cutoff,
                "line": {"color": PALETTE["vermillion"], "dash": "dash", "width": 1.5},
            }
        ],
        annotations=[
            {
                "xref": "paper",
                "x": 1,
                "xanchor": "right",
                "yref": "y3",
                "y": cutoff,
                "yanchor": "bottom",
                "text": _("cutoff 36"),
                "showarrow": False,
                "font": {"color": PALETTE["vermillion"], "size": 11},
            }
        ],
    )
    return _figure(traces, layout)


def weekly_lines(
    weekly: pd.DataFrame, *, series: str, value: str, y_title: str, y_range: list[float], percent: bool = False
) -> dict | None:
    """One line per `series` value over `week`: a therapist's median SRS, a checklist item's rate."""
    if weekly.empty or weekly["week"].nunique() < MIN_POINTS:
        return None
    traces = []
    for colour, (name, rows) in zip(SERIES_COLOURS * 4, weekly.groupby(series, sort=True), strict=False):
        rows = rows.sort_values("week")
        y = [v * 100 if v is not None else None for v in _clean(rows[value])] if percent else _clean(rows[value])
        traces.append(
            go.Scatter(
                x=[w.isoformat() for w in rows["week"]],
                y=y,
                name=str(name),
                mode="lines+markers",
                line={"color": colour},
                hovertemplate=f"{name}: %{{y}}{'%' if percent else ''}<extra></extra>",
            )
        )
    layout = _layout(
        xaxis={"title": {"text": _("Week")}, "type": "date", "tickformat": "%d/%m/%y"},
        yaxis={"title": {"text": y_title}, "range": y_range},
    )
    return _figure(traces, layout)


def therapist_alliance(weekly: pd.DataFrame) -> dict | None:
    """Median SRS by week, one line per therapist. Columns: week, therapist, median_srs."""
    figure = weekly_lines(weekly, series="therapist", value="median_srs", y_title=_("Median SRS"), y_range=[0, 41])
    return _with_cutoff(figure)


def checklist_adherence(weekly: pd.DataFrame) -> dict | None:
    """Share of "yes" by week, one line per checklist item. Columns: week, item, rate (0-1)."""
    return weekly_lines(
        weekly, series="item", value="rate", y_title=_("Answered yes (%)"), y_range=[0, 105], percent=True
    )


def clinic_alliance(weekly: pd.DataFrame) -> dict | None:
    """Clinic-wide median SRS by week with the number of SRS. Columns: week, median_srs, responses."""
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
            y=_clean(weekly["median_srs"]),
            name=_("Median SRS"),
            mode="lines+markers",
            line={"color": PALETTE["blue"], "width": 3},
            hovertemplate=_("Median SRS %{y}") + "<extra></extra>",
        ),
    ]
    layout = _layout(
        xaxis={"title": {"text": _("Week")}, "type": "date", "tickformat": "%d/%m/%y"},
        yaxis={"title": {"text": _("Median SRS")}, "range": [0, 41]},
        yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "title": {"text": _("SRS given")}},
    )
    return _with_cutoff(_figure(traces, layout))


def _with_cutoff(figure: dict | None) -> dict | None:
    if figure is None:
        return None
    cutoff = float(SRS_CUTOFF)
    figure["layout"]["shapes"] = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": cutoff,
            "y1": cutoff,
            "line": {"color": PALETTE["vermillion"], "dash": "dash", "width": 1.5},
        }
    ]
    return figure
