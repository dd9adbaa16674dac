"""Every privilege change and sign-in is in the audit log (issue 11, point 6)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Supervision
from audit.models import AuditEvent
from tests.accounts.helpers import add_therapist
from tests.accounts.test_two_factor import code
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def logged(action, **filters):
    """The events of `action` recorded by requests (not those of building the world)."""
    return list(AuditEvent.objects.exclude(path="").filter(action=action, **filters).order_by("id"))


def test_creating_a_staff_member_is_logged_by_the_admin(login, world):
    add_therapist(login(world.admin), REMOTE_ADDR="10.4.4.4")
    [event] = logged("create", object_type="user")
    assert (event.username, event.clinic_id, event.ip) == ("admin_a", world.clinic.pk, "10.4.4.4")
    assert event.detail["role"] == "therapist"
    assert "password" not in str(event.detail)


def test_editing_logs_the_fields_changed_and_the_supervision_change(login, world):
    login(world.admin).post(
        f"/clinic/staff/{world.supervisor.pk}/",
        {
            "username": "supervisor_s",
            "first_name": "Sara",
            "role": "supervisor",
            "is_active": "on",
            "supervised": [world.therapist_b.pk],
        },
    )
    [update] = logged("update", object_type="user")
    assert update.detail == {"fields": ["first_name"]}
    [supervision] = logged("supervision", object_id=str(world.supervisor.pk))
    assert supervision.detail == {"added": [world.therapist_b.pk], "removed": [world.therapist_a.pk]}
    assert list(Supervision.objects.filter(supervisor=world.supervisor).values_list("therapist", flat=True)) == [
        world.therapist_b.pk
    ]


def test_re_saving_unchanged_logs_nothing(login, world):
    login(world.admin).post(
        f"/clinic/staff/{world.supervisor.pk}/",
        {"username": "supervisor_s", "role": "supervisor", "is_active": "on", "supervised": [world.therapist_a.pk]},
    )
    assert not AuditEvent.objects.exclude(path="").filter(object_type="user").exists()


def test_a_sign_in_a_failure_and_a_sign_out_are_logged(client, world):
    client.post(LOGIN, {"username": "therapist_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.7")
    client.post(LOGIN, {"username": "therapist_a", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    client.post("/accounts/logout/", REMOTE_ADDR="10.0.0.7")
    for action in ("sign_in_failed", "sign_in", "sign_out"):
        [event] = logged(action)
        assert (event.username, event.user_id, event.clinic_id, event.ip) == (
            "therapist_a",
            world.therapist_a.pk,
            world.clinic.pk,
            "10.0.0.7",
        ), action


def test_a_failure_for_an_unknown_or_hostile_name_is_logged_without_error(client, world):
    for name in ("nobody", "=cmd|'/c calc'!A1", "<b>x</b>"):
        assert client.post(LOGIN, {"username": name, "password": "x"}).status_code == 200
    assert [e.username for e in logged("sign_in_failed")] == ["nobody", "=cmd|'/c calc'!A1", "<b>x</b>"]
    assert all(e.clinic_id is None for e in logged("sign_in_failed"))


def test_a_lockout_is_logged(client, world):
    for n in range(5):
        client.post(LOGIN, {"username": "therapist_a", "password": f"wrong-{n}"})
    [event] = logged("locked_out")
    assert (event.username, event.clinic_id) == ("therapist_a", world.clinic.pk)


def test_setting_up_and_removing_two_factor_are_logged(login, world, clock):
    from accounts.two_factor import services

    device = services.totp_device_pending(user=world.therapist_a)
    client = login(world.therapist_a)
    client.post("/accounts/two-factor/setup/", {"token": code(device, clock)})
    clock.tick()
    assert TOTPDevice.objects.get(user=world.therapist_a).confirmed
    client.post("/accounts/two-factor/disable/", {"token": code(device, clock)})
    assert not TOTPDevice.objects.filter(user=world.therapist_a).exists()
    assert [e.action for e in AuditEvent.objects.exclude(path="").filter(object_type="user").order_by("id")] == [
        "two_factor_on",
        "two_factor_off",
    ]
    assert logged("two_factor_on")[0].object_id == str(world.therapist_a.pk)


@pytest.fixture
def clock(monkeypatch):
    from django_otp.plugins.otp_totp import models as totp_models

    from tests.accounts.test_two_factor import Clock

    clock = Clock()
    monkeypatch.setattr(totp_models, "time", clock)
    return clock
