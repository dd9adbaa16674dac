import pytest
from django.db import IntegrityError, transaction

from patients.models import Patient


def create(world, **fields):
    values = {"clinic": world.clinic, "primary_therapist": world.therapist_a, "code": "X-1"} | fields
    with transaction.atomic():
        return Patient.objects.create(**values)


def test_a_code_is_unique_in_its_clinic_whatever_its_case(world):
    with pytest.raises(IntegrityError):
        create(world, code="a-001")


def test_the_same_code_may_exist_in_another_clinic(world):
    assert world.other_patient.code == world.patient_a.code


@pytest.mark.parametrize(
    "fields",
    [{"code": ""}, {"language": "fr"}, {"birth_year": 1850}, {"birth_year": 2200}],
    ids=["empty code", "unknown language", "birth year too early", "birth year too late"],
)
def test_the_database_rejects_an_invalid_patient(world, fields):
    with pytest.raises(IntegrityError):
        create(world, **fields)
