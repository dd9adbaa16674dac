"""The patient timeline on small DataFrames: pure, no database."""

import pytest

from dashboard.charts.layout import PALETTE
from dashboard.charts.patient_timeline import timeline_figure
from review.rules import DEFAULT_THRESHOLDS

from .helpers import MARKUP, MARKUP_ESCAPED, names, row, sessions, texts


def timeline(frame):
    return timeline_figure(frame, thresholds=DEFAULT_THRESHOLDS)


def test_a_timeline_with_fewer_than_two_points_is_an_empty_state():
    assert timeline(sessions([])) is None
    assert timeline(sessions([row(1, 38.0)])) is None


def test_the_timeline_draws_the_srs_total_its_items_and_the_36_line():
    figure = timeline(sessions([row(1, 38.0), row(2, 30.0), row(3, 37.5)]))
    assert names(figure)[:1] == ["SRS total"]
    assert figure["data"][0]["y"] == [38.0, 30.0, 37.5]
    assert {"Relationship", "Goals and topics", "Approach or method", "Overall"} <= set(names(figure))
    assert figure["layout"]["shapes"][0]["y0"] == 36.0


def test_the_timeline_marks_flags_with_the_reason_and_missed_sessions():
    figure = timeline(sessions([row(1, 38.0), row(2, attendance="no_show"), row(3, 30.0, flag="SRS below 36 (30.0)")]))
    flags = next(t for t in figure["data"] if t["name"] == "Flags")
    assert (list(flags["x"]), list(flags["text"])) == ([3], ["SRS below 36 (30.0)"])
    missed = next(t for t in figure["data"] if t["name"] == "Cancelled or no-show")
    assert list(missed["x"]) == [2]


def test_the_timeline_draws_wai_sr_of_patient_and_therapist_only_when_rated():
    figure = timeline(
        sessions([row(1, 38.0, wai=(4.0, 4.5, 3.5)), row(2, 37.0, wai=(3.0, 4.0, 3.0), twai=(4.5, 4.5, 4.0))])
    )
    wai = [name for name in names(figure) if name.startswith("WAI-SR")]
    assert "WAI-SR Bond (patient)" in wai and "WAI-SR Bond (therapist)" in wai
    figure = timeline(sessions([row(1, 38.0), row(2, 37.0)]))
    assert not [name for name in names(figure) if name.startswith("WAI-SR")]


def test_gaps_stay_gaps_rather_than_zeros():
    figure = timeline(sessions([row(1, 38.0), row(2), row(3, 36.0)]))
    assert figure["data"][0]["y"] == [38.0, None, 36.0]


@pytest.mark.parametrize("language, title", [("en", "SRS total"), ("es", "SRS total")])
def test_chart_texts_follow_the_reader_language(language, title):
    from django.utils import translation

    with translation.override(language):
        figure = timeline(sessions([row(1, 38.0), row(2, 37.0)]))
    assert figure["layout"]["xaxis"]["title"]["text"] == ("Session" if language == "en" else "Sesión")


def test_every_colour_comes_from_the_colour_blind_safe_palette():
    figure = timeline(sessions([row(1, 38.0, wai=(4.0, 4.0, 4.0)), row(2, 30.0, flag="x")]))
    used = {t.get("line", {}).get("color") or t.get("marker", {}).get("color") for t in figure["data"]}
    assert used <= set(PALETTE.values())


def test_a_flag_text_is_text_in_the_figure_never_markup():
    figure = timeline(sessions([row(1, 38.0), row(2, 30.0, flag=MARKUP)]))
    flags = next(t for t in figure["data"] if t["name"] == "Flags")
    assert list(flags["text"]) == [MARKUP_ESCAPED]
    assert not [text for text in texts(figure) if "<a" in text or "<b>" in text]
