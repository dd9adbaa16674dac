"""The supervisor's alliance chart on small DataFrames: pure, no database."""

import pandas as pd

from dashboard.charts.therapist_alliance import alliance_figure
from review.rules import DEFAULT_THRESHOLDS

from .helpers import MARKUP, MARKUP_ESCAPED, names, texts, weeks


def test_therapist_alliance_draws_one_line_per_therapist():
    frame = pd.DataFrame([{"week": w, "therapist": t, "median_srs": 37.0} for w in weeks(3) for t in ("Ana", "Luis")])
    figure = alliance_figure(frame, thresholds=DEFAULT_THRESHOLDS)
    assert sorted(names(figure)) == ["Ana", "Luis"]
    assert figure["layout"]["shapes"][0]["y0"] == 36.0


def test_therapist_alliance_needs_two_weeks():
    frame = pd.DataFrame([{"week": weeks(1)[0], "therapist": "Ana", "median_srs": 37.0}])
    assert alliance_figure(frame, thresholds=DEFAULT_THRESHOLDS) is None


def test_a_therapist_name_is_text_in_the_figure_never_markup():
    frame = pd.DataFrame([{"week": w, "therapist": MARKUP, "median_srs": 37.0} for w in weeks(2)])
    figure = alliance_figure(frame, thresholds=DEFAULT_THRESHOLDS)
    assert names(figure) == [MARKUP_ESCAPED]
    assert not [text for text in texts(figure) if "<a" in text or "<b>" in text]
    # Nor can a name inject a placeholder into the hover template.
    assert all("%{y}" not in template.replace(": %{y}", "") for template in texts(figure) if "<extra>" in template)
