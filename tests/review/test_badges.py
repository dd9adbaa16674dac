"""The badge of a risk level or a flag severity: one class per level, the same on every page."""

import pytest
from django.template import Context, Template

from review.models import RiskLevel, Severity
from tests.dashboard.helpers import history, reviewed


def badge(level: str) -> str:
    return Template('{% load badges %}<span class="badge {{ level|badge_class }}">').render(Context({"level": level}))


@pytest.mark.parametrize(
    "level, classes",
    [
        (RiskLevel.HIGH, "text-bg-danger"),
        (Severity.MEDIUM, "text-bg-warning"),
        (RiskLevel.LOW, "text-bg-info"),
        (RiskLevel.NONE, "text-bg-light border"),
        (Severity.INFO, "text-bg-light border"),
    ],
)
def test_each_level_has_its_badge_class(level, classes):
    assert badge(level) == f'<span class="badge {classes}">'


def test_the_caseload_and_the_patient_page_show_the_same_badge_for_high_risk(world, login):
    (patient,) = reviewed(history(world.therapist_a, "B-1", "35", "34", "33"))
    client = login(world.therapist_a)
    client.cookies["django_language"] = "en"
    assert '<span class="badge text-bg-danger">High</span>' in client.get("/dashboard/").content.decode()
    html = client.get(patient.get_absolute_url()).content.decode()
    assert '<span class="badge text-bg-danger" title="Risk level">High</span>' in html  # the sessions table
    assert '<span class="badge text-bg-danger">High</span>' in html  # a high-severity flag
