"""Two-factor authentication: real TOTP codes, computed from each device's own key.

The codes are made with django-otp's RFC 6238 implementation at a pinned
clock (`clock`), so that a test never straddles a 30-second step.
"""

import re
import time
from base64 import b32encode

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp import models as totp_models
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.two_factor import services
from tests.conftest import PASSWORD

STATUS = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"
DISABLE = "/accounts/two-factor/disable/"


class Clock:
    """The time django-otp checks codes at: a few seconds into a real time step, moved on by hand."""

    def __init__(self):
        self.now = float(int(time.time()) // 30 * 30 + 5)

    def time(self) -> float:
        return self.now

    def tick(self) -> None:
        self.now += 30


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(totp_models, "time", clock)
    return clock


def code(device: TOTPDevice, clock: Clock) -> str:
    """The code an authenticator app holding the device's key shows now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = clock.now
    return f"{totp.token():06d}"


def wrong(right: str) -> str:
    return f"{(int(right) + 1) % 1_000_000:06d}"


@pytest.fixture
def enrol(clock):
    """Give a user a confirmed device through the project's own services; the next code is a fresh one."""

    def _enrol(user) -> TOTPDevice:
        device = services.totp_device_pending(user=user)
        services.totp_device_confirm(user=user, token=code(device, clock))
        clock.tick()
        device.refresh_from_db()
        return device

    return _enrol


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_CLINIC_ADMINS = True


def sign_in(client, user, next_url=""):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD, "next": next_url})


# Setting up


def test_the_setup_page_shows_a_qr_image_and_the_key_to_type(login, world, clock):
    response = login(world.therapist_a).get(SETUP)
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=world.therapist_a)
    key = b32encode(device.bin_key).decode()
    assert response.status_code == 200
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in html
    assert " ".join(re.findall(".{4}", key)) in html


def test_reloading_the_setup_page_keeps_the_same_key(login, world, clock):
    client = login(world.therapist_a)
    client.get(SETUP)
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=world.therapist_a).count() == 1


def test_the_right_code_turns_two_factor_on_and_verifies_the_session(login, world, clock):
    client = login(world.therapist_a)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.therapist_a)
    response = client.post(SETUP, {"token": code(device, clock)})
    assert response.status_code == 200  # the recovery codes, shown this once (test_two_factor_recovery.py)
    assert f'href="{STATUS}"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    page = client.get("/patients/")
    assert page.status_code == 200
    assert 'badge text-bg-success">On</span>' in page.content.decode()


def test_a_wrong_setup_code_gets_a_clear_message_and_turns_nothing_on(login, world, clock):
    client = login(world.therapist_a)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.therapist_a)
    response = client.post(SETUP, {"token": wrong(code(device, clock))})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_a_code_that_is_not_six_digits_is_refused_without_counting_as_a_failure(login, world, clock):
    client = login(world.therapist_a)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "12ab56"})
    assert "Enter the 6 digits your authenticator app shows." in response.content.decode()
    assert TOTPDevice.objects.get(user=world.therapist_a).throttling_failure_count == 0


def test_a_code_typed_with_a_space_is_accepted(login, world, clock):
    client = login(world.therapist_a)
    client.get(SETUP)
    token = code(TOTPDevice.objects.get(user=world.therapist_a), clock)
    client.post(SETUP, {"token": f"{token[:3]} {token[3:]}"})
    assert TOTPDevice.objects.get(user=world.therapist_a).confirmed


def test_the_setup_page_sends_a_user_who_has_two_factor_to_the_status_page(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    sign_in(client, world.therapist_a)
    client.post(VERIFY, {"token": code(device, clock)})
    assert client.get(SETUP)["Location"] == STATUS
    assert list(TOTPDevice.objects.filter(user=world.therapist_a)) == [device]


# Signing in


def test_signing_in_asks_for_the_code_then_opens_the_page_asked_for(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    patient_url = world.patient_a.get_absolute_url()
    assert client.get(patient_url)["Location"].startswith("/accounts/login/")
    assert sign_in(client, world.therapist_a, next_url=patient_url)["Location"] == patient_url
    to_verify = client.get(patient_url)
    assert to_verify.status_code == 302
    assert to_verify["Location"] == f"{VERIFY}?next={patient_url}"
    page = client.get(to_verify["Location"])
    assert page.status_code == 200
    assert "Enter your code" in page.content.decode()
    response = client.post(VERIFY, {"token": code(device, clock), "next": patient_url})
    assert response["Location"] == patient_url
    assert client.get(patient_url).status_code == 200


def test_a_wrong_code_at_sign_in_gets_a_clear_message_and_does_not_verify(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    sign_in(client, world.therapist_a)
    response = client.post(VERIFY, {"token": wrong(code(device, clock))})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/patients/")["Location"].startswith(VERIFY)


def test_repeated_wrong_codes_are_throttled_with_a_clear_message(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    sign_in(client, world.therapist_a)
    right = code(device, clock)
    client.post(VERIFY, {"token": wrong(right)})
    response = client.post(VERIFY, {"token": right})
    assert "Too many wrong codes. Wait" in response.content.decode()
    assert client.get("/patients/")["Location"].startswith(VERIFY)


def test_a_code_works_only_once(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    token = code(device, clock)
    sign_in(client, world.therapist_a)
    client.post(VERIFY, {"token": token})
    other = Client()
    sign_in(other, world.therapist_a)
    response = other.post(VERIFY, {"token": token})
    assert "That code is not right" in response.content.decode()


def test_verifying_changes_the_session_key(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    sign_in(client, world.therapist_a)
    before = client.session.session_key
    client.post(VERIFY, {"token": code(device, clock)})
    assert client.session.session_key != before


def test_verify_never_sends_the_user_to_another_site(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    sign_in(client, world.therapist_a)
    response = client.post(VERIFY, {"token": code(device, clock), "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "url",
    ["/", "/patients/", "patient", "session", "/clinic/staff/", "/dashboard/supervisor/", "/admin/", STATUS, SETUP],
)
def test_a_user_with_a_device_is_sent_to_verify_before_any_page(login, world, enrol, url):
    enrol(world.admin)
    url = {"patient": world.patient_a.get_absolute_url(), "session": f"/sessions/{world.session_a.pk}/"}.get(url, url)
    response = login(world.admin).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_a_device_set_up_elsewhere_is_asked_for_in_a_session_already_open(login, client, world, clock):
    open_session = login(world.therapist_a)
    assert open_session.get("/patients/").status_code == 200
    device = services.totp_device_pending(user=world.therapist_a)
    services.totp_device_confirm(user=world.therapist_a, token=code(device, clock))
    assert open_session.get("/patients/")["Location"].startswith(VERIFY)


@pytest.mark.parametrize(
    "method, url, allowed",
    [
        ("get", VERIFY, {200}),
        ("get", "/accounts/login/", {302}),  # sends a signed-in user on, to be asked for the code there
        ("get", "/tablet/", {200}),
        ("get", "/p/no-such-token/", {200, 404, 410}),
        ("get", "/healthz", {200, 503}),
        ("post", "/i18n/setlang/", {302}),
        ("post", "/accounts/logout/", {302}),
    ],
)
def test_the_open_pages_stay_open_before_the_code(login, world, enrol, method, url, allowed):
    enrol(world.therapist_a)
    response = getattr(login(world.therapist_a), method)(
        url, {"language": "en", "next": "/"} if method == "post" else {}
    )
    assert response.status_code in allowed
    assert not response.get("Location", "").startswith(VERIFY)


# Staff without a device


def test_staff_without_a_device_are_unaffected(login, world, required):
    client = login(world.therapist_a)
    assert client.get("/patients/").status_code == 200
    assert client.get(world.patient_a.get_absolute_url()).status_code == 200
    assert client.get(VERIFY)["Location"] == STATUS


def test_the_status_page_offers_to_set_up(login, world):
    html = login(world.therapist_a).get(STATUS).content.decode()
    assert "Set up two-factor authentication" in html
    assert 'href="/accounts/two-factor/"' in login(world.therapist_a).get("/patients/").content.decode()


# Required for clinic admins


def test_a_clinic_admin_is_sent_to_set_up_when_the_setting_requires_it(login, world, required, clock):
    client = login(world.admin)
    response = client.get("/clinic/staff/")
    assert response["Location"] == f"{SETUP}?next=/clinic/staff/"
    page = client.get(response["Location"])
    assert "Your role requires two-factor authentication" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.admin)
    done = client.post(SETUP, {"token": code(device, clock), "next": "/clinic/staff/"})
    assert 'href="/clinic/staff/"' in done.content.decode()  # on from the recovery codes
    assert client.get("/clinic/staff/").status_code == 200


def test_a_clinic_admin_is_not_sent_to_set_up_when_the_setting_is_off(login, world, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_CLINIC_ADMINS = False
    assert login(world.admin).get("/clinic/staff/").status_code == 200


def test_a_superuser_is_sent_to_set_up_when_the_setting_requires_it(login, world, required, django_user_model):
    root = django_user_model.objects.create_superuser("root", password=PASSWORD)
    assert login(root).get("/admin/")["Location"].startswith(SETUP)


def test_therapists_and_supervisors_are_not_required_to_set_up(login, world, required):
    assert login(world.therapist_a).get("/patients/").status_code == 200
    assert login(world.supervisor).get("/patients/").status_code == 200


# Turning it off


def test_turning_off_needs_a_valid_code(client, world, enrol, clock, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code's wait is tested above
    device = enrol(world.therapist_a)
    sign_in(client, world.therapist_a)
    client.post(VERIFY, {"token": code(device, clock)})
    clock.tick()
    refused = client.post(DISABLE, {"token": wrong(code(device, clock))})
    assert refused.status_code == 400
    assert "That code is not right" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=world.therapist_a).exists()
    clock.tick()
    done = client.post(DISABLE, {"token": code(device, clock)})
    assert done["Location"] == STATUS
    assert not TOTPDevice.objects.filter(user=world.therapist_a).exists()
    assert client.get("/patients/").status_code == 200


def test_signing_in_after_turning_off_asks_only_for_the_password(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    services.totp_disable(user=world.therapist_a, token=code(device, clock))
    sign_in(client, world.therapist_a)
    assert client.get("/patients/").status_code == 200


def test_a_clinic_admin_cannot_turn_it_off_when_it_is_required(client, world, enrol, clock, required):
    device = enrol(world.admin)
    sign_in(client, world.admin)
    client.post(VERIFY, {"token": code(device, clock)})
    assert "cannot be turned off" in client.get(STATUS).content.decode()
    clock.tick()
    response = client.post(DISABLE, {"token": code(device, clock)})
    assert response.status_code == 400
    assert "required for your role" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.admin, confirmed=True).exists()


def test_turning_off_is_a_post(login, world):
    assert login(world.therapist_a).get(DISABLE).status_code == 405


# Each user manages only their own device


def test_a_stranger_cannot_see_or_touch_another_users_device(login, world, enrol, clock):
    device = enrol(world.therapist_a)
    stranger = login(world.therapist_b)
    status = stranger.get(STATUS).content.decode()
    assert "Set up two-factor authentication" in status
    setup = stranger.get(SETUP).content.decode()
    assert " ".join(re.findall(".{4}", b32encode(device.bin_key).decode())) not in setup
    assert stranger.post(DISABLE, {"token": code(device, clock)}).status_code == 400
    stranger.post(SETUP, {"token": code(device, clock)})
    device.refresh_from_db()
    assert device.confirmed
    assert device.user == world.therapist_a
    assert not TOTPDevice.objects.filter(user=world.therapist_b, confirmed=True).exists()
    assert stranger.get(VERIFY)["Location"] == STATUS


def test_another_users_code_does_not_verify_a_session(client, world, enrol, clock):
    enrol(world.therapist_a)
    other_device = enrol(world.therapist_b)
    sign_in(client, world.therapist_a)
    response = client.post(VERIFY, {"token": code(other_device, clock)})
    assert "That code is not right" in response.content.decode()
    assert client.get("/patients/")["Location"].startswith(VERIFY)


# Language


def test_the_two_factor_pages_speak_spanish(login, world, enrol):
    enrol(world.therapist_a)
    html = login(world.therapist_a).get(VERIFY, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Introduzca su código" in html


# Hostile input


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    token=st.one_of(
        st.text(max_size=300), st.sampled_from(["", " ", "１２３４５６", "123456\x00", "<b>1</b>", "9" * 5000])
    )
)
def test_no_typed_code_breaks_the_verify_page_or_verifies_by_chance(client, world, enrol, token):
    if not TOTPDevice.objects.filter(user=world.therapist_a).exists():
        enrol(world.therapist_a)
        sign_in(client, world.therapist_a)
    response = client.post(VERIFY, {"token": token, "next": token})
    assert response.status_code == 200
    assert "<b>1</b>" not in response.content.decode()
    assert client.get("/patients/").status_code == 302


def test_the_status_page_says_when_a_code_was_last_used_without_a_double_full_stop(client, world, enrol, clock):
    device = enrol(world.therapist_a)
    sign_in(client, world.therapist_a)
    client.post(VERIFY, {"token": code(device, clock)})
    client.cookies["django_language"] = "en"
    (shown,) = re.findall(r"Last code used: [^<]*", client.get(STATUS).content.decode())
    assert not shown.rstrip().endswith(".."), shown
