"""Every display follows the thresholds in force (REVIEW_THRESHOLDS), as the rules do: the cutoff line of
each chart and its label, the caseload's colouring, trend arrows and sparklines, the session page's badge."""

import json

import pytest

from .helpers import history, reviewed

CUTOFF = {"srs_cutoff": "35.5"}  # the published cutoff is 36: 35.8 is below it, not below this one


@pytest.fixture
def lower_cutoff(settings):
    settings.REVIEW_THRESHOLDS = CUTOFF


def chart(html: str, chart_id: str) -> dict:
    opening = f'<script id="{chart_id}" type="application/json">'
    start = html.index(opening) + len(opening)
    return json.loads(html[start : html.index("</script>", start)])


def page(client, url: str, language: str = "en") -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language, label", [("en", "cutoff 35.5"), ("es", "punto de corte 35,5")])
def test_the_patient_chart_draws_the_cutoff_in_force_and_labels_it(world, login, lower_cutoff, language, label):
    (patient,) = reviewed(history(world.therapist_a, "T-1", "38", "35.8"))
    html = page(login(world.therapist_a), patient.get_absolute_url(), language)
    layout = chart(html, "chart-timeline")["layout"]
    assert [(shape["y0"], shape["y1"]) for shape in layout["shapes"]] == [(35.5, 35.5)]
    assert [(note["y"], note["text"]) for note in layout["annotations"]] == [(35.5, label)]
    title = "SRS total with the cutoff of 35.5," if language == "en" else "Total del SRS con el punto de corte de 35,5,"
    assert title in html


def test_the_supervisor_charts_draw_the_cutoff_in_force(world, login, lower_cutoff):
    reviewed(history(world.therapist_a, "T-1", "38", "35.8"))
    html = page(login(world.supervisor), "/dashboard/supervisor/")
    for chart_id in ("chart-alliance", "chart-clinic"):
        assert [shape["y0"] for shape in chart(html, chart_id)["layout"]["shapes"]] == [35.5]
    assert "the dashed line is the cutoff of 35.5." in html
    html = page(login(world.supervisor), f"/dashboard/therapists/{world.therapist_a.pk}/")
    assert chart(html, "chart-alliance")["layout"]["shapes"][0]["y0"] == 35.5
    assert "the dashed line is the cutoff of 35.5." in html


def test_the_caseload_colours_the_last_srs_against_the_cutoff_in_force(world, login, lower_cutoff):
    reviewed(history(world.therapist_a, "T-ABOVE", "38", "35.8"), history(world.therapist_a, "T-BELOW", "38", "35.4"))
    html = page(login(world.therapist_a), "/dashboard/")
    assert '<span class="fw-semibold">35.8</span>' in html
    assert '<span class="fw-semibold text-danger-emphasis">35.4</span>' in html


def test_the_sparkline_draws_the_cutoff_in_force(world, login, lower_cutoff):
    reviewed(history(world.therapist_a, "T-1", "38", "35.8"))
    html = page(login(world.therapist_a), "/dashboard/")
    # The scale runs from 30 (y 18) to 40 (y 2): 35.5 sits at 18 - 0.55 × 16 = 9.2 (36 would be 8.4).
    assert '<line class="sparkline-cutoff" x1="0" x2="64" y1="9.2" y2="9.2"/>' in html


def test_the_trend_arrow_follows_the_srs_drop_in_force(world, login, settings):
    settings.REVIEW_THRESHOLDS = {"srs_drop": "3.0"}
    reviewed(history(world.therapist_a, "T-1", "38", "36"))
    html = page(login(world.therapist_a), "/dashboard/")
    assert 'class="trend trend-steady"' in html and "trend-down" not in html  # a drop of 2 reads as steady


@pytest.mark.parametrize("language, badge", [("en", "below 35.5"), ("es", "por debajo de 35,5")])
def test_the_session_page_badge_follows_the_cutoff_in_force(world, login, lower_cutoff, language, badge):
    found = history(world.therapist_a, "T-1", "35.8", "35.4")
    above, below = found.sessions.order_by("number")
    client = login(world.therapist_a)
    assert badge not in page(client, above.get_absolute_url(), language)
    assert f'<span class="badge text-bg-warning">{badge}</span>' in page(client, below.get_absolute_url(), language)
