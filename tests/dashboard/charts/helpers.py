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


# A name as a user might type it: plotly reads markup in trace names, hover text and labels.
MARKUP = '<a href="javascript:alert(1)">x</a><b>B</b> %{y}'
MARKUP_ESCAPED = '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;&lt;b&gt;B&lt;/b&gt; %{y}'


def texts(figure) -> list[str]:
    """Every string of the figure that plotly may render: trace names, hover templates and text, labels, titles."""
    found = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in ("name", "hovertemplate", "text", "ticktext"):
            found.append(value)

    walk(figure)
    return found
