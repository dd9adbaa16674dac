import time

import pytest

from tests.conftest import PASSWORD


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_from_many_addresses_never_lock_the_account_for_a_new_address(client, world):
    """Nobody can lock an account by knowing its name: five failures from five addresses."""
    for n in range(5):
        assert attempt(client, "therapist_a", f"wrong-{n}", ip=f"10.0.0.{n}").status_code == 200
    assert attempt(client, "therapist_a", PASSWORD, ip="10.0.0.99").status_code == 302


def test_an_account_is_locked_at_an_address_after_five_failures_there_even_with_the_right_password(client, world):
    for n in range(4):
        assert attempt(client, "therapist_a", f"wrong-{n}").status_code == 200
    assert attempt(client, "therapist_a", "wrong-5").status_code == 429
    response = attempt(client, "therapist_a", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert client.get("/patients/").status_code == 302  # still signed out
    assert attempt(client, "therapist_a", PASSWORD, ip="10.0.0.2").status_code == 302  # elsewhere: signed in


def test_failures_for_other_accounts_do_not_lock_an_account_at_that_address(client, world):
    for name in ("a", "b", "c", "d", "e"):
        attempt(client, f"nobody_{name}", "wrong")
    assert attempt(client, "therapist_b", PASSWORD).status_code == 302


def test_other_accounts_and_addresses_are_not_affected(client, world):
    for n in range(5):
        attempt(client, "therapist_a", "wrong", ip=f"10.0.1.{n}")
    assert attempt(client, "therapist_b", PASSWORD, ip="10.0.2.1").status_code == 302


def timed_attempt(client, username, password, ip):
    started = time.monotonic()
    response = attempt(client, username, password, ip=ip)
    return response.status_code, time.monotonic() - started


SLOWDOWN = 2.0  # far above a request's own time, even on a busy machine


def test_repeated_failures_slow_the_accounts_sign_ins_down_but_never_refuse_the_right_password(client, world, settings):
    settings.LOGIN_SLOWDOWN_SECONDS = SLOWDOWN
    client.get("/accounts/login/")  # the first request of a process is slow
    for n in range(5):
        status, took = timed_attempt(client, "therapist_a", "wrong", ip=f"10.0.3.{n}")
        assert (status, took < SLOWDOWN) == (200, True)  # no delay before the account's limit
    status, took = timed_attempt(client, "therapist_a", "wrong", ip="10.0.3.50")
    assert (status, took >= SLOWDOWN) == (200, True)  # each later guess waits, whoever sends it
    status, took = timed_attempt(client, "therapist_a", PASSWORD, ip="10.0.3.99")
    assert (status, took >= SLOWDOWN) == (302, True)  # slowed, never refused
    client.post("/accounts/logout/")
    status, took = timed_attempt(client, "therapist_b", PASSWORD, ip="10.0.3.98")
    assert (status, took < SLOWDOWN) == (302, True)  # another account: no delay


def test_signing_in_forgives_the_accounts_earlier_failures(client, world, settings):
    settings.LOGIN_SLOWDOWN_SECONDS = SLOWDOWN
    for n in range(5):
        attempt(client, "therapist_a", "wrong", ip=f"10.0.4.{n}")
    assert attempt(client, "therapist_a", PASSWORD, ip="10.0.4.99").status_code == 302
    client.post("/accounts/logout/")
    status, took = timed_attempt(client, "therapist_a", PASSWORD, ip="10.0.4.98")
    assert (status, took < SLOWDOWN) == (302, True)


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
        "/accounts/login/",
        {"username": "therapist_a", "password": "x"},
        HTTP_ACCEPT_LANGUAGE=language,
        REMOTE_ADDR="10.0.0.1",
    )
    assert text in response.content.decode()


def test_with_redis_down_the_account_is_still_slowed_down_from_this_process(client, world, settings):
    """The failures are counted in the process's memory while the shared cache is unreachable."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    settings.LOGIN_SLOWDOWN_SECONDS = SLOWDOWN
    for n in range(5):
        attempt(client, "therapist_a", "wrong", ip=f"10.0.4.{n}")
    status, took = timed_attempt(client, "therapist_a", PASSWORD, ip="10.0.4.99")
    assert (status, took >= SLOWDOWN) == (302, True)
