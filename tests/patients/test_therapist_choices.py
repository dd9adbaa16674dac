"""Whoever registers or edits a patient can give them only a therapist they may see."""

import pytest

from accounts.services import staff_member_update
from patients.models import Patient
from patients.services import patient_update

NEW = "/patients/new/"


def choices(client, url=NEW) -> set[str]:
    field = client.get(url).context["form"]["primary_therapist"].field
    return {therapist.username for therapist in field.queryset}


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("therapist_a", {"therapist_a"}),
        ("supervisor", {"therapist_a"}),
        ("idle_supervisor", set()),
        ("admin", {"therapist_a", "therapist_b"}),
        ("other_admin", {"therapist_z"}),
    ],
)
def test_the_therapist_choices_are_those_the_user_may_see(login, world, actor, expected):
    assert choices(login(getattr(world, actor))) == expected


@pytest.mark.parametrize(
    ("actor", "therapist"),
    [
        ("supervisor", "therapist_b"),
        ("idle_supervisor", "therapist_a"),
        ("admin", "other_therapist"),
        ("other_admin", "therapist_a"),
    ],
)
def test_registering_a_patient_for_another_therapist_is_a_form_error(login, world, actor, therapist):
    client = login(getattr(world, actor))
    data = {"code": "N-1", "language": "es", "primary_therapist": getattr(world, therapist).pk}
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert "primary_therapist" in response.context["form"].errors
    assert not Patient.objects.filter(code="N-1").exists()


def test_a_therapist_registers_only_their_own_patient_whatever_is_posted(login, world):
    data = {"code": "N-2", "language": "es", "primary_therapist": world.therapist_b.pk}
    assert login(world.therapist_a).post(NEW, data).status_code == 302
    assert Patient.objects.get(code="N-2").primary_therapist == world.therapist_a


def test_a_supervisor_registers_a_patient_for_a_therapist_they_supervise_and_still_sees_them(login, world):
    client = login(world.supervisor)
    data = {"code": "N-3", "language": "es", "primary_therapist": world.therapist_a.pk}
    response = client.post(NEW, data)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_a_supervisor_cannot_hand_a_patient_to_a_therapist_they_do_not_supervise(login, world):
    client = login(world.supervisor)
    url = f"/patients/{world.patient_a.pk}/edit/"
    assert choices(client, url) == {"therapist_a"}
    response = client.post(url, {"code": "A-001", "language": "es", "primary_therapist": world.therapist_b.pk})
    assert response.status_code == 200
    assert "primary_therapist" in response.context["form"].errors
    world.patient_a.refresh_from_db()
    assert world.patient_a.primary_therapist == world.therapist_a


def test_an_inactive_therapist_is_offered_only_to_the_patient_they_already_have(login, world):
    # A therapist with active patients cannot leave; one whose patient was discharged can.
    patient_update(patient=world.patient_b, active=False)
    staff_member_update(member=world.therapist_b, is_active=False)
    client = login(world.admin)
    assert choices(client) == {"therapist_a"}
    assert choices(client, f"/patients/{world.patient_b.pk}/edit/") == {"therapist_a", "therapist_b"}
