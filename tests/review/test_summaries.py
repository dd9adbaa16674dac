"""What the review precomputes for the dashboards: each patient's status, and the weekly figures of
therapists and clinics, kept right by every review and rebuilt by `review --all`."""

import datetime
import io
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from measures.services import srs_response_submit
from review.models import ClinicWeek, PatientStatus, TherapistWeek
from review.rules import DEFAULT_THRESHOLDS
from review.summaries import week_of, weekly_stats_rebuild
from review.tasks import review_patient
from sessions.services import session_record, session_update
from tests.dashboard.helpers import even_items, history, reviewed, weeks_ago

YES, NO = True, False
STEP = DEFAULT_THRESHOLDS.srs_drop  # the trend's step: a smaller change reads as steady


def week_rows(model):
    fields = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "updated_at")]
    return sorted(model.objects.values_list(*fields))


def test_a_review_writes_where_the_patient_stands(world):
    (patient,) = reviewed(history(world.therapist_a, "S-1", "38", "37.5", "x", "35"))
    status = PatientStatus.objects.get(patient=patient)
    assert (status.session_count, status.attended_count, status.last_session_number) == (4, 3, 4)
    assert status.last_session_date == timezone.localdate()
    assert (status.last_srs_total, status.previous_srs_total) == (Decimal("35.0"), Decimal("37.5"))
    assert status.last_srs_date == timezone.localdate()
    assert status.recent_srs == ["38.0", "37.5", "35.0"]
    assert status.srs_trend(step=STEP) == "down"
    # Session 4: below the cutoff and a drop of 2.5 together (docs/review-rules.md, "Worked examples", 1).
    assert (status.risk_level, status.risk_rank) == ("high", 3)


def test_the_risk_level_is_the_latest_sessions_not_the_worst(world):
    (patient,) = reviewed(history(world.therapist_a, "S-1", "30", "39"))
    status = PatientStatus.objects.get(patient=patient)
    assert (status.risk_level, status.srs_trend(step=STEP)) == ("none", "up")


def test_a_small_change_reads_as_steady_and_one_srs_has_no_trend(world):
    steady, single = reviewed(
        history(world.therapist_a, "S-1", "38", "37.5"), history(world.therapist_a, "S-2", "-", "38")
    )
    assert PatientStatus.objects.get(patient=steady).srs_trend(step=STEP) == "steady"
    assert PatientStatus.objects.get(patient=single).srs_trend(step=STEP) == ""


def test_the_worker_keeps_the_status_fresh(world):
    (patient,) = reviewed(history(world.therapist_a, "S-1", "38", last=weeks_ago(1)))
    session = session_record(
        patient=patient, therapist=world.therapist_a, date=timezone.localdate(), attendance="attended"
    )
    srs_response_submit(session=session, items=even_items("33"), channel="tablet", language="es")
    review_patient(patient.pk)
    status = PatientStatus.objects.get(patient=patient)
    assert (status.last_session_number, status.last_srs_total, status.previous_srs_total) == (
        2,
        Decimal("33.0"),
        Decimal("38.0"),
    )
    assert status.risk_level == "high"


def test_a_therapists_week_holds_the_median_srs_and_the_checklist_answers(world):
    reviewed(
        history(world.therapist_a, "S-1", "38", checklist=(YES, YES, NO, None, YES)),
        history(world.therapist_a, "S-2", "30", checklist=(YES, NO, NO, None, None)),
        history(world.therapist_a, "S-3", "35"),
    )
    week = TherapistWeek.objects.get(therapist=world.therapist_a, week=week_of(timezone.localdate()))
    assert (week.srs_count, week.srs_median, week.srs_tenths) == (3, Decimal("35.00"), [300, 350, 380])
    assert week.checklist_answered == [2, 2, 2, 0, 1]
    assert week.checklist_yes == [2, 1, 0, 0, 1]


def test_a_clinics_week_takes_the_median_over_all_its_therapists(world):
    reviewed(
        history(world.therapist_a, "S-1", "38"),
        history(world.therapist_b, "S-2", "31"),
        history(world.therapist_b, "S-3", "36.5"),
        history(world.other_therapist, "S-4", "20"),
    )
    week = ClinicWeek.objects.get(clinic=world.clinic, week=week_of(timezone.localdate()))
    assert (week.srs_count, week.srs_median) == (3, Decimal("36.50"))
    assert ClinicWeek.objects.get(clinic=world.other_clinic).srs_median == Decimal("20.00")


def test_reviewing_one_patient_keeps_the_rest_of_the_week(world):
    first = history(world.therapist_a, "S-1", "38")
    reviewed(first)
    reviewed(history(world.therapist_a, "S-2", "30"))
    week = week_of(timezone.localdate())
    assert TherapistWeek.objects.get(therapist=world.therapist_a, week=week).srs_median == Decimal("34.00")
    assert ClinicWeek.objects.get(clinic=world.clinic, week=week).srs_count == 2


def test_the_reviews_and_a_rebuild_agree(world):
    reviewed(
        history(world.therapist_a, "S-1", "38", "37", "x", "36", checklist=(YES, NO, YES, NO, YES)),
        history(world.therapist_b, "S-2", "-", "31", "39.5", last=weeks_ago(1)),
    )
    therapist_weeks, clinic_weeks = week_rows(TherapistWeek), week_rows(ClinicWeek)
    # A week with neither an SRS nor a checklist answer has no row: the cancellation, the "-", the world's.
    assert len(therapist_weeks) == 3 + 2
    weekly_stats_rebuild()
    assert (week_rows(TherapistWeek), week_rows(ClinicWeek)) == (therapist_weeks, clinic_weeks)


def test_a_session_moved_to_another_week_leaves_its_old_week_to_the_nightly_rebuild(world):
    (patient,) = reviewed(history(world.therapist_a, "S-1", "38", last=weeks_ago(2)))
    session = patient.sessions.get()
    session_update(session=session, date=session.date + datetime.timedelta(weeks=1))
    review_patient(patient.pk)
    new_week = TherapistWeek.objects.get(therapist=world.therapist_a, week=week_of(weeks_ago(1)))
    assert new_week.srs_count == 1
    old_week = TherapistWeek.objects.filter(therapist=world.therapist_a, week=week_of(weeks_ago(2)))
    assert old_week.get().srs_count == 1  # stale until the rebuild
    weekly_stats_rebuild(since=weeks_ago(4))
    assert not old_week.exists()


def test_review_all_rebuilds_statuses_and_weeks(world):
    history(world.therapist_a, "S-1", "38", "33")
    PatientStatus.objects.all().delete()
    TherapistWeek.objects.all().delete()
    call_command("review", "--all", "--no-progress", stdout=io.StringIO())
    assert PatientStatus.objects.get(patient__code="S-1").last_srs_total == Decimal("33.0")
    assert TherapistWeek.objects.filter(therapist=world.therapist_a).count() == 2
    assert ClinicWeek.objects.filter(clinic=world.clinic).exists()
