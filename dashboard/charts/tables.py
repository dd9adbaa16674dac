"""A chart as the page gets it (its figure and its table alternative), and the cells of those tables."""

from dataclasses import dataclass

import pandas as pd
from django.utils import formats


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    id: str  # the json_script id the page's script draws from
    figure: dict | None  # None: the empty state
    table: Table


def week_cell(monday) -> str:
    return formats.date_format(monday, "SHORT_DATE_FORMAT")


def number_cell(value) -> str:
    if value is None or pd.isna(value):
        return "–"
    return formats.number_format(value, decimal_pos=1)


def rate_cell(value, percent: bool) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{formats.localize(round(value * 100))} %" if percent else number_cell(value)


def scores_cell(*values) -> str:
    if all(v is None or pd.isna(v) for v in values):
        return "–"
    return " · ".join(formats.number_format(v, decimal_pos=2) if not pd.isna(v) else "–" for v in values)
