"""The sweep on a real broker during a backlog: each waiting patient is queued once, and the sweep itself
is never stuck behind the backlog."""

import datetime
import re

import pytest
import redis
from django.conf import settings as django_settings
from django.utils import timezone

from review import tasks
from review.models import SessionReview
from sessions.models import TherapySession

from .helpers import patient_with_history
from .workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def queued(broker) -> int:
    return redis.Redis(port=broker.port).llen("celery")


def marked_long_ago(world, count: int) -> list:
    patients = [patient_with_history(world, "38", code=f"Q-{n:03d}")[0] for n in range(count)]
    TherapySession.objects.update(review_requested_at=timezone.now() - datetime.timedelta(minutes=5))
    return patients


def test_a_patient_waiting_in_the_queue_is_queued_once_however_often_the_sweep_runs(broker, world, settings):
    settings.REVIEW_SWEEP_GRACE_SECONDS = 0
    marked_long_ago(world, 3)  # with world's two patients: five marked, no worker consuming
    before = queued(broker)  # what the saves published after their commits
    assert tasks.review_sweep() == 5
    assert tasks.review_sweep() == 0
    assert tasks.review_sweep() == 0
    assert queued(broker) - before == 5


def test_a_patient_queued_long_ago_is_queued_again(broker, world, settings):
    """Its message may have been lost with a Redis restart: after REVIEW_SWEEP_REQUEUE_SECONDS it is sent again."""
    settings.REVIEW_SWEEP_GRACE_SECONDS = 0
    settings.REVIEW_SWEEP_REQUEUE_SECONDS = 0
    before = queued(broker)
    assert tasks.review_sweep() == 2
    assert tasks.review_sweep() == 2
    assert queued(broker) - before == 4


def test_the_review_of_a_queued_patient_lets_the_sweep_queue_it_again(broker, world, settings):
    settings.REVIEW_SWEEP_GRACE_SECONDS = 0
    assert tasks.review_sweep() == 2
    tasks.review_patient(world.patient_a.pk)
    TherapySession.objects.filter(patient=world.patient_a).update(review_requested_at=timezone.now())
    assert tasks.review_sweep() == 1


def test_the_sweep_has_a_queue_of_its_own_and_never_expires():
    entry = django_settings.CELERY_BEAT_SCHEDULE["review-sweep"]
    assert "expires" not in entry.get("options", {})
    assert django_settings.CELERY_TASK_ROUTES["review.tasks.review_sweep"] == {"queue": "sweep"}


def test_the_worker_runs_sweeps_during_a_backlog_and_queues_each_patient_once(broker, start_worker, world):
    patients = marked_long_ago(world, 6)
    for _ in range(40):  # a backlog: the same patients queued over and over before the worker starts
        for patient in patients:
            tasks.review_patient.delay(patient.pk)
    worker = start_worker(beat=True)
    wait_for(lambda: re.search(r"review_sweep\[.*\] succeeded", worker.output()), timeout=60, what="a sweep run")
    wait_for(lambda: queued(broker) == 0, timeout=90, what="the backlog drained")
    assert "Discarding revoked task" not in worker.output()
    assert SessionReview.objects.filter(session__patient__in=patients).count() == len(patients)
