"""Each chart of a page with its table alternative, from the DataFrames its selector built. No queries.

A `Chart` carries the plotly figure (None: the empty state) and the same
numbers as a table, which the template shows in a collapsible section.
"""

from dataclasses import dataclass

import pandas as pd
from django.utils import formats
from django.utils.translation import gettext as _

from sessions.models import Attendance

from . import charts


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    id: str  # the json_script id the page's script draws from
    figure: dict | None
    table: Table


def timeline_chart(frame: pd.DataFrame) -> Chart:
    return Chart("chart-timeline", charts.patient_timeline(frame), timeline_table(frame))


def alliance_chart(frame: pd.DataFrame) -> Chart:
    return Chart("chart-alliance", charts.therapist_alliance(frame), weekly_table(frame, "therapist", "median_srs"))


def adherence_chart(frame: pd.DataFrame) -> Chart:
    return Chart("chart-adherence", charts.checklist_adherence(frame), weekly_table(frame, "item", "rate", True))


def clinic_chart(frame: pd.DataFrame) -> Chart:
    rows = [
        [_week(row.week), _number(row.median_srs), str(row.responses)] for row in frame.sort_values("week").itertuples()
    ]
    return Chart(
        "chart-clinic", charts.clinic_alliance(frame), Table([_("Week"), _("Median SRS"), _("SRS given")], rows)
    )


def weekly_table(frame: pd.DataFrame, series: str, value: str, percent: bool = False) -> Table:
    """One row per week, one column per series (a therapist, a checklist item); "–" where nothing was given."""
    names = sorted(frame[series].unique()) if not frame.empty else []
    cells = {(row.week, getattr(row, series)): getattr(row, value) for row in frame.itertuples()}
    rows = [
        [_week(week)] + [_cell(cells.get((week, name)), percent) for name in names]
        for week in sorted(frame["week"].unique())
    ]
    return Table([_("Week"), *[str(name) for name in names]], rows)


def timeline_table(frame: pd.DataFrame) -> Table:
    headers = [
        _("Session"),
        _("Date"),
        _("Attendance"),
        _("SRS total"),
        _("Relationship"),
        _("Goals and topics"),
        _("Approach or method"),
        _("Overall"),
        _("WAI-SR Task, Bond, Goal (patient)"),
        _("WAI-SR Task, Bond, Goal (therapist)"),
        _("Flags"),
    ]
    rows = [
        [
            str(row.number),
            formats.date_format(row.date, "SHORT_DATE_FORMAT"),
            str(Attendance(row.attendance).label),
            *[_number(v) for v in (row.srs_total, row.srs_relationship, row.srs_goals, row.srs_approach)],
            _number(row.srs_overall),
            _scores(row.wai_task, row.wai_bond, row.wai_goal),
            _scores(row.twai_task, row.twai_bond, row.twai_goal),
            row.flag_text,
        ]
        for row in frame.itertuples()
    ]
    return Table(headers, rows)


def _week(monday) -> str:
    return formats.date_format(monday, "SHORT_DATE_FORMAT")


def _cell(value, percent: bool) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{formats.localize(round(value * 100))} %" if percent else _number(value)


def _number(value) -> str:
    if value is None or pd.isna(value):
        return "–"
    return formats.number_format(value, decimal_pos=1)


def _scores(*values) -> str:
    if all(v is None or pd.isna(v) for v in values):
        return "–"
    return " · ".join(formats.number_format(v, decimal_pos=2) if not pd.isna(v) else "–" for v in values)
