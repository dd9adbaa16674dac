"""A real Celery worker on a real Redis reviews a session after a real submission."""

import uuid

import pytest

from review.models import SessionReview
from review.tasks import review_patient

from .helpers import codes, flag_rows, marked_numbers, patient_with_history, review_rows, srs_submit
from .workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def reviewed(patient, count):
    return SessionReview.objects.filter(session__patient=patient).count() == count and not marked_numbers(patient)


def test_a_worker_reviews_a_session_after_a_submission_and_a_rerun_changes_nothing(broker, start_worker, world):
    worker = start_worker()
    patient, sessions = patient_with_history(world, "38", "37.5", "-", code="W-001")
    wait_for(lambda: reviewed(patient, 3), timeout=20, what="the first reviews")
    srs_submit(sessions[2], ["8.8", "8.8", "8.7", "8.7"], submission_key=uuid.uuid4())  # 35.0, from the tablet
    wait_for(lambda: codes(sessions[2]) == ["srs_below_cutoff", "srs_drop"], timeout=20, what="the review of #3")
    assert SessionReview.objects.get(session=sessions[2]).risk_level == "high"
    assert marked_numbers(patient) == []

    reviews, flags = review_rows(patient), flag_rows(patient)
    done = worker.output().count("review.tasks.review_patient")
    review_patient.delay(patient.pk)
    review_patient.delay(patient.pk)
    wait_for(lambda: worker.output().count("review.tasks.review_patient") >= done + 4, timeout=20, what="two reruns")
    assert worker.output().count("succeeded") >= 2
    assert review_rows(patient) == reviews
    assert flag_rows(patient) == flags
