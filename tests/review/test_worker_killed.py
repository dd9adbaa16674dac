"""A worker killed with SIGKILL mid-batch: afterwards every session has exactly one review and no
flag is duplicated, and the rows are those a clean recompute gives."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from measures.services import Submission, responses_bulk_create, srs_response_build
from patients.services import patient_create
from review.models import Flag, SessionReview
from sessions.models import TherapySession

from .helpers import even_items, flag_rows, review_rows
from .workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PATTERN = ["38", "38.5", "38", "37", "30", "38", "35", "34", "33", "x", "x", "39", "40", "40", "40", "36.5"]


def crowd(world, patients: int, sessions_each: int) -> list:
    """Patients with long histories; their reviews are queued (one task each) as the data commits."""
    made = []
    for n in range(patients):
        patient = patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code=f"K-{n:03d}")
        entries = [PATTERN[(n + i) % len(PATTERN)] for i in range(sessions_each)]
        sessions = TherapySession.objects.bulk_create(
            TherapySession(
                patient=patient,
                therapist=world.therapist_a,
                number=i + 1,
                date=datetime.date(2026, 1, 5) + datetime.timedelta(weeks=i),
                attendance="cancelled_patient" if entry == "x" else "attended",
                review_requested_at=timezone.now(),  # bulk writes mark their sessions themselves
            )
            for i, entry in enumerate(entries)
        )
        tablet = Submission(channel="tablet", language="es")
        responses_bulk_create(
            srs_response_build(session=session, items=even_items(entry), submission=tablet)
            for session, entry in zip(sessions, entries, strict=True)
            if entry != "x"
        )
        made.append(patient)
    return made


def reviewed_count(patients) -> int:
    return SessionReview.objects.filter(session__patient__in=patients).count()


def pending(patients) -> int:
    return TherapySession.objects.filter(patient__in=patients, review_requested_at__isnull=False).count()


def assert_one_review_per_session_and_the_right_flags(patients):
    sessions = TherapySession.objects.filter(patient__in=patients)
    assert reviewed_count(patients) == sessions.count()
    assert not SessionReview.objects.values("session").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not Flag.objects.values("session", "code").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert pending(patients) == 0
    after_worker = [(review_rows(p), flag_rows(p)) for p in patients]
    call_command("review", "--all", "--no-progress", stdout=io.StringIO())
    recomputed = [(review_rows(p), flag_rows(p)) for p in patients]
    for (reviews, flags), (again, flags_again) in zip(after_worker, recomputed, strict=True):
        assert flags_again == flags
        assert [row[:-1] for row in again] == [row[:-1] for row in reviews]  # all but computed_at


def test_a_pool_process_killed_mid_task_is_replaced_and_its_task_runs_again(broker, start_worker, world):
    patients = crowd(world, patients=30, sessions_each=30)
    worker = start_worker()  # no beat: nothing but the requeue can bring the lost task back
    wait_for(lambda: reviewed_count(patients) > 0, timeout=20, what="the batch to start")
    worker.kill_child()
    wait_for(lambda: pending(patients) == 0, timeout=60, what="the batch to finish after the kill")
    assert worker.process.poll() is None
    assert_one_review_per_session_and_the_right_flags(patients)


def test_a_whole_worker_killed_mid_batch_leaves_the_rest_to_the_next_worker(broker, start_worker, world):
    patients = crowd(world, patients=30, sessions_each=30)
    first = start_worker()
    wait_for(lambda: reviewed_count(patients) > 0, timeout=20, what="the batch to start")
    first.kill()
    assert pending(patients) > 0  # killed mid-batch: work was left
    start_worker(beat=True)  # the queued tasks, and the sweep for the one the dead worker held
    wait_for(lambda: pending(patients) == 0, timeout=60, what="the next worker to finish the batch")
    assert_one_review_per_session_and_the_right_flags(patients)
