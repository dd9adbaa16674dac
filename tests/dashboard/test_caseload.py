"""The therapist's home: the caseload sorted by risk, what each row says, the filters, today's sessions."""

from decimal import Decimal

import pytest
from django.utils import timezone

from dashboard.selectors import CaseloadFilters, therapist_home
from patients.services import patient_create, patient_update
from review.models import Flag
from review.services.flags import flag_acknowledge, flag_resolve

from .helpers import history, reviewed, weeks_ago


@pytest.fixture
def caseload(world):
    """Therapist A's patients; A-001 (the world's) has a session that was never reviewed."""
    patients = {
        "high": history(world.therapist_a, "C-HIGH", "35", "34", "33", last=weeks_ago(1)),
        "medium": history(world.therapist_a, "C-MED", "35", last=weeks_ago(2)),
        "recent": history(world.therapist_a, "C-NONE-RECENT", "38", "38.5"),
        "today": history(world.therapist_a, "C-TODAY", "38", "-"),
        "old": history(world.therapist_a, "C-NONE-OLD", "39", last=weeks_ago(3)),
    }
    reviewed(*patients.values())
    patients["new"] = patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="C-NEW")
    return patients


def rows(user, **filters):
    return therapist_home(user, filters=CaseloadFilters(**filters), today=timezone.localdate()).rows


def codes(user, **filters) -> list[str]:
    return [row.patient.code for row in rows(user, **filters)]


def test_the_caseload_is_sorted_by_risk_then_by_the_latest_session(world, caseload):
    assert codes(world.therapist_a) == [
        "C-HIGH",
        "C-MED",
        "C-NONE-RECENT",
        "C-TODAY",
        "C-NONE-OLD",
        "A-001",  # no reviewed session yet: last
        "C-NEW",
    ]


def test_each_row_says_where_the_patient_stands(world, caseload):
    high = caseload["high"]
    flag_acknowledge(flag=Flag.objects.filter(patient=high).first(), user=world.therapist_a)
    row = rows(world.therapist_a)[0]
    assert row.patient == high
    assert (row.status.last_srs_total, row.srs_trend, row.status.attended_count) == (
        Decimal("33.0"),
        "down",
        3,
    )
    assert row.status.get_risk_level_display() == "High"
    assert row.active_flags == Flag.objects.filter(patient=high, status__in=["open", "acknowledged"]).count()
    assert row.open_flags == row.active_flags - 1
    assert row.sparkline.label == "35.0, 34.0, 33.0"


def test_a_patient_with_one_srs_has_no_trend_and_no_sparkline(world, caseload):
    row = next(row for row in rows(world.therapist_a) if row.patient.code == "C-MED")
    assert (row.srs_trend, row.sparkline) == ("", None)


def test_the_page_shows_the_rows(world, login, caseload):
    html = login(world.therapist_a).get("/dashboard/").content.decode()
    assert html.index("C-HIGH") < html.index("C-MED") < html.index("C-NONE-OLD")
    assert "33.0" in html and "↓" in html
    assert 'class="sparkline"' in html
    assert "not reviewed yet" in html
    assert f'href="{caseload["high"].get_absolute_url()}#flags"' in html
    assert 'href="/patients/export.csv"' in html


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"risk": "high"}, ["C-HIGH"]),
        ({"risk": "medium"}, ["C-MED"]),
        ({"risk": "low"}, []),
        ({"risk": "none"}, ["C-NONE-RECENT", "C-TODAY", "C-NONE-OLD", "A-001", "C-NEW"]),
        # Strictly more than two weeks without an SRS, or never one.
        ({"no_srs_weeks": 2}, ["C-NONE-OLD", "A-001", "C-NEW"]),
        ({"risk": "none", "no_srs_weeks": 1}, ["C-NONE-OLD", "A-001", "C-NEW"]),
    ],
)
def test_filters(world, caseload, filters, expected):
    assert codes(world.therapist_a, **filters) == expected


def test_inactive_patients_are_left_out_unless_asked_for(world, caseload):
    patient_update(patient=caseload["old"], active=False)
    assert "C-NONE-OLD" not in codes(world.therapist_a)
    assert codes(world.therapist_a, active="inactive") == ["C-NONE-OLD"]
    assert "C-NONE-OLD" in codes(world.therapist_a, active="all")


def test_the_filters_come_from_the_query_string(world, login, caseload):
    client = login(world.therapist_a)
    html = client.get("/dashboard/", {"risk": "high"}).content.decode()
    assert "C-HIGH" in html and "C-MED" not in html
    html = client.get("/dashboard/", {"no_srs_weeks": "2"}).content.decode()
    assert "C-NONE-OLD" in html and "C-HIGH" not in html


def test_nonsense_filters_fall_back_to_the_whole_active_caseload(world, login, caseload):
    response = login(world.therapist_a).get("/dashboard/", {"risk": "extreme", "no_srs_weeks": "-3", "active": "x"})
    assert response.status_code == 200
    assert "C-HIGH" in response.content.decode() and "C-NONE-OLD" in response.content.decode()


def test_todays_sessions_offer_the_srs_on_the_tablet_when_it_is_missing(world, login, caseload):
    home = therapist_home(world.therapist_a, filters=CaseloadFilters(), today=timezone.localdate())
    by_code = {entry.session.patient.code: entry for entry in home.today}
    assert set(by_code) == {"C-NONE-RECENT", "C-TODAY"}
    assert (by_code["C-NONE-RECENT"].has_srs, by_code["C-TODAY"].has_srs) == (True, False)
    client = login(world.therapist_a)
    html = client.get("/dashboard/").content.decode()
    action = f"/sessions/{by_code['C-TODAY'].session.pk}/measures/tablet-code/"
    assert f'action="{action}"' in html
    assert "SRS given" in html
    assert client.post(action).status_code == 200  # the tablet code page


def test_an_empty_caseload_says_so(world, login):
    html = login(world.therapist_b).get("/dashboard/", {"risk": "high"}).content.decode()
    assert "No patient to show with these filters." in html
    assert "No session logged for today yet" in html


def test_resolved_flags_leave_the_counts(world, caseload):
    for flag in Flag.objects.filter(patient=caseload["high"]):
        flag_resolve(flag=flag, user=world.therapist_a, note="Talked it through.")
    row = rows(world.therapist_a)[0]
    assert (row.patient.code, row.active_flags, row.open_flags) == ("C-HIGH", 0, 0)


NEW_PATIENT = 'href="/patients/new/"'


@pytest.mark.parametrize(
    ("actor", "url", "offered"),
    [
        ("therapist_a", "/dashboard/", True),
        ("admin", "/dashboard/", True),
        ("admin", "/dashboard/supervisor/", True),
        ("supervisor", "/dashboard/", False),
        ("supervisor", "/dashboard/supervisor/", False),
    ],
)
def test_the_caseload_offers_a_new_patient_to_those_who_register_patients(world, login, actor, url, offered):
    html = login(getattr(world, actor)).get(url).content.decode()
    assert (NEW_PATIENT in html) is offered
    assert (NEW_PATIENT in login(getattr(world, actor)).get("/patients/").content.decode()) is offered
