"""The strict Content Security Policy is on every kind of page, signed in or not."""

import pytest

from measures.patient_forms.services import telehealth_link_issue

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in header.split("; ")}


def assert_strict(response):
    directives = policy(response)
    for name, value in STRICT.items():
        assert directives[name] == value, (name, directives)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/patients/",
        "/patients/new/",
        "/patients/{patient}/",
        "/patients/{patient}/edit/",
        "/patients/{patient}/privacy/",
        "/sessions/{session}/",
        "/sessions/{session}/edit/",
        "/sessions/{session}/measures/paper/",
        "/patients/{patient}/sessions/new/",
        "/patients/import/",
        "/clinic/staff/",
        "/clinic/audit/",
        "/clinic/instrument-wording/",
        "/patients/999999/",
        "/admin/",
    ],
)
def test_every_staff_page_type_carries_the_strict_policy(login, world, path):
    response = login(world.admin).get(path.format(patient=world.patient_a.pk, session=world.session_a.pk))
    assert response.status_code in (200, 302, 404)
    assert_strict(response)


@pytest.mark.parametrize("path", ["/accounts/login/", "/tablet/", "/healthz", "/no-such-page/"])
def test_public_pages_carry_the_strict_policy(client, db, path):
    assert_strict(client.get(path))


def test_the_patient_form_carries_the_strict_policy(client, world):
    issued = telehealth_link_issue(session=world.session_a, issued_by=world.therapist_a)
    response = client.get(f"/p/{issued.secret}/")
    assert response.status_code == 200
    assert_strict(response)


def test_no_page_inlines_a_script_or_a_style(login, world):
    client = login(world.therapist_a)
    for path in ("/patients/", f"/patients/{world.patient_a.pk}/", f"/sessions/{world.session_a.pk}/"):
        html = client.get(path).content.decode()
        assert "<script>" not in html and " style=" not in html and "onclick=" not in html, path
