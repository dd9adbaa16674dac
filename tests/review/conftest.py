import shutil

import pytest

from review.models import Flag
from review.tasks import review_patient
from sessions.review_marks import publish_pause_reset

from .helpers import patient_with_history
from .workers import RedisServer, Worker, point_celery_at


@pytest.fixture
def broker(tmp_path):
    """A redis-server of this test's own on a free port, and this process publishing to it."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    before = point_celery_at(server.url)
    publish_pause_reset()
    yield server
    point_celery_at(before)
    server.stop()
    publish_pause_reset()


@pytest.fixture
def start_worker(broker, transactional_db):
    """Start Celery workers on `broker` writing to the test database; all stopped after the test."""
    started = []

    def start(**options) -> Worker:
        worker = Worker(broker, **options)
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def flagged(world):
    """Patient of therapist A whose third session fired srs_below_cutoff and srs_drop."""
    patient, sessions = patient_with_history(world, "38", "37.5", "35", code="F-001")
    review_patient(patient.pk)
    return patient, Flag.objects.get(session=sessions[2], code="srs_drop")
