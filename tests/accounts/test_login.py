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
