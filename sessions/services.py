from django.db import transaction
from django.db.models import Max

from accounts.models import User
from patients.models import Patient

from .models import TherapySession
from .numbering import patient_lock, sessions_renumber
from .review_marks import review_request


@transaction.atomic
def session_record(*, patient: Patient, therapist: User, **fields) -> TherapySession:
    """Record a session of the patient: it takes its place by date (sessions.numbering).

    The patient row is locked while the sessions are numbered, so two sessions
    created at once never clash. The reviews are due again from its place on.
    """
    patient_lock(patient.pk)
    last = TherapySession.objects.filter(patient=patient).aggregate(last=Max("number"))["last"] or 0
    session = TherapySession(patient=patient, therapist=therapist, number=last + 1, **fields)
    session.full_clean()
    session.save()
    _numbers_follow_dates(session, was=session.number)
    return session


@transaction.atomic
def session_update(*, session: TherapySession, **fields) -> TherapySession:
    """Change the session; a new date or time moves it to its new place among the patient's sessions."""
    patient_lock(session.patient_id)
    was = session.number
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    # Markers, checklist and attendance feed the review of this session and of every later one.
    _numbers_follow_dates(session, was=was)
    return session


@transaction.atomic
def session_remove(*, session: TherapySession) -> None:
    """Delete the session with its measures, review and flags; the later sessions move up one number.

    The reviews are due again from its place on (from the session before it
    when it was the last). The page's operation is `records.session_delete`,
    which also audits it and updates what the review would not revisit.
    """
    patient_lock(session.patient_id)
    patient_id, number = session.patient_id, session.number
    session.delete()
    sessions_renumber(patient_ids=[patient_id])
    remaining = TherapySession.objects.filter(patient_id=patient_id).count()
    if remaining:
        review_request(patient_id=patient_id, from_number=min(number, remaining))


def _numbers_follow_dates(session: TherapySession, *, was: int) -> None:
    """Renumber the patient's sessions by date, then mark the reviews due from the first place that changed."""
    first_moved = sessions_renumber(patient_ids=[session.patient_id]).get(session.patient_id)
    if first_moved is not None:
        session.number = TherapySession.objects.values_list("number", flat=True).get(pk=session.pk)
    review_request(patient_id=session.patient_id, from_number=min(was, first_moved or was))
