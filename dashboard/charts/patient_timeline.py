"""The patient page's timeline: the alliance over the sessions, in three stacked panels.

The frame (dashboard.selectors.patient_timeline) has one row per session:
number, date, attendance, srs_total, srs_<item> for each SRS item,
wai_<subscale> and twai_<subscale> (patient- and therapist-rated WAI-SR),
flag_text (why a flag fired, or empty).
"""

import pandas as pd
import plotly.graph_objects as go
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext as _

from measures.instruments import SRS, WAI_SR
from measures.models import WAI_SCORE_NAMES
from review.rules import MISSED_ATTENDANCE, Thresholds
from sessions.models import Attendance

from .layout import CUTOFF_COLOUR, MIN_POINTS, PALETTE, SERIES_COLOURS, clean, cutoff_line, figure, layout, text
from .tables import Chart, Table, number_cell, scores_cell

# The panels, top to bottom, each on its own y axis.
TOTAL_AXIS, ITEMS_AXIS, WAI_AXIS = "y3", "y2", "y"
FLAG_Y, MISSED_Y = 40.5, 1.0  # where the markers sit on the SRS total panel


def timeline_chart(sessions: pd.DataFrame, *, thresholds: Thresholds) -> Chart:
    return Chart("chart-timeline", timeline_figure(sessions, thresholds=thresholds), timeline_table(sessions))


def timeline_figure(sessions: pd.DataFrame, *, thresholds: Thresholds) -> dict | None:
    """The SRS total with the markers of flags and missed sessions, the SRS items, the WAI-SR subscales."""
    if sessions.empty or sessions["srs_total"].notna().sum() + sessions["wai_task"].notna().sum() < MIN_POINTS:
        return None
    traces = [
        srs_total_trace(sessions),
        *flag_markers(sessions),
        *missed_markers(sessions),
        *srs_item_traces(sessions),
        *wai_traces(sessions),
    ]
    return figure(traces, timeline_layout(thresholds))


def srs_total_trace(sessions: pd.DataFrame) -> go.Scatter:
    dates = [d.isoformat() if hasattr(d, "isoformat") else str(d) for d in sessions["date"]]
    return go.Scatter(
        x=sessions["number"].tolist(),
        y=clean(sessions["srs_total"]),
        name=_("SRS total"),
        mode="lines+markers",
        connectgaps=True,
        line={"color": PALETTE["blue"], "width": 3},
        customdata=dates,
        hovertemplate=_("Session %{x} (%{customdata}): SRS %{y}") + "<extra></extra>",
        yaxis=TOTAL_AXIS,
    )


def flag_markers(sessions: pd.DataFrame) -> list[go.Scatter]:
    """A marker above the SRS total of each flagged session, saying why."""
    flagged = sessions[sessions["flag_text"].fillna("") != ""]
    marker = {"symbol": "triangle-down", "size": 13, "color": PALETTE["vermillion"]}
    return _markers(
        flagged,
        FLAG_Y,
        _("Flags"),
        marker,
        _("Session %{x}: %{text}"),
        text=[text(flag) for flag in flagged["flag_text"]],
    )


def missed_markers(sessions: pd.DataFrame) -> list[go.Scatter]:
    """A marker at the foot of the SRS total panel for each cancellation by the patient or no-show."""
    missed = sessions[sessions["attendance"].isin(MISSED_ATTENDANCE)]
    marker = {"symbol": "x", "size": 11, "color": PALETTE["grey"]}
    return _markers(missed, MISSED_Y, _("Cancelled or no-show"), marker, _("Session %{x}: missed"))


def _markers(rows: pd.DataFrame, y: float, name: str, marker: dict, hover: str, **extra) -> list[go.Scatter]:
    if rows.empty:
        return []
    return [
        go.Scatter(
            x=rows["number"].tolist(),
            y=[y] * len(rows),
            name=name,
            mode="markers",
            marker=marker,
            **extra,
            hovertemplate=hover + "<extra></extra>",
            yaxis=TOTAL_AXIS,
        )
    ]


def srs_item_traces(sessions: pd.DataFrame) -> list[go.Scatter]:
    """One thin line per SRS item, named as the instrument names it."""
    return [
        go.Scatter(
            x=sessions["number"].tolist(),
            y=clean(sessions[f"srs_{item.code}"]),
            name=text(item.name),
            mode="lines+markers",
            connectgaps=True,
            line={"color": colour, "width": 1.5},
            hovertemplate="%{fullData.name} %{y}<extra></extra>",
            yaxis=ITEMS_AXIS,
        )
        for item, colour in zip(SRS.items, SERIES_COLOURS[1:], strict=False)
    ]


def wai_traces(sessions: pd.DataFrame) -> list[go.Scatter]:
    """One line per WAI-SR subscale and rater (dotted: the therapist), for the raters who rated at all."""
    traces = []
    for prefix, dash, rater in (("wai", "solid", _("patient")), ("twai", "dot", _("therapist"))):
        for subscale, colour in zip(WAI_SR.subscales, SERIES_COLOURS[4:], strict=False):
            values = sessions[f"{prefix}_{subscale}"]
            if values.notna().any():
                traces.append(
                    go.Scatter(
                        x=sessions["number"].tolist(),
                        y=clean(values),
                        name=text(f"WAI-SR {WAI_SCORE_NAMES[subscale]} ({rater})"),
                        mode="lines+markers",
                        connectgaps=True,
                        line={"color": colour, "dash": dash},
                        hovertemplate="%{fullData.name} %{y}<extra></extra>",
                        yaxis=WAI_AXIS,
                    )
                )
    return traces


def timeline_layout(thresholds: Thresholds) -> dict:
    """The three panels stacked on one session axis, the SRS total's with the cutoff in force and its label."""
    cutoff = thresholds.srs_cutoff
    label = {
        "xref": "paper",
        "x": 1,
        "xanchor": "right",
        "yref": TOTAL_AXIS,
        "y": float(cutoff),
        "yanchor": "bottom",
        "text": _("cutoff %(cutoff)s") % {"cutoff": floatformat(cutoff, -1)},
        "showarrow": False,
        "font": {"color": CUTOFF_COLOUR, "size": 11},
    }
    return layout(
        height=560,
        xaxis={"title": {"text": _("Session")}, "dtick": 1, "zeroline": False},
        yaxis3={"domain": [0.56, 1.0], "range": [0, 41.5], "title": {"text": "SRS"}},
        yaxis2={"domain": [0.3, 0.52], "range": [0, 10.4], "title": {"text": _("SRS items")}},
        yaxis={"domain": [0.0, 0.26], "range": [0.8, 5.2], "title": {"text": "WAI-SR"}},
        shapes=[cutoff_line(cutoff, yref=TOTAL_AXIS)],
        annotations=[label],
    )


def timeline_table(sessions: pd.DataFrame) -> Table:
    headers = [
        _("Session"),
        _("Date"),
        _("Attendance"),
        _("SRS total"),
        *[str(item.name) for item in SRS.items],
        _("WAI-SR Task, Bond, Goal (patient)"),
        _("WAI-SR Task, Bond, Goal (therapist)"),
        _("Flags"),
    ]
    rows = [
        [
            str(row.number),
            formats.date_format(row.date, "SHORT_DATE_FORMAT"),
            str(Attendance(row.attendance).label),
            number_cell(row.srs_total),
            *[number_cell(getattr(row, f"srs_{item.code}")) for item in SRS.items],
            scores_cell(*[getattr(row, f"wai_{subscale}") for subscale in WAI_SR.subscales]),
            scores_cell(*[getattr(row, f"twai_{subscale}") for subscale in WAI_SR.subscales]),
            row.flag_text,
        ]
        for row in sessions.itertuples()
    ]
    return Table(headers, rows)
