"""A signed-in user's own settings page: their address, the language of e-mails, the daily e-mail opt-out."""


def test_it_requires_signing_in(client, world):
    response = client.get("/accounts/settings/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_changes_only_the_signed_in_user(login, world):
    client = login(world.therapist_a)

    response = client.post(
        "/accounts/settings/", {"email": "a@clinic.example", "language": "es", "digest_opt_out": "on"}
    )

    assert response.status_code == 302
    world.therapist_a.refresh_from_db()
    world.therapist_b.refresh_from_db()
    assert (world.therapist_a.email, world.therapist_a.language, world.therapist_a.digest_opt_out) == (
        "a@clinic.example",
        "es",
        True,
    )
    assert (world.therapist_b.email, world.therapist_b.digest_opt_out) == ("", False)


def test_it_ignores_fields_it_does_not_offer(login, world):
    client = login(world.therapist_a)

    client.post("/accounts/settings/", {"email": "", "role": "clinic_admin", "clinic": world.other_clinic.pk})

    world.therapist_a.refresh_from_db()
    assert world.therapist_a.role == "therapist"
    assert world.therapist_a.clinic == world.clinic


def test_a_bad_address_or_language_is_refused_and_nothing_is_stored(login, world):
    client = login(world.therapist_a)

    for data in (
        {"email": "not an address\x00<b>", "language": ""},
        {"email": "a" * 300 + "@x.example", "language": ""},
        {"email": "", "language": "xx"},
    ):
        response = client.post("/accounts/settings/", data)
        assert response.status_code == 200
        assert response.context["form"].errors

    world.therapist_a.refresh_from_db()
    assert (world.therapist_a.email, world.therapist_a.language) == ("", "")
