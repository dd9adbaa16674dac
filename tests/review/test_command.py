"""`manage.py review --all` / `--patient CODE`: rebuild reviews in batches, keeping what clinicians did."""

import io

import pytest
from django.core.management import CommandError, call_command

from review.models import Flag, FlagStatus, SessionReview, TherapistChecklistReview
from review.services.flags import flag_acknowledge
from review.tasks import review_patient
from sessions.models import TherapySession

from .helpers import flag_rows, marked_numbers, patient_with_history, review_rows


def review(*args):
    out = io.StringIO()
    call_command("review", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_all_reviews_every_session_of_every_patient(world):
    first, _ = patient_with_history(world, "38", "37.5", "35", code="R-001")
    second, _ = patient_with_history(world, "x", "x", code="R-002", therapist=world.therapist_b)
    output = review("--all", "--batch-size", "2")
    assert SessionReview.objects.count() == TherapySession.objects.count() == 7
    assert not TherapySession.objects.filter(review_requested_at__isnull=False).exists()
    therapists = set(TherapistChecklistReview.objects.values_list("therapist__username", flat=True))
    assert therapists == {"therapist_a", "therapist_b"}
    assert "Reviewed 7 sessions of 5 patients" in output
    assert Flag.objects.filter(session__patient=second, code="attendance").count() == 1


def test_patient_reviews_the_patients_with_that_code_only(world):
    patient, _ = patient_with_history(world, "38", "35", code="R-003")
    output = review("--patient", "r-003")
    assert SessionReview.objects.filter(session__patient=patient).count() == 2
    assert SessionReview.objects.count() == 2
    assert "Reviewed 2 sessions of 1 patients" in output
    assert marked_numbers(world.patient_a) == [1]


def test_a_code_nobody_has_is_an_error(world):
    with pytest.raises(CommandError, match="No patient with the code"):
        review("--patient", "NOBODY")


def test_it_writes_what_the_task_writes_and_keeps_the_flag_workflow(world):
    patient, sessions = patient_with_history(world, "38", "38.5", "38", "38.5", "30", "38", "x", "x", code="R-004")
    review_patient(patient.pk)
    flag_acknowledge(flag=Flag.objects.get(session=sessions[4], code="srs_v_rupture"), user=world.therapist_a)
    reviews, flags = review_rows(patient), flag_rows(patient)
    review("--all")
    assert flag_rows(patient) == flags
    assert [row[:-1] for row in review_rows(patient)] == [row[:-1] for row in reviews]
    assert Flag.objects.get(session=sessions[4], code="srs_v_rupture").status == FlagStatus.ACKNOWLEDGED


def test_a_batch_too_large_for_the_lock_table_is_refused(world):
    with pytest.raises(CommandError, match="between 1 and 1000"):
        review("--all", "--batch-size", "5000")
