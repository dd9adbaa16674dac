"""Session numbers follow the sessions' dates (REVIEW_RULES.md "Session order").

A patient's sessions are numbered 1, 2, ... by date, then time (a session
with no time after the others of its day), then when each was recorded
(`created_at`, then the id). The writers that add, move or delete a session
renumber the patient's sessions under the patient's row lock. A session keeps
its id, so its measures, review, flags and audit history stay with it.

The unique (patient, number) constraint is checked row by row (PostgreSQL
without a deferrable constraint, and SQLite), so the sessions that move are
first lifted above every number in use, then lowered to their place: no step
ever gives one patient two sessions with the same number.

Lock order. Every writer of a patient's sessions or measures takes the
patient's row lock first (`patient_lock`), before any row of its sessions,
accesses or responses: two writers of one patient then queue on that row and
never wait for each other in a circle (the review mark updates every later
session of the patient).
"""

from collections.abc import Iterable

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from patients.models import Patient

from .models import TherapySession

SESSION_ORDER = [F("date").asc(), F("time").asc(nulls_last=True), F("created_at").asc(), F("id").asc()]
BATCH_SIZE = 500


def patient_lock(patient_id: int) -> None:
    """Lock the patient's row until the transaction ends: the first lock of every writer of the patient's sessions."""
    Patient.objects.select_for_update().filter(pk=patient_id).values_list("pk").get()


def sessions_renumber(*, patient_ids: Iterable[int], model=TherapySession) -> dict[int, int]:
    """Number the patients' sessions in session order. Returns, by patient whose numbers changed,
    the first number that changed: the reviews are due again from there.

    `model` is TherapySession, or its historical model in a data migration.
    The caller holds the patients' row locks.
    """
    ranked = (
        model.objects.filter(patient_id__in=list(patient_ids))
        .annotate(place=Window(RowNumber(), partition_by=[F("patient_id")], order_by=SESSION_ORDER))
        .order_by()
        .values_list("pk", "patient_id", "number", "place")
    )
    rows = list(ranked)
    moved = [(pk, patient_id, place) for pk, patient_id, number, place in rows if number != place]
    if not moved:
        return {}
    above = max(number for _pk, _patient, number, _place in rows)
    lifted = [model(pk=pk, number=place + above) for pk, _patient, place in moved]
    model.objects.bulk_update(lifted, ["number"], batch_size=BATCH_SIZE)
    ids = [pk for pk, _patient, _place in moved]
    for start in range(0, len(ids), BATCH_SIZE):
        model.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).update(number=F("number") - above)
    first: dict[int, int] = {}
    for _pk, patient_id, place in moved:
        first[patient_id] = min(place, first.get(patient_id, place))
    return first
