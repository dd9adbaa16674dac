"""Deactivating staff never orphans patients (issue 11, point 5)."""

import pytest

from accounts.models import Role, Supervision, User
from audit.models import AuditEvent
from patients.models import Patient
from patients.services import patient_create


def edit(client, member, **changes):
    data = {"username": member.username, "role": member.role, "is_active": "on"}
    data |= {"supervised": list(member.supervisions_given.values_list("therapist_id", flat=True))}
    data |= changes
    return client.post(f"/clinic/staff/{member.pk}/", {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def caseload_of_a(world):
    """Therapist A treats ten active patients (and one who ended treatment)."""
    for n in range(2, 11):
        patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code=f"A-{n:03d}")
    patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="A-OLD", active=False)
    return Patient.objects.filter(primary_therapist=world.therapist_a, active=True)


def test_a_therapist_with_active_patients_cannot_be_deactivated_from_the_form(login, world, caseload_of_a):
    response = edit(login(world.admin), world.therapist_a, is_active=None)
    assert response.status_code == 200
    assert "10 active patients" in str(response.context["form"].errors)
    assert f"/patients/hand-over/{world.therapist_a.pk}/" in response.content.decode()
    world.therapist_a.refresh_from_db()
    assert world.therapist_a.is_active


def test_a_therapist_without_active_patients_is_deactivated_and_it_is_logged(login, world):
    Patient.objects.filter(pk=world.patient_b.pk).update(primary_therapist=world.therapist_a)
    response = edit(login(world.admin), world.therapist_b, is_active=None)
    assert response.status_code == 302
    world.therapist_b.refresh_from_db()
    assert not world.therapist_b.is_active
    assert AuditEvent.objects.filter(action="deactivate", object_type="user", object_id=str(world.therapist_b.pk))


def test_handing_over_to_one_therapist_moves_every_active_patient_and_deactivates(login, world, caseload_of_a):
    response = login(world.admin).post(f"/patients/hand-over/{world.therapist_a.pk}/", {"to_all": world.therapist_b.pk})
    assert response.status_code == 302
    assert not Patient.objects.filter(primary_therapist=world.therapist_a, active=True).exists()
    assert Patient.objects.filter(primary_therapist=world.therapist_b, active=True).count() == 11
    world.therapist_a.refresh_from_db()
    assert not world.therapist_a.is_active
    moved = AuditEvent.objects.filter(action="reassign", object_type="patient")
    assert moved.count() == 10
    assert moved.first().detail == {"from": world.therapist_a.pk, "to": world.therapist_b.pk}


def test_handing_over_one_by_one_needs_a_therapist_for_every_patient(login, world, caseload_of_a):
    client = login(world.admin)
    first, *rest = caseload_of_a.order_by("code")
    partial = {f"patient_{first.pk}": world.therapist_b.pk}
    response = client.post(f"/patients/hand-over/{world.therapist_a.pk}/", partial)
    assert response.status_code == 200
    assert "Choose a therapist" in response.content.decode()
    assert Patient.objects.filter(primary_therapist=world.therapist_a, active=True).count() == 10  # nothing moved
    other = User.objects.create_user(username="therapist_c", clinic=world.clinic, role=Role.THERAPIST)
    every = partial | {f"patient_{p.pk}": other.pk for p in rest}
    assert client.post(f"/patients/hand-over/{world.therapist_a.pk}/", every).status_code == 302
    assert Patient.objects.get(pk=first.pk).primary_therapist == world.therapist_b
    assert Patient.objects.filter(primary_therapist=other).count() == 9


def test_patients_cannot_be_handed_to_the_leaving_an_inactive_or_another_clinics_therapist(login, world, caseload_of_a):
    gone = User.objects.create_user(username="gone", clinic=world.clinic, role=Role.THERAPIST, is_active=False)
    client = login(world.admin)
    for to in (world.therapist_a, gone, world.other_therapist, world.supervisor):
        response = client.post(f"/patients/hand-over/{world.therapist_a.pk}/", {"to_all": to.pk})
        assert response.status_code == 200, to
    assert Patient.objects.filter(primary_therapist=world.therapist_a, active=True).count() == 10


def test_only_the_clinics_admin_hands_over_patients(login, world, caseload_of_a):
    url = f"/patients/hand-over/{world.therapist_a.pk}/"
    for user in (world.therapist_a, world.supervisor, world.other_admin):
        assert login(user).post(url, {"to_all": world.therapist_b.pk}).status_code == 404
    assert Patient.objects.filter(primary_therapist=world.therapist_a, active=True).count() == 10
    assert login(world.admin).get(f"/patients/hand-over/{world.other_therapist.pk}/").status_code == 404


def test_the_hand_over_page_lists_the_patients_to_move(login, world, caseload_of_a):
    response = login(world.admin).get(f"/patients/hand-over/{world.therapist_a.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "A-010" in html and "A-OLD" not in html and "B-001" not in html


def test_re_saving_a_supervisor_keeps_an_inactive_therapist_until_their_patients_move(login, world):
    User.objects.filter(pk=world.therapist_a.pk).update(is_active=False)  # deactivated before this fix
    client = login(world.admin)
    page = client.get(f"/clinic/staff/{world.supervisor.pk}/")
    assert "(inactive)" in page.content.decode()
    assert edit(client, world.supervisor).status_code == 302
    assert Supervision.objects.filter(supervisor=world.supervisor, therapist=world.therapist_a).exists()
    assert login(world.supervisor).get(f"/patients/{world.patient_a.pk}/").status_code == 200


def test_an_inactive_therapist_without_patients_leaves_the_supervision_list(login, world):
    Patient.objects.filter(pk=world.patient_a.pk).update(primary_therapist=world.therapist_b)
    User.objects.filter(pk=world.therapist_a.pk).update(is_active=False)
    page = login(world.admin).get(f"/clinic/staff/{world.supervisor.pk}/")
    assert world.therapist_a not in page.context["form"].fields["supervised"].queryset


def test_the_staff_list_marks_an_inactive_therapist_who_still_has_patients(login, world):
    User.objects.filter(pk=world.therapist_a.pk).update(is_active=False)
    html = login(world.admin).get("/clinic/staff/").content.decode()
    assert f"/patients/hand-over/{world.therapist_a.pk}/" in html


def test_the_last_active_admin_can_neither_be_deactivated_nor_demoted(login, world):
    client = login(world.admin)
    for changes in ({"is_active": None}, {"role": "therapist"}):
        response = edit(client, world.admin, **changes)
        assert response.status_code == 200
        assert "last active clinic admin" in str(response.context["form"].errors)
    world.admin.refresh_from_db()
    assert world.admin.is_active and world.admin.is_clinic_admin


def test_an_admin_can_be_demoted_when_another_admin_remains(login, world):
    User.objects.create_user(username="admin_2", clinic=world.clinic, role=Role.CLINIC_ADMIN)
    response = edit(login(world.admin), world.admin, role="supervisor")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="role", object_id=str(world.admin.pk))
    assert event.detail == {"from": "clinic_admin", "to": "supervisor"}


def test_the_service_refuses_to_deactivate_a_therapist_with_active_patients(world):
    from django.core.exceptions import ValidationError

    from accounts.services import staff_member_deactivate

    with pytest.raises(ValidationError):
        staff_member_deactivate(member=world.therapist_a)
    world.therapist_a.refresh_from_db()
    assert world.therapist_a.is_active
