"""The sweep's record of the patients it queued (`QueuedReview`), so that it queues each one once.

Written before the message is sent, so that a review finishing at once never
leaves a stale row behind; removed again for the messages that could not be
sent, and by the review task once it has run.
"""

import datetime
from collections.abc import Sequence

from ..models import QueuedReview


def reviews_queued(*, patient_ids: Sequence[int], at: datetime.datetime) -> None:
    """Record that the patients' reviews were queued `at` (rewriting an older record)."""
    rows = [QueuedReview(patient_id=patient_id, queued_at=at) for patient_id in patient_ids]
    QueuedReview.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["patient"], update_fields=["queued_at"], batch_size=500
    )


def reviews_unqueued(*, patient_ids: Sequence[int]) -> None:
    """Forget that the patients' reviews were queued: their review ran, or their message was never sent."""
    QueuedReview.objects.filter(patient_id__in=list(patient_ids)).delete()
