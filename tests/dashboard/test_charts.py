"""Chart functions on small DataFrames: pure, no database."""

import datetime

import pandas as pd
import pytest

from dashboard import charts

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


def test_a_timeline_with_fewer_than_two_points_is_an_empty_state():
    assert charts.patient_timeline(sessions([])) is None
    assert charts.patient_timeline(sessions([row(1, 38.0)])) is None


def test_the_timeline_draws_the_srs_total_its_items_and_the_36_line():
    figure = charts.patient_timeline(sessions([row(1, 38.0), row(2, 30.0), row(3, 37.5)]))
    assert names(figure)[:1] == ["SRS total"]
    assert figure["data"][0]["y"] == [38.0, 30.0, 37.5]
    assert {"Relationship", "Goals and topics", "Approach or method", "Overall"} <= set(names(figure))
    assert figure["layout"]["shapes"][0]["y0"] == 36.0


def test_the_timeline_marks_flags_with_the_reason_and_missed_sessions():
    figure = charts.patient_timeline(
        sessions([row(1, 38.0), row(2, attendance="no_show"), row(3, 30.0, flag="SRS below 36 (30.0)")])
    )
    flags = next(t for t in figure["data"] if t["name"] == "Flags")
    assert (list(flags["x"]), list(flags["text"])) == ([3], ["SRS below 36 (30.0)"])
    missed = next(t for t in figure["data"] if t["name"] == "Cancelled or no-show")
    assert list(missed["x"]) == [2]


def test_the_timeline_draws_wai_sr_of_patient_and_therapist_only_when_rated():
    figure = charts.patient_timeline(
        sessions([row(1, 38.0, wai=(4.0, 4.5, 3.5)), row(2, 37.0, wai=(3.0, 4.0, 3.0), twai=(4.5, 4.5, 4.0))])
    )
    wai = [name for name in names(figure) if name.startswith("WAI-SR")]
    assert "WAI-SR Bond (patient)" in wai and "WAI-SR Bond (therapist)" in wai
    figure = charts.patient_timeline(sessions([row(1, 38.0), row(2, 37.0)]))
    assert not [name for name in names(figure) if name.startswith("WAI-SR")]


def test_gaps_stay_gaps_rather_than_zeros():
    figure = charts.patient_timeline(sessions([row(1, 38.0), row(2), row(3, 36.0)]))
    assert figure["data"][0]["y"] == [38.0, None, 36.0]


@pytest.mark.parametrize("language, title", [("en", "SRS total"), ("es", "SRS total")])
def test_chart_texts_follow_the_reader_language(language, title):
    from django.utils import translation

    with translation.override(language):
        figure = charts.patient_timeline(sessions([row(1, 38.0), row(2, 37.0)]))
    assert figure["layout"]["xaxis"]["title"]["text"] == ("Session" if language == "en" else "Sesión")


def weeks(n):
    return [datetime.date(2026, 1, 5) + datetime.timedelta(weeks=i) for i in range(n)]


def test_therapist_alliance_draws_one_line_per_therapist():
    frame = pd.DataFrame([{"week": w, "therapist": t, "median_srs": 37.0} for w in weeks(3) for t in ("Ana", "Luis")])
    figure = charts.therapist_alliance(frame)
    assert sorted(names(figure)) == ["Ana", "Luis"]
    assert figure["layout"]["shapes"][0]["y0"] == 36.0


def test_weekly_charts_need_two_weeks():
    frame = pd.DataFrame([{"week": weeks(1)[0], "therapist": "Ana", "median_srs": 37.0}])
    assert charts.therapist_alliance(frame) is None
    assert charts.clinic_alliance(pd.DataFrame(columns=["week", "median_srs", "responses"])) is None


def test_checklist_adherence_shows_rates_as_percentages():
    frame = pd.DataFrame([{"week": w, "item": "4", "rate": 0.5} for w in weeks(2)])
    assert charts.checklist_adherence(frame)["data"][0]["y"] == [50.0, 50.0]


def test_clinic_alliance_pairs_the_median_with_the_volume():
    frame = pd.DataFrame([{"week": w, "median_srs": 37.5, "responses": 12} for w in weeks(2)])
    figure = charts.clinic_alliance(frame)
    assert names(figure) == ["SRS given", "Median SRS"]


def test_every_colour_comes_from_the_colour_blind_safe_palette():
    figure = charts.patient_timeline(sessions([row(1, 38.0, wai=(4.0, 4.0, 4.0)), row(2, 30.0, flag="x")]))
    used = {t.get("line", {}).get("color") or t.get("marker", {}).get("color") for t in figure["data"]}
    assert used <= set(charts.PALETTE.values())
