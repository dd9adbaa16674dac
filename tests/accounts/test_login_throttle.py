import pytest

from tests.conftest import PASSWORD


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(client, world):
    for n in range(4):
        assert attempt(client, "therapist_a", f"wrong-{n}", ip=f"10.0.0.{n}").status_code == 200
    assert attempt(client, "therapist_a", "wrong-5", ip="10.0.0.5").status_code == 429
    response = attempt(client, "therapist_a", PASSWORD, ip="10.0.0.99")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert client.get("/patients/").status_code == 302  # still signed out


def test_an_address_is_locked_after_five_failures_whatever_the_account(client, world):
    for name in ("a", "b", "c", "d", "e"):
        attempt(client, f"nobody_{name}", "wrong")
    response = attempt(client, "therapist_b", PASSWORD)
    assert response.status_code == 429


def test_other_accounts_and_addresses_are_not_affected(client, world):
    for n in range(5):
        attempt(client, "therapist_a", "wrong", ip=f"10.0.1.{n}")
    assert attempt(client, "therapist_b", PASSWORD, ip="10.0.2.1").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, world):
    for _ in range(4):
        attempt(client, "therapist_a", "wrong")
    assert attempt(client, "therapist_a", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        attempt(client, "therapist_a", "wrong")
    assert attempt(client, "therapist_a", PASSWORD).status_code == 302


@pytest.mark.parametrize("language, text", [("es", "inicio de sesión"), ("en", "Sign-in paused")])
def test_the_lockout_message_is_translated(client, world, language, text):
    for _ in range(5):
        attempt(client, "therapist_a", "wrong")
    response = client.post(
        "/accounts/login/", {"username": "therapist_a", "password": "x"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert text in response.content.decode()
