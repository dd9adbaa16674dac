"""Builders for the dashboard tests: histories written through the project's services, then reviewed."""

import datetime
from decimal import Decimal

from django.utils import timezone

from measures.services import srs_response_submit
from patients.services import patient_create
from review.services.recompute import patients_review
from sessions.models import CHECKLIST_FIELDS
from sessions.services import session_record


def even_items(total: str) -> list[Decimal]:
    """Four items as even as one decimal allows: 37.5 = 9.4 + 9.4 + 9.4 + 9.3."""
    base, extra = divmod(int(Decimal(total) * 10), 4)
    return [Decimal(base + (1 if i < extra else 0)) / 10 for i in range(4)]


def weeks_ago(weeks: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(weeks=weeks)


def history(therapist, code: str, *entries: str, last: datetime.date | None = None, checklist=None, **patient):
    """A patient of `therapist` with one weekly session per entry, the last one on `last` (default: today).

    An entry is an SRS total ("38.5"), "x" (cancelled by the patient) or "-" (attended, no SRS).
    `checklist` gives the five answers of every attended session.
    """
    found = patient_create(clinic=therapist.clinic, primary_therapist=therapist, code=code, **patient)
    last = last or timezone.localdate()
    for index, entry in enumerate(entries):
        date = last - datetime.timedelta(weeks=len(entries) - 1 - index)
        fields = {"date": date, "attendance": "cancelled_patient" if entry == "x" else "attended"}
        if checklist and entry != "x":
            fields |= dict(zip(CHECKLIST_FIELDS.values(), checklist, strict=True))
        session = session_record(patient=found, therapist=therapist, **fields)
        if entry not in ("x", "-"):
            srs_response_submit(session=session, items=even_items(entry), channel="tablet", language="es")
    return found


def reviewed(*patients):
    """Review every session of the patients, as the worker would."""
    patients_review(patient_ids=[patient.pk for patient in patients], only_marked=False)
    return patients
