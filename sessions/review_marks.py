"""Pending review work: marked in the writer's transaction, queued after its commit.

The database is the record of pending work (`TherapySession.review_requested_at`):
a mark is written in the same transaction as the change, so it exists exactly
when the change does. The task is only a prompt to do the work now. When the
broker is down or hanging the prompt is lost (logged, never raised to the
user) and the periodic sweep finds the marks instead.
"""

import logging
import time
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from sessions.models import TherapySession

from .tasks import review_patient

logger = logging.getLogger(__name__)
BROKER_ERRORS = (KombuError, RedisError, OSError)

# After a failed publish, skip publishing for a short while: a hanging broker costs
# each save its socket timeout, and the sweep catches up with what was skipped.
_publish_paused_until = 0.0


def review_request(*, patient_id: int, from_number: int) -> None:
    """Mark the patient's session `from_number` and every later one as needing review.

    Call inside the transaction that changed the session or its measures.
    """
    TherapySession.objects.filter(patient_id=patient_id, number__gte=from_number).update(
        review_requested_at=timezone.now()
    )
    if not _already_queued_on_commit(patient_id):
        transaction.on_commit(partial(review_enqueue, patient_id), robust=True)


def _already_queued_on_commit(patient_id: int) -> bool:
    """True when this transaction already queues the patient's review after its commit.

    A long transaction (the demo, an import) then sends one task per patient,
    not one per session. Safe with savepoints: Django drops the callbacks of a
    savepoint that rolls back, and every savepoint still open is an ancestor
    of the current one, so a callback still listed commits whenever this
    change does.
    """
    connection = transaction.get_connection()
    return any(
        isinstance(func, partial) and func.func is review_enqueue and func.args == (patient_id,)
        for _savepoints, func, _robust in connection.run_on_commit
    )


def review_request_sessions(session_ids: Iterable[int]) -> None:
    """`review_request` for many sessions at once (bulk writes): one mark per patient."""
    ids = list(session_ids)
    firsts = TherapySession.objects.filter(pk__in=ids).values("patient_id").annotate(first=Min("number")).order_by()
    for row in firsts:
        review_request(patient_id=row["patient_id"], from_number=row["first"])


def review_enqueue(patient_id: int) -> None:
    """Ask the worker to review the patient now; on a broker error, log and leave it to the sweep."""
    global _publish_paused_until
    if time.monotonic() < _publish_paused_until:
        logger.warning(
            "Review of patient %s not queued: the broker failed moments ago; the sweep will do it.", patient_id
        )
        return
    try:
        review_patient.delay(patient_id)
    except BROKER_ERRORS as error:
        _publish_paused_until = time.monotonic() + settings.REVIEW_PUBLISH_PAUSE_SECONDS
        logger.warning("Review of patient %s not queued (%s); the sweep will do it.", patient_id, error)


def publish_pause_reset() -> None:
    """Publish again at once (tests, and after an operator fixed the broker)."""
    global _publish_paused_until
    _publish_paused_until = 0.0
