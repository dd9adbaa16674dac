import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_therapist_signs_in_and_finds_a_patient(page, live_server, world):
    page.goto(f"{live_server.url}/patients/")
    page.get_by_role("button", name="EN").click()
    page.get_by_label("Username").fill("therapist_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()
    page.get_by_label("Search by code or alias").fill("A-0")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="A-001").click()
    expect(page.get_by_role("heading", name="A-001")).to_be_visible()
    expect(page.get_by_role("link", name="Log a session")).to_be_visible()
