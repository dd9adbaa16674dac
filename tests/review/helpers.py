"""Builders for the review tests: patients with a history written through the project's services."""

import datetime
from decimal import Decimal

from measures.services import srs_response_submit, wai_response_submit
from patients.services import patient_create
from review.models import Flag, SessionReview
from sessions.models import TherapySession
from sessions.services import session_record

FIRST_DAY = datetime.date(2026, 9, 7)


def even_items(total: str) -> list[Decimal]:
    """Four items as even as one decimal allows: 37.5 = 9.4 + 9.4 + 9.4 + 9.3."""
    base, extra = divmod(int(Decimal(total) * 10), 4)
    return [Decimal(base + (1 if i < extra else 0)) / 10 for i in range(4)]


def session_add(patient, therapist, entry: str = "-", **fields) -> TherapySession:
    """One more session: an SRS total ("38.5"), "x" cancelled by the patient, "-" attended without SRS."""
    number = patient.sessions.count() + 1
    fields = {"date": FIRST_DAY + datetime.timedelta(weeks=number - 1), **fields}
    attendance = "cancelled_patient" if entry == "x" else fields.pop("attendance", "attended")
    session = session_record(patient=patient, therapist=therapist, attendance=attendance, **fields)
    if entry not in ("x", "-"):
        srs_submit(session, even_items(entry))
    return session


def srs_submit(session, items, **options):
    options = {"channel": "tablet", "language": "es", **options}
    return srs_response_submit(session=session, items=[Decimal(str(v)) for v in items], **options)


def wai_submit(session, items, respondent="patient"):
    return wai_response_submit(
        session=session, items=list(items), respondent=respondent, channel="tablet", language="es"
    )


def patient_with_history(world, *entries: str, code: str = "H-001", therapist=None):
    """A patient of `therapist` (therapist A by default) with one session per entry."""
    therapist = therapist or world.therapist_a
    patient = patient_create(clinic=therapist.clinic, primary_therapist=therapist, code=code)
    sessions = [session_add(patient, therapist, entry) for entry in entries]
    return patient, sessions


def codes(session) -> list[str]:
    return SessionReview.objects.get(session=session).codes


def risk(session) -> str:
    return SessionReview.objects.get(session=session).risk_level


def flag_rows(patient) -> list[tuple]:
    """Every flag of the patient, with every column that matters, in a stable order."""
    fields = [f.name for f in Flag._meta.get_fields() if f.concrete]
    return list(Flag.objects.filter(session__patient=patient).order_by("session__number", "code").values_list(*fields))


def review_rows(patient) -> list[tuple]:
    fields = [f.name for f in SessionReview._meta.get_fields() if f.concrete]
    reviews = SessionReview.objects.filter(session__patient=patient).order_by("session__number")
    return list(reviews.values_list(*fields))


def marked_numbers(patient) -> list[int]:
    marked = patient.sessions.filter(review_requested_at__isnull=False).order_by("number")
    return list(marked.values_list("number", flat=True))
