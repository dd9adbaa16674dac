"""A shared world for the tests, built through the project's own services.

Two clinics. In clinic A: therapists A and B, supervisor S (supervises A),
supervisor T (supervises nobody), a clinic admin; patients of A and of B.
In clinic Z: a therapist, an admin and a patient.
"""

import datetime
import os
from types import SimpleNamespace

import pytest

from accounts.models import Clinic, Role
from accounts.services import staff_member_create
from patients.services import patient_create
from sessions import review_marks
from sessions.services import session_record

PASSWORD = "correct-horse-battery-9"

# The markers `postgres` and `worker`: what a test needs beyond the embedded default (SQLite).
pytest_plugins = ["tests.databases"]

# Playwright's sync API runs an event loop in the test thread; Django would refuse
# database calls there (docs/operations.md, "Tests"). Tests only: the flag is never set in settings.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    clinic = Clinic.objects.create(name="Clinic A")
    other_clinic = Clinic.objects.create(name="Clinic Z")

    def staff(username, role, clinic=clinic, supervised=()):
        return staff_member_create(
            clinic=clinic, username=username, password=PASSWORD, role=role, supervised=supervised
        )

    therapist_a = staff("therapist_a", Role.THERAPIST)
    therapist_b = staff("therapist_b", Role.THERAPIST)
    w = SimpleNamespace(
        clinic=clinic,
        other_clinic=other_clinic,
        therapist_a=therapist_a,
        therapist_b=therapist_b,
        supervisor=staff("supervisor_s", Role.SUPERVISOR, supervised=[therapist_a]),
        idle_supervisor=staff("supervisor_t", Role.SUPERVISOR),
        admin=staff("admin_a", Role.CLINIC_ADMIN),
        other_therapist=staff("therapist_z", Role.THERAPIST, clinic=other_clinic),
        other_admin=staff("admin_z", Role.CLINIC_ADMIN, clinic=other_clinic),
    )
    w.patient_a = patient_create(clinic=clinic, primary_therapist=therapist_a, code="A-001", alias="Ana")
    w.patient_b = patient_create(clinic=clinic, primary_therapist=therapist_b, code="B-001")
    w.other_patient = patient_create(clinic=other_clinic, primary_therapist=w.other_therapist, code="A-001")
    w.session_a = session_record(
        patient=w.patient_a, therapist=therapist_a, date=datetime.date(2026, 11, 2), attendance="attended"
    )
    w.session_b = session_record(
        patient=w.patient_b, therapist=therapist_b, date=datetime.date(2026, 11, 3), attendance="attended"
    )
    return w


@pytest.fixture(autouse=True)
def no_review_left_waiting():
    """Forget the reviews a previous test left waiting for a commit (its transaction rolled back)."""
    review_marks.publish_waiting_forget()


@pytest.fixture
def login(client):
    """Log the test client in as a user of the world."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings, request):
    """Argon2 is slow by design; tests that are not about hashing use a fast hasher."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_by_default(settings):
    """Tests read English messages unless they ask for Spanish; the product defaults to Spanish."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def pytest_terminal_summary(terminalreporter):
    """The fuzzing volume: how many examples the Hypothesis tests of tests/security ran."""
    counts = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "teardown"
        for name, value in getattr(report, "user_properties", ())
        if name == "fuzz_examples"
    ]
    if counts:
        terminalreporter.write_line(f"Fuzzing volume: {sum(counts)} examples in {len(counts)} fuzz tests.")
