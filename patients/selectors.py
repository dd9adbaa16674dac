from django.db.models import Q, QuerySet

from accounts.models import Supervision, User
from audit.services import audit_record_objects, audited_get

from .models import Patient


def patients_for_user(user: User) -> QuerySet[Patient]:
    """Every patient `user` may see; the only way views read patients.

    A therapist sees the patients they treat; a supervisor also those of the
    therapists they supervise; a clinic admin every patient of the clinic.
    Nobody sees a patient of another clinic.
    """
    if not user.is_authenticated or not user.is_active:
        return Patient.objects.none()
    if user.clinic_id is None:
        return Patient.objects.none()
    in_clinic = Patient.objects.filter(clinic_id=user.clinic_id)
    if user.is_clinic_admin:
        return in_clinic
    if user.is_supervisor:
        supervised = Supervision.objects.filter(supervisor=user).values("therapist_id")
        return in_clinic.filter(Q(primary_therapist=user) | Q(primary_therapist_id__in=supervised))
    return in_clinic.filter(primary_therapist=user)


def patient_for_user(user: User, pk: int) -> Patient:
    """The patient, or 404 when `user` may not see it."""
    patients = patients_for_user(user).select_related("primary_therapist")
    return audited_get(patients, pk, object_type="patient", patient_of=lambda patient: patient.pk)


def patient_search(user: User, *, query: str = "", active: bool | None = None) -> list[Patient]:
    patients = patients_for_user(user).select_related("primary_therapist")
    if query:
        patients = patients.filter(Q(code__icontains=query) | Q(alias__icontains=query))
    if active is not None:
        patients = patients.filter(active=active)
    found = list(patients.order_by("code"))
    audit_record_objects(action="list", objects=found, object_type="patient", patient_of=lambda patient: patient.pk)
    return found


def patients_to_hand_over(user: User, *, therapist: User) -> list[Patient]:
    """The active patients of `therapist` that `user` sees, to hand over before `therapist` leaves."""
    patients = patients_for_user(user).filter(primary_therapist=therapist, active=True)
    found = list(patients.order_by("code"))
    audit_record_objects(action="list", objects=found, object_type="patient", patient_of=lambda patient: patient.pk)
    return found


def patient_ids_with_code(user: User, code: str) -> list[int]:
    """The ids of the patients `user` may see whose code is `code` (whatever the case): one at most."""
    return list(patients_for_user(user).filter(code__iexact=code).values_list("pk", flat=True))
