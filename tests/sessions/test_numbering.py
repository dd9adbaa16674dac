"""Session numbers under two concurrent creations, on two real connections."""

import datetime

import pytest

from sessions.models import TherapySession
from sessions.services import session_record
from tests.threads import at_once


@pytest.mark.django_db(transaction=True)
def test_two_sessions_created_at_once_get_consecutive_numbers(world_committed):
    patient, therapist = world_committed

    def create():
        session_record(patient=patient, therapist=therapist, date=datetime.date(2026, 11, 5), attendance="attended")

    assert at_once(create) == []
    assert sorted(TherapySession.objects.filter(patient=patient).values_list("number", flat=True)) == [1, 2]


@pytest.fixture
def world_committed(django_user_model):
    from accounts.models import Clinic, Role
    from patients.services import patient_create

    clinic = Clinic.objects.create(name="Concurrency clinic")
    therapist = django_user_model.objects.create(username="t_conc", clinic=clinic, role=Role.THERAPIST)
    return patient_create(clinic=clinic, primary_therapist=therapist, code="C-1"), therapist


def test_numbers_follow_the_last_session(world):
    second = session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=datetime.date(2026, 11, 9), attendance="no_show"
    )
    assert second.number == 2
