"""Pending review work: marked in the writer's transaction, queued after its commit.

The database is the record of pending work (`TherapySession.review_requested_at`):
a mark is written in the same transaction as the change, so it exists exactly
when the change does. The task is only a prompt to do the work now, sent by
name (this app never imports the review). When the broker is down or hanging
the prompt is lost (logged, never raised to the user) and the periodic sweep
finds the marks instead.
"""

import logging
import threading
import time
from collections.abc import Iterable

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from .models import TherapySession

logger = logging.getLogger(__name__)
BROKER_ERRORS = (KombuError, RedisError, OSError)
REVIEW_TASK = "review.tasks.review_patient"

# After a failed publish, skip publishing for a short while: a hanging broker costs
# each save its socket timeout, and the sweep catches up with what was skipped. Meanwhile
# one background thread per process asks the broker every second whether it is back, and
# ends the pause when it is: no save waits for that question.
_publish_paused_until = 0.0
_probe_lock = threading.Lock()
_probe: threading.Thread | None = None
PROBE_SECONDS = 1.0

# The patients whose review this thread publishes after its next commit (one task each).
_to_publish = threading.local()


def review_request(*, patient_id: int, from_number: int) -> None:
    """Mark the patient's session `from_number` and every later one as needing review.

    Call inside the transaction that changed the session or its measures.
    """
    TherapySession.objects.filter(patient_id=patient_id, number__gte=from_number).update(
        review_requested_at=timezone.now()
    )
    _publish_on_commit(patient_id)


def _publish_on_commit(patient_id: int) -> None:
    """Publish the patient's review after the commit, once per patient however many writes.

    Every call registers a callback, and the first to run publishes every patient
    waiting: a callback dropped with a savepoint that rolled back leaves the later
    ones to do it. A patient left waiting by a transaction that rolled back is
    published with the next commit: one review too many is harmless (the task is
    idempotent), one too few is not.
    """
    _waiting().add(patient_id)
    transaction.on_commit(_publish_waiting, robust=True)


def _waiting() -> set[int]:
    if not hasattr(_to_publish, "patient_ids"):
        _to_publish.patient_ids = set()
    return _to_publish.patient_ids


def _publish_waiting() -> None:
    waiting = _waiting()
    while waiting:
        review_enqueue(waiting.pop())


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
        task_send(REVIEW_TASK, patient_id)
    except BROKER_ERRORS as error:
        _publish_paused_until = time.monotonic() + settings.REVIEW_PUBLISH_PAUSE_SECONDS
        logger.warning("Review of patient %s not queued (%s); the sweep will do it.", patient_id, error)
        _probe_start()


def _probe_start() -> None:
    global _probe
    with _probe_lock:
        if _probe is None or not _probe.is_alive():
            _probe = threading.Thread(target=_probe_until_back, name="broker-probe", daemon=True)
            _probe.start()


def _probe_until_back() -> None:
    """Until the pause ends, ask the broker every second whether it answers; end the pause when it does."""
    while time.monotonic() < _publish_paused_until:
        time.sleep(PROBE_SECONDS)
        if _broker_answers():
            logger.info("The broker answers again: publishing reviews again.")
            publish_pause_reset()
            return


def _broker_answers() -> bool:
    try:
        with current_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0)
    except BROKER_ERRORS:
        return False
    return True


def task_send(name: str, *args) -> None:
    """Publish the Celery task `name` with `args`; in eager mode (the embedded demo) run it here.

    `send_task` ignores `task_always_eager`, so eager mode looks the task up
    among those registered, importing the apps' task modules once if needed.
    """
    app = current_app
    if not app.conf.task_always_eager:
        app.send_task(name, args=args)
        return
    if name not in app.tasks:
        app.loader.import_default_modules()
    app.tasks[name].delay(*args)


def publish_pause_reset() -> None:
    """Publish again at once (tests, and after an operator fixed the broker)."""
    global _publish_paused_until
    _publish_paused_until = 0.0


def publish_waiting_forget() -> None:
    """Forget the patients waiting for a commit (tests: each test's transaction rolls back)."""
    _waiting().clear()
