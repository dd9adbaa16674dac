"""The checklist review per therapist and per patient, recomputed by the worker."""

import datetime

from django.utils import timezone

from patients.services import patient_create
from review.models import PatientChecklistReview, TherapistChecklistReview
from review.tasks import checklist_refresh, review_patient
from sessions.models import CHECKLIST_FIELDS
from sessions.services import session_record


def checklists(world, patient, answers_4, *, therapist=None, start_days_ago=70):
    """One attended session a week ending about today, item 4 answered as given, the others "yes"."""
    therapist = therapist or world.therapist_a
    today = timezone.localdate()
    count = len(answers_4)
    for index, answer in enumerate(answers_4):
        date = today - datetime.timedelta(weeks=count - 1 - index)
        fields = {CHECKLIST_FIELDS[n]: True for n in (1, 2, 3, 5)}
        session_record(
            patient=patient, therapist=therapist, date=date, attendance="attended", checklist_4=answer, **fields
        )


def item(counts, number):
    [found] = [c for c in counts if c["item"] == number]
    return found


def test_a_patient_gets_counts_rates_and_supervision_points(world):
    patient = patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="C-001")
    checklists(world, patient, [True, True, False, False, False, False, True, None])
    review_patient(patient.pk)
    review = PatientChecklistReview.objects.get(patient=patient)
    assert item(review.recent_sessions, 4) == {"item": 4, "answered": 7, "yes": 3, "rate": "0.43"}
    assert item(review.recent_sessions, 1) == {"item": 1, "answered": 8, "yes": 8, "rate": "1.00"}
    assert item(review.recent_days, 4) == {"item": 4, "answered": 3, "yes": 1, "rate": "0.33"}  # weeks 0-3
    assert review.supervision_points == [4]  # 1 "yes" in the last 6 answers
    assert review.as_of == timezone.localdate()


def test_a_therapist_is_reviewed_over_every_patient_they_saw(world):
    first = patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="C-002")
    second = patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="C-003")
    checklists(world, first, [True, False, False])
    checklists(world, second, [True, False])
    review_patient(first.pk)
    review = TherapistChecklistReview.objects.get(therapist=world.therapist_a)
    assert item(review.recent_sessions, 4)["answered"] == 5
    assert item(review.recent_sessions, 4)["yes"] == 2
    assert review.supervision_points == [4]
    assert not PatientChecklistReview.objects.filter(patient=second).exists()


def test_the_windows_are_settings(world, settings):
    settings.REVIEW_CHECKLIST = {"last_sessions": 2, "supervision_sessions": 2}
    patient = patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="C-004")
    checklists(world, patient, [False, False, True, True])
    review_patient(patient.pk)
    review = PatientChecklistReview.objects.get(patient=patient)
    assert item(review.recent_sessions, 4) == {"item": 4, "answered": 2, "yes": 2, "rate": "1.00"}
    assert review.supervision_points == []
    assert review.parameters["last_sessions"] == 2


def test_the_daily_refresh_recomputes_every_checklist_review(world):
    patient = patient_create(clinic=world.clinic, primary_therapist=world.therapist_b, code="C-005")
    checklists(world, patient, [False, False], therapist=world.therapist_b)
    checklist_refresh()
    assert TherapistChecklistReview.objects.get(therapist=world.therapist_b).supervision_points == [4]
    assert PatientChecklistReview.objects.get(patient=patient).supervision_points == [4]
    assert PatientChecklistReview.objects.filter(patient=world.patient_a).exists()
