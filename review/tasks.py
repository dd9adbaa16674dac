"""Celery tasks of the review: thin, idempotent, taking ids only.

Each task re-reads the database and calls one service; running one twice
changes nothing (a review of a patient with no marked session returns at
once). Acknowledged late and rejected (so requeued) when the worker process
dies; retried with back-off on transient database errors only.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from accounts.models import User
from patients.models import Patient

from . import selectors, summaries
from .services import queue, recompute

logger = logging.getLogger(__name__)
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
CHECKLIST_BATCH = 500  # rows locked per transaction
WEEKLY_REFRESH_WEEKS = 13  # the dashboards show 12 weeks
RELIABLE = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    # Jittered waits of up to 2, 4, ... 120 s: 16 retries outlast a database outage of several
    # minutes (8 ran out within 90 s). A task whose retries run out is queued again by the sweep.
    "max_retries": 16,
}


@shared_task(**RELIABLE)
def review_patient(patient_id: int) -> None:
    """Review the patient's sessions marked as needing review, then the checklist reviews they touch."""
    counts = recompute.patients_review(patient_ids=[patient_id], only_marked=True)
    if counts.sessions:
        recompute.therapist_checklists_review(therapist_ids=sorted(counts.therapist_ids))
        logger.info("Reviewed %s session(s) of patient %s.", counts.sessions, patient_id)
    queue.reviews_unqueued(patient_ids=[patient_id])


@shared_task(**RELIABLE)
def review_sweep() -> int:
    """Queue the review of the patients with a session still marked after the grace period.

    At most REVIEW_SWEEP_LIMIT per run, oldest mark first: after a long outage the
    backlog drains over a few runs. A patient the sweep queued is left out until its
    review has run, or REVIEW_SWEEP_REQUEUE_SECONDS later (its message lost with a
    Redis restart), so a backlog never fills the queue with duplicates.
    """
    now = timezone.now()
    patient_ids = selectors.patients_pending_review(
        requested_before=now - datetime.timedelta(seconds=settings.REVIEW_SWEEP_GRACE_SECONDS),
        queued_before=now - datetime.timedelta(seconds=settings.REVIEW_SWEEP_REQUEUE_SECONDS),
        limit=settings.REVIEW_SWEEP_LIMIT,
    )
    queue.reviews_queued(patient_ids=patient_ids, at=now)
    sent = 0
    try:
        for patient_id in patient_ids:
            review_patient.delay(patient_id)
            sent += 1
    finally:
        queue.reviews_unqueued(patient_ids=patient_ids[sent:])
    if patient_ids:
        logger.info("Review sweep queued %s patient(s).", len(patient_ids))
    return len(patient_ids)


@shared_task(**RELIABLE)
def checklist_refresh() -> None:
    """Recompute every checklist review (their day windows move with the calendar) and the
    weekly figures of the dashboards' last weeks (a session moved to another week leaves its old one)."""
    therapist_ids = list(User.objects.filter(therapy_sessions__isnull=False).distinct().values_list("pk", flat=True))
    patient_ids = list(Patient.objects.filter(sessions__isnull=False).distinct().values_list("pk", flat=True))
    for start in range(0, len(therapist_ids), CHECKLIST_BATCH):
        recompute.therapist_checklists_review(therapist_ids=therapist_ids[start : start + CHECKLIST_BATCH])
    for start in range(0, len(patient_ids), CHECKLIST_BATCH):
        recompute.patient_checklists_review(patient_ids=patient_ids[start : start + CHECKLIST_BATCH])
    summaries.weekly_stats_rebuild(since=timezone.localdate() - datetime.timedelta(weeks=WEEKLY_REFRESH_WEEKS))
