"""The patient page's timeline: the numbers it plots, why flags were raised, its table and empty state."""

import pytest
from django.utils import translation

from dashboard.selectors import patient_timeline
from measures.services import wai_response_submit
from sessions.selectors import sessions_of_patient
from tests.measures.helpers import wai_from_paper

from .helpers import history, reviewed


@pytest.fixture
def patient(world):
    found = history(world.therapist_a, "T-001", "38", "x", "35")
    first = found.sessions.get(number=1)
    wai_response_submit(session=first, items=[4] * 12, respondent="patient", channel="tablet", language="es")
    therapist_items = [4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4]  # bond 4.25: close enough to fire no rater_gap
    wai_from_paper(first, world.therapist_a, items=therapist_items)
    reviewed(found)
    return found


def timeline(patient):
    return patient_timeline(list(sessions_of_patient(patient).select_related("review")))


def test_the_timeline_has_one_row_per_session_with_its_scores(patient):
    frame = timeline(patient)
    assert frame["number"].tolist() == [1, 2, 3]
    assert frame["attendance"].tolist() == ["attended", "cancelled_patient", "attended"]
    assert frame["srs_total"].tolist()[0::2] == [38.0, 35.0]
    assert frame["srs_relationship"].tolist()[0] == 9.5
    assert (frame["wai_bond"].tolist()[0], frame["twai_bond"].tolist()[0]) == (4.0, 4.25)
    assert frame["srs_total"].isna().tolist() == [False, True, False]


def test_flagged_sessions_say_why_in_the_readers_language(patient):
    flags = timeline(patient)["flag_text"].tolist()
    assert flags[:2] == ["", ""]
    assert flags[2] == "High: SRS below the cutoff; SRS drop"
    with translation.override("es"):
        assert timeline(patient)["flag_text"].tolist()[2] == "Alto: SRS por debajo del punto de corte; Descenso del SRS"


def test_the_page_draws_the_timeline_with_a_table_of_its_numbers(world, login, patient):
    html = login(world.therapist_a).get(patient.get_absolute_url()).content.decode()
    assert 'id="chart-timeline" type="application/json"' in html
    assert 'data-chart="chart-timeline"' in html
    assert "plotly/plotly-strict.min.js" in html and "css/charts.css" in html
    table = html[html.index('class="chart-table') :]
    assert "Cancelled by the patient" in table and "35.0" in table and "4.00 · 4.00 · 4.00" in table
    assert html.index('id="timeline"') < html.index('id="flags"')  # the chart, then the flags, then the sessions


def test_too_few_measures_show_an_empty_state_and_no_plotly(world, login):
    (patient,) = reviewed(history(world.therapist_a, "T-002", "38", "-"))
    html = login(world.therapist_a).get(patient.get_absolute_url()).content.decode()
    assert "Not enough measures to draw yet" in html
    assert "plotly" not in html
    assert "Sessions" in html  # the sessions table is still there
