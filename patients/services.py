from django.db import transaction

from accounts.models import Clinic, User

from . import codes
from .models import Patient


@transaction.atomic
def patient_create(*, clinic: Clinic, primary_therapist: User, code: str, **fields) -> Patient:
    patient = Patient(clinic=clinic, primary_therapist=primary_therapist, code=code.strip(), **fields)
    codes.code_check(patient.code)
    patient.full_clean()
    patient.save()
    return patient


@transaction.atomic
def patient_update(*, patient: Patient, **fields) -> Patient:
    """Change `fields`; a patient registered before the code rule keeps their code, a new one must follow it."""
    code_before = patient.code
    for name, value in fields.items():
        setattr(patient, name, value)
    if patient.code != code_before:
        codes.code_check(patient.code)
    patient.full_clean()
    patient.save()
    return patient
