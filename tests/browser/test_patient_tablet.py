"""The patient's own SRS in a real browser: the clinic tablet (touch, portrait) through a dropped
network, and the telehealth link in landscape."""

import re
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from measures.models import SrsResponse, WaiResponse
from patients.services import patient_update

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PORTRAIT = {"width": 820, "height": 1180}
LANDSCAPE = {"width": 1180, "height": 820}
OUTBOX = "Object.keys(localStorage).filter((k) => k.startsWith('alliance.patient-answer.')).length"


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


@pytest.fixture
def english_patient(world):
    """The forms follow the patient's language; these journeys read English."""
    patient_update(patient=world.patient_a, language="en")
    return world.patient_a


def tablet_context(browser, viewport):
    return browser.new_context(viewport=viewport, has_touch=True, is_mobile=True, device_scale_factor=2)


def watch_console(page) -> list[str]:
    """Errors the page logs, CSP refusals included; not the failed sends while the network is cut."""
    errors = []

    def record(message):
        if message.type == "error" and "ERR_INTERNET_DISCONNECTED" not in message.text:
            errors.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def point_on_line(page, index: int, position: int) -> tuple[float, float]:
    """Where on the screen the line's thumb centre sits for `position` (0-100)."""
    line = page.locator(".vas-input").nth(index)
    line.scroll_into_view_if_needed()
    box = line.bounding_box()
    thumb = 48  # --vas-thumb in static/css/patient-form.css
    return box["x"] + thumb / 2 + (box["width"] - thumb) * position / 100, box["y"] + box["height"] / 2


def tap_line(page, index: int, position: int) -> None:
    page.touchscreen.tap(*point_on_line(page, index, position))


def answer_wai(page, answers: list[int]) -> None:
    for index, value in enumerate(answers):
        choice = page.locator(".wai-question").nth(index).locator("label.wai-choice").nth(value - 1)
        choice.scroll_into_view_if_needed()
        choice.tap()


def stored_items() -> tuple[Decimal, ...]:
    return SrsResponse.objects.get().items


def test_the_tablet_keeps_the_answer_through_a_dropped_network_and_it_is_stored_once(
    page, browser, live_server, world, english_patient
):
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    page.goto(f"{live_server.url}/sessions/{world.session_a.pk}/")
    page.get_by_role("button", name="SRS on the tablet").click()
    code = page.locator("[data-issued-code]").inner_text().replace(" ", "")
    assert re.fullmatch(r"\d{6}", code)

    context = tablet_context(browser, PORTRAIT)
    tablet = context.new_page()
    errors = watch_console(tablet)
    tablet.goto(f"{live_server.url}/tablet/")
    tablet.get_by_label("Code").fill(code)
    tablet.get_by_role("button", name="Open").tap()
    expect(tablet.get_by_role("heading", name="How was today's session?")).to_be_visible()
    assert "A-001" not in tablet.content() and "therapist_a" not in tablet.content()

    send = tablet.locator("[data-submit]")
    expect(send).to_have_attribute("aria-disabled", "true")
    expect(send).to_contain_text("4 lines")
    for index, position in enumerate((20, 50, 75)):
        tap_line(tablet, index, position)
    expect(send).to_contain_text("1 line")
    # The fourth line is untouched: sending is refused and the line says what is missing.
    send.scroll_into_view_if_needed()
    send.tap(force=True)  # aria-disabled: Playwright would wait, a patient's finger does not
    expect(tablet.locator("[data-line]").nth(3)).to_have_class(re.compile("is-missing"))
    expect(tablet.get_by_text("Mark a point on this line.").nth(3)).to_be_visible()
    assert not SrsResponse.objects.exists()

    tap_line(tablet, 3, 90)
    expect(send).to_contain_text("12 questions")
    answer_wai(tablet, [4, 4, 5, 3, 4, 4, 5, 3, 4, 4, 5, 4])
    expect(send).to_have_text("Send")
    expect(send).to_have_attribute("aria-disabled", "false")

    context.set_offline(True)
    send.scroll_into_view_if_needed()
    send.tap()
    expect(tablet.get_by_text("Your answers are saved on this device")).to_be_visible()
    assert tablet.evaluate(OUTBOX) == 1
    assert not SrsResponse.objects.exists()

    context.set_offline(False)
    expect(tablet.get_by_role("heading", name="Thank you")).to_be_visible(timeout=20_000)
    assert tablet.evaluate(OUTBOX) == 0
    assert SrsResponse.objects.count() == 1 and WaiResponse.objects.count() == 1
    for stored, tapped in zip(stored_items(), (2.0, 5.0, 7.5, 9.0), strict=True):
        assert abs(float(stored) - tapped) <= 0.3
    srs = SrsResponse.objects.get()
    assert (srs.session_id, srs.channel, srs.language) == (world.session_a.pk, "tablet", "en")
    assert WaiResponse.objects.get().items == (4, 4, 5, 3, 4, 4, 5, 3, 4, 4, 5, 4)
    assert errors == []

    # The therapist's page shows the scores at once.
    page.goto(f"{live_server.url}/sessions/{world.session_a.pk}/")
    expect(page.get_by_text(str(srs.total), exact=True)).to_be_visible()
    context.close()


def test_the_telehealth_link_works_in_landscape_with_taps_and_a_drag(
    page, browser, live_server, world, english_patient, settings
):
    settings.WAI_SR_EVERY_SESSIONS = 0  # the SRS only
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    page.goto(f"{live_server.url}/sessions/{world.session_a.pk}/")
    page.get_by_role("button", name="Telehealth link").click()
    page.wait_for_load_state()  # the copy script runs at the end of the page
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.get_by_label("Send this link").input_value()

    context = tablet_context(browser, LANDSCAPE)
    patient = context.new_page()
    errors = watch_console(patient)
    patient.goto(link)
    expect(patient.get_by_role("heading", name="How was today's session?")).to_be_visible()
    assert patient.locator(".wai-question").count() == 0
    for index in range(4):
        box = patient.locator(".vas-line").nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= LANDSCAPE["width"]
        assert box["height"] >= 48  # a large target
    tap_line(patient, 0, 100)
    tap_line(patient, 1, 0)
    tap_line(patient, 2, 33)
    # A drag along the fourth line: it ends where the finger (here a mouse) is lifted.
    start, end = point_on_line(patient, 3, 10), point_on_line(patient, 3, 60)
    patient.mouse.move(*start)
    patient.mouse.down()
    patient.mouse.move(*end, steps=8)
    patient.mouse.up()
    patient.locator("[data-submit]").tap()
    expect(patient.get_by_role("heading", name="Thank you")).to_be_visible(timeout=10_000)
    expect(patient.get_by_text("hand the tablet back")).to_have_count(0)
    for stored, wanted in zip(stored_items(), (10.0, 0.0, 3.3, 6.0), strict=True):
        assert abs(float(stored) - wanted) <= 0.3
    assert SrsResponse.objects.get().channel == "link"
    assert errors == []

    patient.goto(link)  # single use: the link now only says thanks
    expect(patient.get_by_role("heading", name="Thank you")).to_be_visible()
    assert patient.locator(".vas-input").count() == 0
    context.close()


def test_without_javascript_the_lines_become_stops_and_the_form_still_submits(
    browser, live_server, world, english_patient, settings
):
    from measures.patient_forms.services import telehealth_link_issue

    settings.WAI_SR_EVERY_SESSIONS = 0
    token = telehealth_link_issue(session=world.session_a, issued_by=world.therapist_a).secret
    context = browser.new_context(viewport=PORTRAIT, has_touch=True, java_script_enabled=False)
    patient = context.new_page()
    patient.goto(f"{live_server.url}/p/{token}/")
    expect(patient.locator(".vas-line").first).to_be_hidden()
    stops = patient.locator(".vas-stops")
    expect(stops).to_have_count(4)
    for index, stop in enumerate((10, 5, 7)):
        stops.nth(index).locator("input").nth(stop).tap()
    patient.get_by_role("button", name="Send").tap()
    assert not SrsResponse.objects.exists()  # the fourth line is required: the browser says so
    stops.nth(3).locator("input").nth(8).tap()
    patient.get_by_role("button", name="Send").tap()
    expect(patient.get_by_role("heading", name="Thank you")).to_be_visible()
    assert stored_items() == (Decimal("10.0"), Decimal("5.0"), Decimal("7.0"), Decimal("8.0"))
    context.close()


# One live form per session, and no answer dropped while the patient is thanked (issue 10, point 4).

RATED_ELSEWHERE = "This session has already been rated on another device; nothing more is needed."


def issue_link(page, live_server, session) -> str:
    """Issue a telehealth link from the session page; the link as shown to the therapist."""
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_role("button", name="Telehealth link").click()
    return page.get_by_label("Send this link").input_value()


def mark_every_line(patient, positions) -> None:
    for index, position in enumerate(positions):
        tap_line(patient, index, position)


def test_a_link_opened_after_a_paper_srs_says_the_session_was_rated_elsewhere(
    page, browser, live_server, world, english_patient, settings, axe
):
    settings.WAI_SR_EVERY_SESSIONS = 0
    sign_in(page, live_server)
    link = issue_link(page, live_server, world.session_a)
    page.goto(f"{live_server.url}/sessions/{world.session_a.pk}/measures/paper/")
    for name in ("srs_relationship", "srs_goals", "srs_approach", "srs_overall"):
        page.locator(f"input[name={name}]").fill("5")
    page.get_by_role("button", name="Save measures").click()
    expect(page.get_by_text("Measures saved.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw")).to_have_count(0)  # the paper SRS withdrew the link

    context = tablet_context(browser, LANDSCAPE)
    patient = context.new_page()
    errors = watch_console(patient)
    patient.goto(link)
    expect(patient.get_by_text(RATED_ELSEWHERE)).to_be_visible()
    expect(patient.get_by_text("Your answers have been received.")).to_have_count(0)
    assert patient.locator(".vas-input").count() == 0
    axe(patient)
    assert errors == []
    context.close()


def test_the_home_send_after_the_tablet_answered_is_told_the_session_was_rated_elsewhere(
    page, browser, live_server, world, english_patient, settings
):
    settings.WAI_SR_EVERY_SESSIONS = 0
    sign_in(page, live_server)
    link = issue_link(page, live_server, world.session_a)
    home_context = tablet_context(browser, LANDSCAPE)
    home = home_context.new_page()
    errors = watch_console(home)
    home.goto(link)
    mark_every_line(home, (10, 10, 10, 10))  # the patient at home is still answering...

    # ...when the session is rated on the clinic tablet.
    page.goto(f"{live_server.url}/sessions/{world.session_a.pk}/")
    page.get_by_role("button", name="SRS on the tablet").click()
    code = page.locator("[data-issued-code]").inner_text().replace(" ", "")
    tablet_ctx = tablet_context(browser, PORTRAIT)
    tablet = tablet_ctx.new_page()
    tablet.goto(f"{live_server.url}/tablet/")
    tablet.get_by_label("Code").fill(code)
    tablet.get_by_role("button", name="Open").tap()
    mark_every_line(tablet, (80, 80, 80, 80))
    tablet.locator("[data-submit]").tap()
    expect(tablet.get_by_role("heading", name="Thank you")).to_be_visible(timeout=10_000)

    home.locator("[data-submit]").tap()
    expect(home.get_by_text(RATED_ELSEWHERE)).to_be_visible(timeout=10_000)
    expect(home.get_by_role("heading", name="Thank you")).to_have_count(0)
    assert home.evaluate(OUTBOX) == 0
    srs = SrsResponse.objects.get()
    assert srs.channel == "tablet" and srs.total == Decimal("32.0")
    assert errors == ["Failed to load resource: the server responded with a status of 410 (Gone)"]
    home_context.close()
    tablet_ctx.close()


def test_different_answers_sent_again_with_the_same_form_are_refused_and_the_patient_is_told(
    browser, live_server, world, english_patient, settings, axe
):
    from measures.patient_forms.services import telehealth_link_issue

    settings.WAI_SR_EVERY_SESSIONS = 0
    token = telehealth_link_issue(session=world.session_a, issued_by=world.therapist_a).secret
    first_ctx, second_ctx = tablet_context(browser, LANDSCAPE), tablet_context(browser, PORTRAIT)
    first, second = first_ctx.new_page(), second_ctx.new_page()
    errors = watch_console(second)
    for device in (first, second):  # the same link opened on two devices
        device.goto(f"{live_server.url}/p/{token}/")
    mark_every_line(first, (20, 20, 20, 20))
    first.locator("[data-submit]").tap()
    expect(first.get_by_role("heading", name="Thank you")).to_be_visible(timeout=10_000)

    mark_every_line(second, (90, 90, 90, 90))
    second.locator("[data-submit]").tap()
    status = second.locator("[data-status]")
    expect(status).to_contain_text("different answers", timeout=10_000)
    expect(second.get_by_role("heading", name="Thank you")).to_have_count(0)
    expect(second.locator("[data-submit]")).to_be_disabled()
    assert second.evaluate(OUTBOX) == 0
    assert SrsResponse.objects.get().total == Decimal("8.0")
    axe(second)
    assert errors == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]
    first_ctx.close()
    second_ctx.close()


def test_the_session_page_shows_the_live_link_and_withdraws_it(page, browser, live_server, world, english_patient, axe):
    sign_in(page, live_server)
    link = issue_link(page, live_server, world.session_a)
    page.goto(f"{live_server.url}/sessions/{world.session_a.pk}/")
    live = page.locator("[data-live-form]")
    expect(live).to_contain_text("Telehealth link")
    expect(live).to_contain_text("therapist_a")
    axe(page, "#patient-forms")  # the rest of the page is not this task's (its links' contrast on the grey body)
    live.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("The telehealth link was withdrawn.")).to_be_visible()
    expect(page.locator("[data-live-form]")).to_have_count(0)
    axe(page, "#patient-forms")

    context = tablet_context(browser, LANDSCAPE)
    patient = context.new_page()
    patient.goto(link)
    expect(patient.get_by_role("heading", name="This form was withdrawn")).to_be_visible()
    assert patient.locator(".vas-input").count() == 0
    axe(patient)
    context.close()
