from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Clinic, User
from accounts.selectors import therapists_for_user
from accounts.services import staff_member_deactivate
from audit.models import Action
from audit.services import audit_record

from . import codes
from .models import Patient
from .selectors import patient_for_user, patients_to_hand_over


@transaction.atomic
def patient_create(*, clinic: Clinic, primary_therapist: User, code: str, **fields) -> Patient:
    patient = Patient(clinic=clinic, primary_therapist=primary_therapist, code=code.strip(), **fields)
    codes.code_check(patient.code)
    patient.full_clean()
    patient.save()
    return patient


@transaction.atomic
def patient_update(*, patient: Patient, **fields) -> Patient:
    """Save the patient's fields; a change of primary therapist is recorded in the audit log. A patient
    registered before the code rule keeps their code, a new one must follow it."""
    was_with = Patient.objects.filter(pk=patient.pk).values_list("primary_therapist_id", flat=True).get()
    code_before = patient.code
    for name, value in fields.items():
        setattr(patient, name, value)
    if patient.code != code_before:
        codes.code_check(patient.code)
    patient.full_clean()
    patient.save()
    if patient.primary_therapist_id != was_with:
        detail = {"from": was_with, "to": patient.primary_therapist_id}
        audit_record(
            action=Action.REASSIGN, object_type="patient", object_id=patient.pk, patient_id=patient.pk, detail=detail
        )
    return patient


@transaction.atomic
def patient_reassign(*, by: User, patient_id: int, to: User) -> Patient:
    """Make `to` the primary therapist of the patient: both must be `by`'s to oversee (else 404 for
    the patient, a ValidationError for the therapist), and `to` must be an active therapist."""
    patient = patient_for_user(by, patient_id)
    if not therapists_for_user(by).filter(pk=to.pk, is_active=True).exists():
        raise ValidationError(_("Choose an active therapist of your clinic."), code="therapist")
    return patient_update(patient=patient, primary_therapist=to)


@transaction.atomic
def patients_hand_over(*, by: User, therapist: User, moves: Mapping[int, User]) -> User:
    """Move every active patient of `therapist` to the therapist `moves` names for it, then deactivate
    `therapist`; nothing is moved when a patient has no new therapist or the deactivation is refused."""
    left = [patient for patient in patients_to_hand_over(by, therapist=therapist) if patient.pk not in moves]
    if left:
        raise ValidationError(_("Choose a therapist for every patient, or one for all of them."), code="patients_left")
    for patient_id, to in moves.items():
        if to.pk == therapist.pk:
            raise ValidationError(_("Choose a therapist other than the one leaving."), code="therapist")
        patient_reassign(by=by, patient_id=patient_id, to=to)
    return staff_member_deactivate(member=therapist)
