"""A planned session (`scheduled`) is not part of the history: no rule, checklist or figure counts it."""

import datetime

from django.utils import timezone

from review.models import Flag, FlagStatus, PatientChecklistReview, PatientStatus, SessionReview, TherapistWeek
from review.services.recompute import patients_review, therapist_checklists_review
from review.summaries import week_of
from review.tasks import review_patient
from sessions.models import TherapySession
from sessions.services import session_update

from .helpers import codes, patient_with_history, session_add


def test_a_planned_session_between_two_srs_is_skipped_by_the_rules(world):
    patient, [first, middle, last] = patient_with_history(world, "38", "-", "35")
    TherapySession.objects.filter(pk=middle.pk).update(attendance="scheduled")
    review_patient(patient.pk)
    assert codes(last) == ["srs_below_cutoff", "srs_drop"]
    assert not SessionReview.objects.filter(session=middle).exists()


def test_a_planned_session_is_not_the_patients_last_session(world):
    patient, sessions = patient_with_history(world, "38", "35")
    session_add(patient, world.therapist_a, attendance="scheduled", date=timezone.localdate())
    patients_review(patient_ids=[patient.pk], only_marked=False)
    status = PatientStatus.objects.get(patient=patient)
    assert (status.session_count, status.attended_count, status.last_session_number) == (2, 2, 2)
    assert status.risk_level == "high"


def test_cancellations_around_planned_sessions_still_count_as_consecutive(world):
    patient, [_first, *between, missed] = patient_with_history(world, "x", "-", "-", "-", "x")
    TherapySession.objects.filter(pk__in=[s.pk for s in between]).update(attendance="scheduled")
    review_patient(patient.pk)
    assert codes(missed) == ["attendance"]
    assert Flag.objects.get(session=missed).evidence["earlier"] == [{"session": 1, "attendance": "cancelled_patient"}]


def test_a_session_put_back_to_planned_loses_its_review_and_its_flags(world):
    patient, [_first, second] = patient_with_history(world, "x", "x")
    review_patient(patient.pk)
    flag = Flag.objects.get(session=second, code="attendance")
    session_update(session=second, attendance="scheduled")
    review_patient(patient.pk)
    assert not SessionReview.objects.filter(session=second).exists()
    flag.refresh_from_db()
    assert flag.status == FlagStatus.WITHDRAWN
    assert PatientStatus.objects.get(patient=patient).last_session_number == 1


def test_a_patient_whose_only_session_is_put_back_to_planned_has_no_status(world):
    patient, [only] = patient_with_history(world, "-")
    review_patient(patient.pk)
    assert PatientStatus.objects.filter(patient=patient).exists()
    session_update(session=only, attendance="scheduled")
    review_patient(patient.pk)
    assert not PatientStatus.objects.filter(patient=patient).exists()


def test_planned_sessions_stay_out_of_the_weekly_figures_and_the_checklist_reviews(world):
    patient, [session] = patient_with_history(world, "38", code="W-1")
    day = datetime.date(2026, 11, 30)
    session_update(session=session, date=day, checklist_1=True)
    planned = session_add(patient, world.therapist_a, attendance="scheduled", date=day)
    review_patient(patient.pk)
    therapist_checklists_review(therapist_ids=[world.therapist_a.pk])
    week = TherapistWeek.objects.get(therapist=world.therapist_a, week=week_of(day))
    assert (week.srs_tenths, week.checklist_answered) == ([380], [1, 0, 0, 0, 0])
    recent = PatientChecklistReview.objects.get(patient=patient).recent_days
    assert recent[0]["answered"] == 1
    assert planned.pk not in SessionReview.objects.values_list("session_id", flat=True)
