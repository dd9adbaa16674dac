import pytest
from playwright.sync_api import expect

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_therapist_signs_in_and_finds_a_patient(page, live_server, world):
    sign_in(page, live_server, path="/patients/")
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()
    page.get_by_label("Search by code or alias").fill("A-0")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="A-001").click()
    expect(page.get_by_role("heading", name="A-001")).to_be_visible()
    expect(page.get_by_role("link", name="Log a session")).to_be_visible()
