import time


def test_the_login_page_signs_a_therapist_in(client, world):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": "therapist_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/patients/").status_code == 200


def test_a_wrong_password_gets_a_clear_message(client, world):
    response = client.post(
        "/accounts/login/", {"username": "therapist_a", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_logout_ends_the_session(login, world):
    client = login(world.therapist_a)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/patients/").status_code == 302


def test_the_user_switches_the_language(login, world):
    client = login(world.therapist_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/patients/"})
    assert b"New patient" in client.get("/patients/").content
    client.post("/i18n/setlang/", {"language": "es", "next": "/patients/"})
    assert "Nuevo paciente" in client.get("/patients/").content.decode()


def test_home_sends_a_therapist_to_their_caseload(login, world):
    assert login(world.therapist_a).get("/")["Location"] == "/dashboard/"


def test_the_admin_login_refuses_an_overlong_username_with_a_message(client, world):
    response = client.post("/admin/login/", {"username": "a" * 300, "password": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()


def test_the_admin_login_is_locked_like_the_apps(client, world):
    for n in range(5):
        client.post("/admin/login/", {"username": "therapist_a", "password": f"wrong-{n}"})
    response = client.post("/admin/login/", {"username": "therapist_a", "password": "wrong"})
    assert response.status_code == 429


def test_the_admin_login_is_slowed_down_like_the_apps(client, world, settings):
    settings.LOGIN_SLOWDOWN_SECONDS = 0.5
    for n in range(5):
        client.post("/admin/login/", {"username": "therapist_a", "password": "wrong"}, REMOTE_ADDR=f"10.0.5.{n}")
    started = time.monotonic()
    client.post("/admin/login/", {"username": "therapist_a", "password": "wrong"}, REMOTE_ADDR="10.0.5.9")
    assert time.monotonic() - started >= 0.5
