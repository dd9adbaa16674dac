"""The patient access function, every branch once."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from patients.selectors import patient_for_user, patient_search, patients_for_user


def codes(user):
    return sorted((p.clinic.name, p.code) for p in patients_for_user(user).select_related("clinic"))


def test_a_therapist_sees_only_their_own_patients(world):
    assert codes(world.therapist_a) == [("Clinic A", "A-001")]


def test_a_supervisor_sees_the_patients_of_the_therapists_they_supervise(world):
    assert codes(world.supervisor) == [("Clinic A", "A-001")]


def test_a_supervisor_who_supervises_nobody_sees_nobody(world):
    assert codes(world.idle_supervisor) == []


def test_a_clinic_admin_sees_every_patient_of_their_clinic_only(world):
    assert codes(world.admin) == [("Clinic A", "A-001"), ("Clinic A", "B-001")]


def test_nobody_sees_a_patient_of_another_clinic(world):
    for user in (world.therapist_a, world.supervisor, world.admin):
        assert world.other_patient not in patients_for_user(user)


def test_an_anonymous_user_sees_nothing(world):
    assert codes(AnonymousUser()) == []


def test_a_deactivated_user_sees_nothing(world):
    world.therapist_a.is_active = False
    world.therapist_a.save()
    assert codes(world.therapist_a) == []


def test_a_superuser_outside_any_clinic_sees_nothing_through_the_app(world, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x-very-long-pass-1")
    assert codes(root) == []


def test_a_supervisor_also_sees_their_own_patients(world):
    from patients.services import patient_create

    patient_create(clinic=world.clinic, primary_therapist=world.idle_supervisor, code="T-001")
    assert codes(world.idle_supervisor) == [("Clinic A", "T-001")]


def test_patient_for_user_raises_404_for_a_stranger(world):
    assert patient_for_user(world.therapist_a, world.patient_a.pk) == world.patient_a
    with pytest.raises(Http404):
        patient_for_user(world.therapist_b, world.patient_a.pk)


def test_the_search_matches_code_or_alias_within_scope(world):
    assert [p.code for p in patient_search(world.admin, query="ana")] == ["A-001"]
    assert [p.code for p in patient_search(world.admin, query="b-0")] == ["B-001"]
    assert [p.code for p in patient_search(world.therapist_b, query="A-")] == []
