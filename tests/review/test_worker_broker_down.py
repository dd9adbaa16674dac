"""Redis stopped while responses are submitted: every submission succeeds at once and is kept;
once Redis is back, the sweep reviews them all."""

import signal
import time
import uuid

import pytest
import redis

from measures.models import SrsResponse
from review.models import SessionReview
from sessions.review_marks import review_enqueue

from .helpers import codes, marked_numbers, patient_with_history, srs_submit
from .workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def all_reviewed(patients) -> bool:
    return all(
        not marked_numbers(p) and SessionReview.objects.filter(session__patient=p).count() == 2 for p in patients
    )


def test_submissions_while_redis_is_down_are_kept_and_the_sweep_reviews_them(broker, start_worker, world, login):
    start_worker(beat=True)
    histories = [patient_with_history(world, "38", "-", code=f"D-{n:03d}") for n in range(4)]
    patients = [patient for patient, _ in histories]
    wait_for(lambda: all_reviewed(patients), timeout=20, what="the first reviews")

    broker.stop()
    for _, sessions in histories[:3]:
        started = time.monotonic()
        srs_submit(sessions[1], ["8.8", "8.8", "8.7", "8.7"], submission_key=uuid.uuid4())
        assert time.monotonic() - started < 1.0
    _, paper_sessions = histories[3]
    started = time.monotonic()
    data = {"language": "es", "srs_relationship": "8", "srs_goals": "9", "srs_approach": "9", "srs_overall": "9"}
    response = login(world.therapist_a).post(f"/sessions/{paper_sessions[1].pk}/measures/paper/", data)
    assert response.status_code == 302  # the therapist sees a success page
    assert time.monotonic() - started < 1.0
    assert SrsResponse.objects.filter(session__patient__in=patients).count() == 8
    assert [marked_numbers(p) for p in patients] == [[2]] * 4

    broker.start()
    wait_for(lambda: all_reviewed(patients), timeout=45, what="the sweep after Redis came back")
    assert [codes(sessions[1]) for _, sessions in histories] == [["srs_below_cutoff", "srs_drop"]] * 4


def test_a_hanging_redis_costs_one_save_its_socket_timeout_and_the_next_saves_nothing(broker, world):
    histories = [patient_with_history(world, "38", "-", code=f"H-{n:03d}") for n in range(3)]
    broker.process.send_signal(signal.SIGSTOP)  # accepts connections, never answers
    try:
        durations = []
        for _, sessions in histories:
            started = time.monotonic()
            srs_submit(sessions[1], ["8.8", "8.8", "8.7", "8.7"])
            durations.append(time.monotonic() - started)
    finally:
        broker.process.send_signal(signal.SIGCONT)
    assert durations[0] < 4.0  # the 2 s socket timeout, never forever
    assert max(durations[1:]) < 0.5  # publishing is paused after a failure; the sweep catches up
    assert SrsResponse.objects.filter(session__in=[s[1] for _, s in histories]).count() == 3
    assert [marked_numbers(p) for p, _ in histories] == [[1, 2]] * 3  # no worker here: all still pending


def test_publishing_resumes_within_moments_of_redis_coming_back(broker, world, settings):
    """The pause after a failed publish ends as soon as the broker answers again, not after the whole pause."""
    settings.REVIEW_PUBLISH_PAUSE_SECONDS = 30
    patient, sessions = patient_with_history(world, "38", "-", code="R-001")
    broker.stop()
    srs_submit(sessions[1], ["8.8", "8.8", "8.7", "8.7"])  # its publish fails: publishing pauses
    broker.start()
    queue = redis.Redis(port=broker.port)

    def published() -> bool:
        review_enqueue(patient.pk)  # skipped while the pause lasts
        return queue.llen("celery") > 0

    wait_for(published, timeout=5, what="a publish after Redis came back")
