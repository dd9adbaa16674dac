"""The checklist chart on small DataFrames: pure, no database."""

import pandas as pd

from dashboard.charts.checklist_adherence import adherence_figure

from .helpers import weeks


def test_checklist_adherence_shows_rates_as_percentages():
    frame = pd.DataFrame([{"week": w, "item": "4", "rate": 0.5} for w in weeks(2)])
    assert adherence_figure(frame)["data"][0]["y"] == [50.0, 50.0]
