"""The clinic's chart on small DataFrames: pure, no database."""

import pandas as pd

from dashboard.charts.clinic_alliance import clinic_figure
from review.rules import DEFAULT_THRESHOLDS

from .helpers import names, weeks


def test_clinic_alliance_needs_two_weeks():
    assert (
        clinic_figure(pd.DataFrame(columns=["week", "median_srs", "responses"]), thresholds=DEFAULT_THRESHOLDS) is None
    )


def test_clinic_alliance_pairs_the_median_with_the_volume():
    frame = pd.DataFrame([{"week": w, "median_srs": 37.5, "responses": 12} for w in weeks(2)])
    figure = clinic_figure(frame, thresholds=DEFAULT_THRESHOLDS)
    assert names(figure) == ["SRS given", "Median SRS"]
