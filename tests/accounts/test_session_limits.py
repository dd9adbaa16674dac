import time

from accounts.session_limits import LAST_ACTIVITY, SIGNED_IN_AT


def age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(login, world, settings):
    client = login(world.therapist_a)
    client.get("/patients/")
    age_session(client, **{LAST_ACTIVITY: settings.SESSION_IDLE_SECONDS + 1})
    response = client.get("/patients/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/patients/")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "signed out after a period without activity" in page
    assert client.get("/patients/").status_code == 302


def test_activity_keeps_the_session_alive(login, world, settings):
    client = login(world.therapist_a)
    client.get("/patients/")
    age_session(client, **{LAST_ACTIVITY: settings.SESSION_IDLE_SECONDS - 5})
    assert client.get("/patients/").status_code == 200
    assert client.session[LAST_ACTIVITY] > time.time() - 5


def test_background_requests_do_not_keep_the_session_alive(login, world, settings):
    client = login(world.therapist_a)
    client.get("/patients/")
    age_session(client, **{LAST_ACTIVITY: settings.SESSION_IDLE_SECONDS - 60})
    answer = client.get("/accounts/session/", HTTP_X_ALLIANCE_BACKGROUND="1").json()
    assert 55 <= answer["seconds_left"] <= 60
    age_session(client, **{LAST_ACTIVITY: settings.SESSION_IDLE_SECONDS + 1})
    assert client.get("/accounts/session/", HTTP_X_ALLIANCE_BACKGROUND="1").status_code == 302


def test_staying_signed_in_resets_the_idle_clock(login, world, settings):
    client = login(world.therapist_a)
    client.get("/patients/")
    age_session(client, **{LAST_ACTIVITY: settings.SESSION_IDLE_SECONDS - 30})
    answer = client.post("/accounts/session/keepalive/").json()
    assert answer["seconds_left"] >= settings.SESSION_IDLE_SECONDS - 2


def test_a_session_ends_after_the_absolute_limit_whatever_the_activity(login, world, settings):
    client = login(world.therapist_a)
    client.get("/patients/")
    age_session(client, **{SIGNED_IN_AT: settings.SESSION_MAX_SECONDS + 1, LAST_ACTIVITY: 1})
    assert client.get("/patients/").status_code == 302


def test_pages_carry_the_warning_timer_and_its_settings(login, world, settings):
    page = login(world.therapist_a).get("/patients/").content.decode()
    assert f'data-idle-seconds="{settings.SESSION_IDLE_SECONDS}"' in page
    assert 'id="session-warning"' in page and "js/session-timer.js" in page


def test_the_session_cookie_never_outlives_the_absolute_limit(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_SECONDS == 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
