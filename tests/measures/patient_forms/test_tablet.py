"""The tablet's code page: no login, one session's form per right code, wrong codes throttled."""

from django.test import Client

from measures.patient_forms.models import PatientFormAccess

from .helpers import code_for, expire, form_url_after, open_code

WRONG = "This code does not work"
TOO_MANY = "Too many wrong codes"
PAUSED = "Code entry is paused"


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def tablet(address="10.0.0.1") -> Client:
    """A tablet that keeps its cookies, as a browser does."""
    device = Client(REMOTE_ADDR=address)
    device.get("/tablet/")  # receives its device cookie
    return device


def test_the_code_page_needs_no_login_and_shows_nothing_but_the_code_field(world, client):
    response = client.get("/tablet/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="code"' in page
    assert "A-001" not in page and "therapist_a" not in page
    assert 'id="main-nav"' not in page


def test_the_right_code_opens_that_sessions_form_and_nothing_else(world, client):
    code, access = code_for(world.session_a)
    code_for(world.session_b)
    url = form_url_after(open_code(client, code))
    page = client.get(url).content.decode()
    assert f'value="{access.submission_key}"' in page
    session_url = f"/sessions/{world.session_a.pk}/"
    for secret in ("A-001", "Ana", "B-001", "therapist_a", "therapist_b", "Clinic A", session_url):
        assert secret not in page


def test_a_code_typed_with_a_space_works(world, client):
    code, _access = code_for(world.session_a)
    form_url_after(open_code(client, f"{code[:3]} {code[3:]}"))


def test_a_code_works_once(world, client):
    code, access = code_for(world.session_a)
    form_url_after(open_code(client, code))
    response = open_code(Client(), code)
    assert response.status_code == 400
    assert WRONG in response.content.decode()
    access.refresh_from_db()
    assert access.opened_at is not None


def test_an_expired_code_is_refused_and_withdrawn(world, client):
    code, access = code_for(world.session_a)
    expire(access)
    response = open_code(client, code)
    assert response.status_code == 400
    assert WRONG in response.content.decode()
    access.refresh_from_db()
    assert (access.opened_at, access.token_hash) == (None, "")
    assert access.retired_at is not None


def test_a_replaced_code_is_refused(world, client):
    first, _access = code_for(world.session_a)
    code_for(world.session_a)
    assert WRONG in open_code(client, first).content.decode()


def test_a_wrong_code_gets_a_friendly_message_and_opens_nothing(world, client):
    code, _access = code_for(world.session_a)
    for typed in (wrong_code(code), "12", "abcdef", "<script>alert(1)</script>", "9" * 20):
        response = open_code(client, typed)
        assert response.status_code == 400
        page = response.content.decode()
        assert WRONG in page
        assert "<script>alert(1)</script>" not in page
    assert open_code(client, "").status_code == 400
    assert PatientFormAccess.objects.get().opened_at is None


def test_a_device_is_paused_after_five_wrong_codes_even_for_the_right_one(world):
    code, _access = code_for(world.session_a)
    device = tablet()
    for _ in range(5):
        assert WRONG in open_code(device, wrong_code(code)).content.decode()
    response = open_code(device, code)
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert PatientFormAccess.objects.get().opened_at is None
    # Another tablet behind the same address still works.
    form_url_after(open_code(tablet(), code))


def test_the_device_window_ends(world, settings):
    settings.TABLET_CODE_THROTTLE_MINUTES = 0  # counts expire at once
    code, _access = code_for(world.session_a)
    device = tablet()
    for _ in range(6):
        open_code(device, wrong_code(code))
    form_url_after(open_code(device, code))


def test_a_right_code_forgives_the_devices_typos(world):
    device = tablet()
    for _ in range(4):
        open_code(device, "000000")
    code, _access = code_for(world.session_a)
    form_url_after(open_code(device, code))
    for _ in range(4):
        assert open_code(device, "000000").status_code == 400


def test_an_address_is_paused_when_its_devices_drop_their_cookies(world, settings):
    settings.TABLET_CODE_FAILURES_PER_ADDRESS = 3
    code, _access = code_for(world.session_a)
    for _ in range(3):
        assert open_code(Client(REMOTE_ADDR="10.0.0.9"), "000000").status_code == 400
    assert open_code(Client(REMOTE_ADDR="10.0.0.9"), code).status_code == 429
    form_url_after(open_code(Client(REMOTE_ADDR="10.0.0.10"), code))


def test_code_entry_pauses_for_everyone_after_too_many_wrong_codes(world, settings):
    settings.TABLET_CODE_FAILURES_GLOBAL = 4
    code, _access = code_for(world.session_a)
    for n in range(4):
        open_code(Client(REMOTE_ADDR=f"10.0.1.{n}"), "000000")
    response = open_code(Client(REMOTE_ADDR="10.0.2.1"), code)
    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    assert PatientFormAccess.objects.get().opened_at is None


def test_the_device_cookie_is_signed_and_http_only(world, client):
    response = client.get("/tablet/")
    cookie = response.cookies["alliance_tablet"]
    assert cookie["httponly"]
    assert ":" in cookie.value  # signed
    client.cookies["alliance_tablet"] = "forged"
    assert "alliance_tablet" in client.get("/tablet/").cookies  # a forged id is replaced
