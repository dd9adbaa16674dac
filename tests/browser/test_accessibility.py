"""Every kind of staff page in a real browser, checked by axe-core: no serious or critical WCAG 2.1 A/AA problem.

The patient's own pages are checked more strictly (any problem) in test_patient_tablet.py."""

import pytest

from tests.dashboard.helpers import history, reviewed

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = ("serious", "critical")


def test_the_sign_in_page(page, live_server, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    axe(page, impacts=SERIOUS)


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("therapist_a", "/dashboard/"),
        ("therapist_a", "/patients/"),
        ("therapist_a", "/patients/{patient}/"),
        ("therapist_a", "/sessions/{session}/"),
        ("therapist_a", "/patients/{patient}/sessions/new/"),
        ("supervisor_s", "/dashboard/supervisor/"),
        ("admin_a", "/clinic/staff/"),
        ("admin_a", "/clinic/audit/"),
        ("therapist_a", "/accounts/settings/"),
    ],
)
def test_a_staff_page(page, live_server, world, axe, username, path):
    (patient,) = reviewed(history(world.therapist_a, "R-001", "38", "35", "34", "33"))
    session = patient.sessions.order_by("-number").first()
    sign_in(page, live_server, username)
    page.goto(f"{live_server.url}{path.format(patient=patient.pk, session=session.pk)}")
    page.wait_for_load_state("networkidle")
    axe(page, impacts=SERIOUS)
