from django.db.models import QuerySet

from accounts.models import User
from audit.services import audited_get
from patients.models import Patient
from patients.selectors import patients_for_user

from .models import TherapySession


def sessions_for_user(user: User) -> QuerySet[TherapySession]:
    """Every therapy session `user` may see: the sessions of the patients they may see."""
    return TherapySession.objects.filter(patient__in=patients_for_user(user))


def session_for_user(user: User, pk: int) -> TherapySession:
    """The session, or 404 when `user` may not see its patient."""
    sessions = sessions_for_user(user).select_related("patient", "therapist")
    return audited_get(sessions, pk, object_type="session", patient_of=lambda session: session.patient_id)


def sessions_of_patient(patient: Patient) -> QuerySet[TherapySession]:
    """A patient's history in session order. The caller has already checked access to `patient`."""
    return TherapySession.objects.filter(patient=patient).select_related("therapist").order_by("number")
