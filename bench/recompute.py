"""(c) `manage.py review --all` beside its floor: reading the same rows into pandas, in the same batches."""

import io
import time

from django.core.management import call_command

from patients.models import Patient
from review.selectors import history_frames

BATCH = 500  # patients per batch: the command's default


def floor_seconds() -> float:
    """Seconds to read every patient's sessions and responses into DataFrames, batch by batch as the command does."""
    ids = list(Patient.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    for start in range(0, len(ids), BATCH):
        history_frames(ids[start : start + BATCH])
    return time.perf_counter() - started


def review_all_seconds() -> float:
    """Seconds `manage.py review --all` takes, over reviews already stored (a recompute, as after a rule change)."""
    started = time.perf_counter()
    call_command("review", "--all", "--no-progress", f"--batch-size={BATCH}", stdout=io.StringIO())
    return time.perf_counter() - started
