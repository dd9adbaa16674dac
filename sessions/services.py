from django.db import transaction
from django.db.models import Max

from accounts.models import User
from patients.models import Patient

from .models import TherapySession
from .review_marks import review_request


@transaction.atomic
def session_record(*, patient: Patient, therapist: User, **fields) -> TherapySession:
    """Record the patient's next session, numbered after the last one.

    The patient row is locked while the number is chosen, so two sessions
    created at once get consecutive numbers rather than a clash.
    """
    Patient.objects.select_for_update().filter(pk=patient.pk).get()
    last = TherapySession.objects.filter(patient=patient).aggregate(last=Max("number"))["last"] or 0
    session = TherapySession(patient=patient, therapist=therapist, number=last + 1, **fields)
    session.full_clean()
    session.save()
    review_request(patient_id=patient.pk, from_number=session.number)
    return session


@transaction.atomic
def session_update(*, session: TherapySession, **fields) -> TherapySession:
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    # Markers, checklist and attendance feed the review of this session and of every later one.
    review_request(patient_id=session.patient_id, from_number=session.number)
    return session
