"""A clinic admin resets a staff member's two-factor authentication (a lost phone): confirmed, scoped, audited."""

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from tests.accounts import test_two_factor
from tests.accounts.test_two_factor import VERIFY, sign_in

clock, enrol = test_two_factor.clock, test_two_factor.enrol  # its fixtures, for the tests here


def reset_url(member) -> str:
    return f"/clinic/audit/staff/{member.pk}/two-factor-reset/"


def test_the_clinic_admin_confirms_then_resets_and_the_member_signs_in_with_the_password(login, client, world, enrol):
    enrol(world.therapist_a)
    admin = login(world.admin)
    confirm = admin.get(reset_url(world.therapist_a))
    assert confirm.status_code == 200
    assert "Their authenticator app and recovery codes stop working" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=world.therapist_a).exists()  # a GET changes nothing

    done = admin.post(reset_url(world.therapist_a), follow=True)
    assert done.redirect_chain[-1][0] == f"/clinic/staff/{world.therapist_a.pk}/"
    assert "The two-factor authentication of therapist_a is reset." in done.content.decode()
    assert not TOTPDevice.objects.filter(user=world.therapist_a).exists()
    assert not StaticDevice.objects.filter(user=world.therapist_a).exists()
    assert sign_in(client, world.therapist_a)["Location"] != VERIFY
    assert client.get("/patients/").status_code == 200


def test_the_reset_is_in_the_audit_log(login, world, enrol):
    enrol(world.therapist_a)
    login(world.admin).post(reset_url(world.therapist_a))
    [event] = AuditEvent.objects.filter(object_type="two_factor")
    assert (event.action, event.object_id, event.username) == ("delete", str(world.therapist_a.pk), "admin_a")
    assert (event.clinic_id, event.detail) == (world.clinic.pk, {"reset_by_admin": True, "had_two_factor": True})


@pytest.mark.parametrize("actor", ["other_admin", "therapist_b", "supervisor", "therapist_a"])
def test_only_the_admin_of_the_members_clinic_can_reset(login, world, enrol, actor):
    enrol(world.therapist_a)
    client = login(getattr(world, actor))
    if actor == "therapist_a":  # signed in with the password only: sent to enter the code first
        assert client.post(reset_url(world.therapist_a))["Location"].startswith(VERIFY)
    else:
        assert client.get(reset_url(world.therapist_a)).status_code == 404
        assert client.post(reset_url(world.therapist_a)).status_code == 404
    assert TOTPDevice.objects.filter(user=world.therapist_a).exists()
    assert not AuditEvent.objects.filter(object_type="two_factor").exists()


def test_a_staff_member_of_another_clinic_is_not_found(login, world, enrol):
    enrol(world.other_therapist)
    assert login(world.admin).post(reset_url(world.other_therapist)).status_code == 404
    assert TOTPDevice.objects.filter(user=world.other_therapist).exists()


def test_an_admin_cannot_reset_their_own_two_factor_here(client, world, enrol, clock):
    device = enrol(world.admin)
    sign_in(client, world.admin)
    client.post(VERIFY, {"token": test_two_factor.code(device, clock)})
    response = client.post(reset_url(world.admin), follow=True)
    assert "You cannot reset your own two-factor authentication here" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.admin).exists()
    assert not AuditEvent.objects.filter(object_type="two_factor").exists()


def test_the_staff_pages_show_who_has_two_factor_and_offer_the_reset(login, world, enrol):
    enrol(world.therapist_a)
    admin = login(world.admin)
    rows = admin.get("/clinic/staff/").content.decode()
    assert rows.count("<td>On</td>") == 1
    page = admin.get(f"/clinic/staff/{world.therapist_a.pk}/").content.decode()
    assert reset_url(world.therapist_a) in page
    assert reset_url(world.therapist_b) not in admin.get(f"/clinic/staff/{world.therapist_b.pk}/").content.decode()


def test_the_staff_list_asks_for_two_factor_in_the_same_query_however_many_have_it(login, world, enrol):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = login(world.admin)
    admin.get("/clinic/staff/")
    with CaptureQueriesContext(connection) as before:
        admin.get("/clinic/staff/")
    enrol(world.therapist_a)
    enrol(world.therapist_b)
    with CaptureQueriesContext(connection) as after:
        admin.get("/clinic/staff/")
    assert len(after) == len(before)
