from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from patients.models import Patient
from patients.selectors import patients_for_user

from .models import TherapySession


def sessions_for_user(user: User) -> QuerySet[TherapySession]:
    """Every therapy session `user` may see: the sessions of the patients they may see."""
    return TherapySession.objects.filter(patient__in=patients_for_user(user))


def session_for_user(user: User, pk: int) -> TherapySession:
    """The session, or 404 when `user` may not see its patient."""
    return get_object_or_404(sessions_for_user(user).select_related("patient", "therapist"), pk=pk)


def sessions_of_patient(patient: Patient) -> QuerySet[TherapySession]:
    """A patient's history in session order. The caller has already checked access to `patient`."""
    return TherapySession.objects.filter(patient=patient).select_related("therapist").order_by("number")
