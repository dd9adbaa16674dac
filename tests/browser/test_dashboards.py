"""The supervisor's morning in a real browser: the inbox, the patient's chart, the acknowledgement.

Also that the charts draw under the Content Security Policy: no console error, no refused style."""

import pytest
from playwright.sync_api import expect

from accounts.services import supervision_set
from review.models import Flag, FlagStatus
from tests.dashboard.charts.helpers import MARKUP
from tests.dashboard.helpers import history, reviewed

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_console(page) -> list[str]:
    """Errors and warnings the page logs (CSP refusals included), and uncaught exceptions.

    Not the browser's own request for /favicon.ico, which the app does not serve."""
    problems = []

    def record(message):
        if message.type in ("error", "warning") and not message.location.get("url", "").endswith("/favicon.ico"):
            problems.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_a_supervisor_acknowledges_a_high_risk_flag_from_the_inbox(page, live_server, world):
    (patient,) = reviewed(history(world.therapist_a, "R-001", "38", "35", "34", "33"))
    flag = Flag.objects.get(patient=patient, code="srs_sustained_low")
    problems = watch_console(page)

    sign_in(page, live_server, "supervisor_s")
    expect(page.get_by_role("heading", name="Supervision", exact=True)).to_be_visible()
    entry = page.locator(f"#inbox-flag-{flag.pk}")
    expect(entry.get_by_text("High")).to_be_visible()
    expect(entry.get_by_text("SRS low three times running")).to_be_visible()
    expect(page.locator("[data-chart=chart-alliance] .main-svg").first).to_be_attached()

    entry.get_by_role("link", name="R-001").click()
    expect(page.get_by_role("heading", name="R-001")).to_be_visible()
    plot = page.locator("[data-chart=chart-timeline].js-plotly-plot")
    expect(plot).to_be_visible()
    assert page.evaluate("document.querySelector('.js-plotly-plot').data.length") > 0
    expect(plot.locator(".scatterlayer .trace").first).to_be_attached()

    page.locator(f"#flag-{flag.pk}").get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Flag acknowledged.")).to_be_visible()
    expect(page.locator(f"#flag-{flag.pk}").get_by_text("Acknowledged by supervisor_s")).to_be_visible()
    flag.refresh_from_db()
    assert (flag.status, flag.acknowledged_by) == (FlagStatus.ACKNOWLEDGED, world.supervisor)

    page.get_by_role("link", name="Supervision").first.click()
    expect(page.locator(f"#inbox-flag-{flag.pk}")).to_have_count(0)
    assert problems == []


def test_a_therapist_lands_on_their_caseload_and_hands_over_the_tablet(page, live_server, world):
    history(world.therapist_a, "R-002", "38", "-")
    reviewed(*world.therapist_a.primary_patients.all())
    problems = watch_console(page)

    sign_in(page, live_server, "therapist_a")
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    today = page.locator(".today-sessions")
    expect(today.get_by_role("link", name="R-002")).to_be_visible()
    today.get_by_role("button", name="SRS on the tablet").click()
    expect(page.get_by_text("R-002").first).to_be_visible()
    assert problems == []


def test_a_therapist_named_with_markup_is_drawn_as_text_in_the_supervisor_chart(page, live_server, world):
    world.therapist_a.first_name, world.therapist_a.last_name = MARKUP, ""
    world.therapist_a.save()
    supervision_set(supervisor=world.supervisor, therapists=[world.therapist_a, world.therapist_b])  # two: a legend
    reviewed(history(world.therapist_a, "R-003", "38", "35", "34"), history(world.therapist_b, "R-004", "37", "39"))
    problems = watch_console(page)

    sign_in(page, live_server, "supervisor_s")
    chart = page.locator("[data-chart=chart-alliance]")
    expect(chart.locator(".legendtext").first).to_be_attached(timeout=20_000)  # a busy machine draws slowly
    assert chart.locator("svg a").count() == 0
    assert chart.locator("svg b, svg tspan[style*='bold']").count() == 0
    expect(chart.locator(".legendtext", has_text="javascript")).to_have_text(MARKUP)
    assert problems == []
