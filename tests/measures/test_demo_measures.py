"""seed_demo gives the demo patients SRS and WAI-SR that follow their trajectories."""

from decimal import Decimal

import pytest

from dashboard.demo import TRAJECTORIES, demo_build, rupture_session, srs_level
from measures.models import SrsResponse, WaiResponse
from patients.models import Patient
from sessions.models import TherapySession


@pytest.fixture
def demo(db):
    demo_build(seed=1, patients_per_therapist=2)


def totals_of(trajectory):
    patients = Patient.objects.order_by("code")
    index = TRAJECTORIES.index(trajectory)
    chosen = [p for i, p in enumerate(patients) if i % len(TRAJECTORIES) == index]
    return [
        list(SrsResponse.objects.filter(session__patient=p).order_by("session__number").values_list("total", flat=True))
        for p in chosen
    ]


def test_most_attended_sessions_have_an_srs_and_only_attended_ones(demo):
    attended = TherapySession.objects.filter(attendance="attended").count()
    given = SrsResponse.objects.count()
    assert 0.7 * attended <= given <= 0.95 * attended
    assert not SrsResponse.objects.exclude(session__attendance="attended").exists()
    assert not WaiResponse.objects.exclude(session__attendance="attended").exists()


def test_a_wai_sr_comes_every_third_or_fourth_session_some_rated_by_the_therapist_too(demo):
    numbers = set(WaiResponse.objects.values_list("session__number", flat=True))
    assert numbers and all(n % 3 == 0 or n % 4 == 0 for n in numbers)
    assert WaiResponse.objects.filter(instrument="wai-sr-therapist").exists()


def test_paper_rows_name_who_entered_them_and_tablet_rows_nobody(demo):
    assert not SrsResponse.objects.filter(channel="paper", submitted_by=None).exists()
    assert not SrsResponse.objects.filter(channel="tablet").exclude(submitted_by=None).exists()
    assert set(SrsResponse.objects.values_list("channel", flat=True)) == {"paper", "tablet"}


def test_ceiling_scorers_give_40_every_time(demo):
    for totals in totals_of("ceiling"):
        assert totals and set(totals) == {Decimal("40.0")}


def test_stable_high_patients_stay_between_37_and_39_5(demo):
    for totals in totals_of("stable_high"):
        assert all(Decimal("37.0") <= t <= Decimal("39.5") for t in totals)


def test_the_trajectories_have_their_shape():
    assert srs_level("early_low_rising", 1, 12) == 28.0
    assert srs_level("early_low_rising", 8, 12) == 38.0
    dip = rupture_session(12)
    assert srs_level("v_rupture_repaired", dip - 1, 12) - srs_level("v_rupture_repaired", dip, 12) == 8.5
    assert srs_level("v_rupture_repaired", dip + 1, 12) == 38.5
    assert srs_level("v_rupture_unrepaired", dip + 2, 12) < 36.0
    assert srs_level("slow_decline", 12, 12) < srs_level("slow_decline", 1, 12)
