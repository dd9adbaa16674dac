"""Recovery codes: ten single-use codes, shown once at set-up, stored as digests, usable instead of a code."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import services
from accounts.two_factor.recovery_codes import recovery_code_digest, recovery_code_normalise
from tests.accounts import test_two_factor
from tests.accounts.test_two_factor import SETUP, STATUS, VERIFY, code, sign_in, wrong

clock, enrol = test_two_factor.clock, test_two_factor.enrol  # its fixtures, for the tests here

RECOVERY = "/accounts/two-factor/recovery-codes/"
CODE = re.compile(r"\b[a-z2-7]{5}-[a-z2-7]{5}\b")


def codes_shown(response) -> list[str]:
    return CODE.findall(response.content.decode())


@pytest.fixture
def with_codes(clock):
    """A user with two-factor on through the services, and the recovery codes they were shown."""

    def _with_codes(user):
        device = services.totp_device_pending(user=user)
        _device, codes = services.totp_device_confirm(user=user, token=code(device, clock))
        clock.tick()
        return codes

    return _with_codes


def verified_with(client, user, token):
    sign_in(client, user)
    return client.post(VERIFY, {"token": token}, follow=True)


def test_setting_up_shows_ten_codes_once_and_stores_only_their_digests(login, world, clock):
    client = login(world.therapist_a)
    client.get(SETUP)
    response = client.post(SETUP, {"token": code(TOTPDevice.objects.get(user=world.therapist_a), clock)})
    codes = codes_shown(response)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=world.therapist_a).values_list("token", flat=True))
    assert stored == {recovery_code_digest(recovery_code_normalise(c)) for c in codes}
    assert not stored & {recovery_code_normalise(c) for c in codes} and not stored & set(codes)
    assert codes_shown(client.get(STATUS)) == []
    assert "10 recovery codes left" in client.get(STATUS).content.decode()


def test_the_codes_page_after_set_up_leads_on_to_the_page_asked_for(login, world, clock):
    client = login(world.therapist_a)
    client.get(SETUP)
    token = code(TOTPDevice.objects.get(user=world.therapist_a), clock)
    response = client.post(SETUP, {"token": token, "next": "/patients/"})
    assert 'href="/patients/"' in response.content.decode()


def test_a_recovery_code_signs_in_instead_of_a_code_and_says_how_many_are_left(client, world, with_codes):
    codes = with_codes(world.therapist_a)
    response = verified_with(client, world.therapist_a, codes[0])
    assert response.status_code == 200
    assert "You signed in with a recovery code; 9 are left." in response.content.decode()
    assert client.get("/patients/").status_code == 200
    assert StaticToken.objects.filter(device__user=world.therapist_a).count() == 9


def test_a_recovery_code_is_forgiven_its_case_spaces_and_dashes(client, world, with_codes):
    codes = with_codes(world.therapist_a)
    typed = " " + codes[3].upper().replace("-", " - ") + " "
    verified_with(client, world.therapist_a, typed)
    assert client.get("/patients/").status_code == 200


def test_a_recovery_code_works_only_once(client, world, with_codes):
    codes = with_codes(world.therapist_a)
    verified_with(client, world.therapist_a, codes[0])
    client.post("/accounts/logout/")
    response = verified_with(client, world.therapist_a, codes[0])
    assert "That recovery code is not right, or it was used already." in response.content.decode()
    assert client.get("/patients/").status_code == 302


def test_a_wrong_recovery_code_gets_a_clear_message_and_repeated_ones_are_throttled(client, world, with_codes):
    codes = with_codes(world.therapist_a)
    sign_in(client, world.therapist_a)
    first = client.post(VERIFY, {"token": "aaaaa-aaaaa"})
    assert "That recovery code is not right" in first.content.decode()
    second = client.post(VERIFY, {"token": codes[0]})  # right, but within the wait after a wrong one
    assert "Too many wrong codes. Wait" in second.content.decode()
    assert client.get("/patients/").status_code == 302


def test_another_users_recovery_code_does_not_verify(client, world, with_codes):
    with_codes(world.therapist_a)
    codes_of_b = with_codes(world.therapist_b)
    verified_with(client, world.therapist_a, codes_of_b[0])
    assert client.get("/patients/").status_code == 302
    assert StaticToken.objects.filter(device__user=world.therapist_b).count() == 10


def test_new_codes_need_a_code_of_the_app_and_the_old_ones_stop_working(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    old = StaticToken.objects.filter(device__user=world.therapist_a).count()
    sign_in(client, world.therapist_a)
    client.post(VERIFY, {"token": code(device, clock)})
    clock.tick()
    assert "You have 10 unused recovery codes." in client.get(RECOVERY).content.decode()
    renewed = client.post(RECOVERY, {"token": code(device, clock)})
    new_codes = codes_shown(renewed)
    assert old == 10 and len(new_codes) == 10
    assert "no-store" in renewed["Cache-Control"]
    digests = set(StaticToken.objects.filter(device__user=world.therapist_a).values_list("token", flat=True))
    assert digests == {recovery_code_digest(recovery_code_normalise(c)) for c in new_codes}
    clock.tick()
    refused = client.post(RECOVERY, {"token": wrong(code(device, clock))})
    assert codes_shown(refused) == [] and "That code is not right" in refused.content.decode()
    assert set(StaticToken.objects.filter(device__user=world.therapist_a).values_list("token", flat=True)) == digests


def test_the_recovery_codes_page_sends_a_user_without_two_factor_to_the_status_page(login, world):
    client = login(world.therapist_a)
    assert client.get(RECOVERY)["Location"] == STATUS
    assert client.post(RECOVERY, {"token": "123456"})["Location"] == STATUS
    assert not StaticDevice.objects.exists()


def test_turning_off_removes_the_recovery_codes(client, world, enrol, clock, settings):
    device = enrol(world.therapist_a)
    sign_in(client, world.therapist_a)
    client.post(VERIFY, {"token": code(device, clock)})
    clock.tick()
    client.post("/accounts/two-factor/disable/", {"token": code(device, clock)})
    assert not StaticDevice.objects.filter(user=world.therapist_a).exists()
    assert not StaticToken.objects.exists()


@pytest.mark.parametrize("typed", ["abcde-fghi", "abcde-fghij0", "abcde-fgh1j", "<b>abcde-fghij</b>"])
def test_what_cannot_be_a_recovery_code_is_refused_before_it_is_checked(client, world, with_codes, typed):
    with_codes(world.therapist_a)
    sign_in(client, world.therapist_a)
    response = client.post(VERIFY, {"token": typed})
    assert response.status_code == 200
    assert (
        "Enter the 6 digits your authenticator app shows, or one of your recovery codes." in response.content.decode()
    )
    assert StaticDevice.objects.get(user=world.therapist_a).throttling_failure_count == 0


def test_the_recovery_code_pages_speak_spanish(client, world, with_codes):
    codes = with_codes(world.therapist_a)
    response = verified_with(client, world.therapist_a, codes[0])
    client.cookies["django_language"] = "es"
    html = client.get(RECOVERY, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "códigos de recuperación" in html
    assert response.status_code == 200
