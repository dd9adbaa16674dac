"""The supervisor's dashboard and the drill-down to a therapist: the numbers they show, from the
precomputed rows the review wrote."""

import pytest
from django.utils import timezone

from dashboard.selectors import CaseloadFilters, supervisor_dashboard, therapist_dashboard
from patients.services import patient_update
from review.models import Flag, FlagStatus
from review.services.flags import flag_acknowledge
from review.services.recompute import therapist_checklists_review
from review.summaries import week_of

from .helpers import history, reviewed, weeks_ago

YES, NO = True, False


@pytest.fixture
def team(world):
    """Supervisor S oversees therapist A; therapist B's patient is someone else's business."""
    patients = {
        "high_old": history(world.therapist_a, "V-HIGH-OLD", "35", "34", "33", last=weeks_ago(3)),
        "high_new": history(world.therapist_a, "V-HIGH-NEW", "35", "34", "33"),
        "medium": history(world.therapist_a, "V-MED", "35", last=weeks_ago(1)),
        "none": history(world.therapist_a, "V-NONE", "38", "38.5", checklist=(YES, NO, YES, NO, YES)),
        "inactive": history(world.therapist_a, "V-GONE", "30", "29", "28", last=weeks_ago(6)),
        "other": history(world.therapist_b, "W-B", "30", "29", "28"),
    }
    reviewed(*patients.values())
    patient_update(patient=patients["inactive"], active=False)
    therapist_checklists_review(therapist_ids=[world.therapist_a.pk])
    return patients


def dashboard(user):
    return supervisor_dashboard(user, today=timezone.localdate())


def test_patients_are_counted_by_risk_level_active_only(world, team):
    page = dashboard(world.supervisor)
    assert [(level, count) for level, _, count in page.risk_counts] == [
        ("high", 2),
        ("medium", 1),
        ("low", 0),
        ("none", 1),
    ]
    assert page.unreviewed == 1  # the world's A-001: its one session was never reviewed
    assert [row.patient.code for row in page.at_risk] == ["V-HIGH-NEW", "V-HIGH-OLD", "V-MED"]
    assert page.at_risk_total == 3


def test_the_inbox_lists_open_flags_by_severity_then_age(world, team):
    page = dashboard(world.supervisor)
    open_flags = Flag.objects.filter(patient__in=[team[k] for k in ("high_old", "high_new", "medium", "none")])
    assert page.inbox_total == open_flags.filter(status=FlagStatus.OPEN).count()
    severities = [entry.item.flag.severity for entry in page.inbox]
    assert severities == sorted(severities, key=["high", "medium", "low", "info"].index)
    first, second = page.inbox[:2]
    assert (first.item.flag.code, first.patient.code) == ("srs_sustained_low", "V-HIGH-OLD")
    assert (second.item.flag.code, second.patient.code) == ("srs_sustained_low", "V-HIGH-NEW")
    assert first.age_days == 21 and second.age_days == 0
    assert {entry.patient.code for entry in page.inbox} <= {"V-HIGH-OLD", "V-HIGH-NEW", "V-MED"}


def test_an_acknowledged_flag_leaves_the_inbox(world, team):
    first = dashboard(world.supervisor).inbox[0].item.flag
    flag_acknowledge(flag=first, user=world.supervisor)
    page = dashboard(world.supervisor)
    assert first.pk not in [entry.item.flag.pk for entry in page.inbox]
    assert page.inbox[0].patient.code == "V-HIGH-NEW"


def test_the_alliance_trend_is_the_median_srs_of_each_week(world, team):
    alliance = dashboard(world.supervisor).alliance
    this_week = alliance[alliance["week"] == week_of(timezone.localdate())]
    # V-HIGH-NEW's 33.0 and V-NONE's 38.5, today.
    assert this_week[["therapist", "median_srs", "srs_count"]].values.tolist() == [["therapist_a", 35.75, 2]]
    assert alliance["week"].min() >= week_of(weeks_ago(11))


def test_checklist_adherence_is_the_share_of_yes_by_item_and_week(world, team):
    adherence = dashboard(world.supervisor).adherence
    this_week = adherence[adherence["week"] == week_of(timezone.localdate())]
    assert this_week[["item", "rate", "answered"]].values.tolist() == [
        ["1 Safety and limits", 1.0, 1],
        ["2 Attunement", 0.0, 1],
        ["3 Shared goals and tasks", 1.0, 1],
        ["4 Repairing micro-ruptures", 0.0, 1],
        ["5 A concrete next step", 1.0, 1],
    ]


def test_the_clinic_trend_covers_every_therapist_of_the_clinic(world, team):
    clinic = dashboard(world.supervisor).clinic
    this_week = clinic[clinic["week"] == week_of(timezone.localdate())]
    # 33.0 and 38.5 of therapist A, 28.0 of therapist B.
    assert this_week[["median_srs", "responses"]].values.tolist() == [[33.0, 3]]


def test_supervision_points_come_from_the_checklist_review(world, login, team):
    summary = dashboard(world.supervisor).therapists[0]
    assert [item for item, _ in summary.supervision_points] == [2, 4]
    html = login(world.supervisor).get("/dashboard/supervisor/").content.decode()
    assert "I attuned to the patient&#x27;s bodily state and affect" in html
    assert "Mistakes to avoid" in html and "putting off the repair of ruptures" in html


def test_the_page_shows_every_chart_with_its_table(world, login, team):
    html = login(world.supervisor).get("/dashboard/supervisor/").content.decode()
    for chart in ("chart-alliance", "chart-adherence", "chart-clinic"):
        assert f'id="{chart}" type="application/json"' in html
        assert f'data-chart="{chart}"' in html
    assert html.count('class="chart-table') == 3
    assert "plotly/plotly-strict.min.js" in html
    assert f'href="/dashboard/therapists/{world.therapist_a.pk}/"' in html
    assert "W-B" not in html


def test_a_clinic_admin_sees_every_therapist(world, team):
    page = dashboard(world.admin)
    assert [summary.name for summary in page.therapists] == ["therapist_a", "therapist_b"]
    assert [(level, count) for level, _, count in page.risk_counts][0] == ("high", 3)


def test_the_drill_down_shows_one_therapists_caseload_and_trends(world, login, team):
    page = therapist_dashboard(
        world.supervisor, world.therapist_a.pk, filters=CaseloadFilters(), today=timezone.localdate()
    )
    assert page.summary.by_risk == {"high": 2, "medium": 1, "none": 1, "": 1}
    assert page.summary.open_flags == dashboard(world.supervisor).inbox_total
    assert [row.patient.code for row in page.rows][:3] == ["V-HIGH-NEW", "V-HIGH-OLD", "V-MED"]
    assert set(page.alliance["therapist"]) == {"therapist_a"}
    html = login(world.supervisor).get(f"/dashboard/therapists/{world.therapist_a.pk}/", {"risk": "medium"})
    html = html.content.decode()
    assert "V-MED" in html and "V-HIGH-NEW" not in html
    assert 'data-chart="chart-alliance"' in html and "Mistakes to avoid" in html


def test_a_supervisor_of_nobody_sees_empty_states(world, login):
    html = login(world.idle_supervisor).get("/dashboard/supervisor/").content.decode()
    assert "You do not supervise any therapist yet." in html
    assert "No open flags" in html
    assert "Not enough SRS yet" in html
    assert "plotly" not in html  # no chart, no plotly.js


def test_the_clinic_trend_of_a_clinic_without_srs_is_empty(world, team):
    assert dashboard(world.other_admin).clinic.empty
