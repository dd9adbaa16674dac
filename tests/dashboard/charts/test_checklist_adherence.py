"""The checklist chart on small DataFrames: pure, no database."""

import pandas as pd

from dashboard.charts.checklist_adherence import adherence_figure

from .helpers import MARKUP, MARKUP_ESCAPED, texts, weeks


def test_checklist_adherence_shows_rates_as_percentages():
    frame = pd.DataFrame([{"week": w, "item": "4", "rate": 0.5} for w in weeks(2)])
    assert adherence_figure(frame)["data"][0]["y"] == [50.0, 50.0]


def test_a_checklist_item_name_is_text_in_the_figure_never_markup():
    frame = pd.DataFrame([{"week": w, "item": MARKUP, "rate": 0.5} for w in weeks(2)])
    figure = adherence_figure(frame)
    assert [trace["name"] for trace in figure["data"]] == [MARKUP_ESCAPED]
    assert not [text for text in texts(figure) if "<a" in text or "<b>" in text]
