"""The periodic sweep: every session still marked after the grace period gets reviewed."""

import datetime
from unittest import mock

from django.conf import settings as django_settings
from django.utils import timezone

from review import tasks
from sessions.models import TherapySession

from .helpers import patient_with_history


def test_it_queues_each_patient_with_a_mark_older_than_the_grace(world, settings):
    settings.REVIEW_SWEEP_GRACE_SECONDS = 30
    old = timezone.now() - datetime.timedelta(seconds=31)
    stale, _ = patient_with_history(world, "38", "35", code="S-001")
    fresh, _ = patient_with_history(world, "38", code="S-002")
    TherapySession.objects.filter(patient__in=[stale, world.patient_a]).update(review_requested_at=old)
    TherapySession.objects.exclude(patient__in=[stale, world.patient_a]).update(review_requested_at=timezone.now())
    with mock.patch.object(tasks.review_patient, "delay") as delay:
        assert tasks.review_sweep() == 2
    assert sorted(call.args[0] for call in delay.call_args_list) == sorted([stale.pk, world.patient_a.pk])


def test_it_queues_nothing_when_nothing_is_marked(world):
    TherapySession.objects.update(review_requested_at=None)
    with mock.patch.object(tasks.review_patient, "delay") as delay:
        assert tasks.review_sweep() == 0
    delay.assert_not_called()


def test_beat_runs_it_every_review_sweep_seconds():
    entry = django_settings.CELERY_BEAT_SCHEDULE["review-sweep"]
    assert entry["task"] == "review.tasks.review_sweep"
    assert entry["schedule"] == django_settings.REVIEW_SWEEP_SECONDS == 60
    assert django_settings.CELERY_BEAT_SCHEDULE["review-checklist-refresh"]["task"] == "review.tasks.checklist_refresh"


def test_it_queues_at_most_the_limit_oldest_marks_first(world, settings):
    settings.REVIEW_SWEEP_LIMIT = 1
    settings.REVIEW_SWEEP_GRACE_SECONDS = 0
    now = timezone.now()
    TherapySession.objects.filter(patient=world.patient_b).update(review_requested_at=now - datetime.timedelta(hours=2))
    TherapySession.objects.filter(patient=world.patient_a).update(review_requested_at=now - datetime.timedelta(hours=1))
    with mock.patch.object(tasks.review_patient, "delay") as delay:
        assert tasks.review_sweep() == 1
    delay.assert_called_once_with(world.patient_b.pk)
