"""Redis restarted under a running worker: the worker goes on consuming (a known failure mode of
Celery on Redis is a worker that silently stops)."""

import pytest

from review.models import SessionReview

from .helpers import codes, marked_numbers, patient_with_history, srs_submit
from .workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_goes_on_consuming_after_redis_restarts(broker, start_worker, world):
    worker = start_worker()  # no beat: only the worker's own consumer can review what follows
    patient, sessions = patient_with_history(world, "38", "-", "-", code="RS-001")
    wait_for(lambda: SessionReview.objects.filter(session__patient=patient).count() == 3, timeout=20, what="reviews")

    expected = [["srs_below_cutoff", "srs_drop"], ["srs_below_cutoff"]]
    for restart, (session, fired) in enumerate(zip(sessions[1:], expected, strict=True), start=1):
        broker.restart()
        srs_submit(session, ["8.8", "8.8", "8.7", "8.7"])
        wait_for(lambda s=session, f=fired: codes(s) == f, timeout=40, what=f"the review after restart {restart}")
    assert marked_numbers(patient) == []
    assert worker.process.poll() is None
