from django.db import transaction

from accounts.models import Clinic, User

from .models import Patient


@transaction.atomic
def patient_create(*, clinic: Clinic, primary_therapist: User, code: str, **fields) -> Patient:
    patient = Patient(clinic=clinic, primary_therapist=primary_therapist, code=code.strip(), **fields)
    patient.full_clean()
    patient.save()
    return patient


@transaction.atomic
def patient_update(*, patient: Patient, **fields) -> Patient:
    for name, value in fields.items():
        setattr(patient, name, value)
    patient.full_clean()
    patient.save()
    return patient
