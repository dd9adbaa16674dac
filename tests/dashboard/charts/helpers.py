"""Small DataFrames for the chart tests, shaped as the dashboard selectors shape them."""

import datetime

import pandas as pd

COLUMNS = [
    "number", "date", "attendance", "srs_total", "srs_relationship", "srs_goals", "srs_approach", "srs_overall",
    "wai_task", "wai_bond", "wai_goal", "twai_task", "twai_bond", "twai_goal", "flag_text",
]  # fmt: skip


def sessions(rows):
    return pd.DataFrame([dict(zip(COLUMNS, row, strict=True)) for row in rows], columns=COLUMNS)


def row(number, srs=None, attendance="attended", wai=None, twai=None, flag=""):
    items = [srs / 4] * 4 if srs is not None else [None] * 4
    wai, twai = wai or (None, None, None), twai or (None, None, None)
    return (number, datetime.date(2026, 1, number), attendance, srs, *items, *wai, *twai, flag)


def names(figure):
    return [trace.get("name") for trace in figure["data"]]


def weeks(n):
    return [datetime.date(2026, 1, 5) + datetime.timedelta(weeks=i) for i in range(n)]
