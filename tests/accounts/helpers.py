"""Small builders shared by the accounts and audit tests."""

NEW_STAFF_PASSWORD = "Sl0w-and-steady-42"


def add_therapist(client, username="new_t", **headers):
    """The clinic admin signed in on `client` adds therapist `username` through the staff form."""
    return client.post(
        "/clinic/staff/new/",
        {"username": username, "role": "therapist", "password1": NEW_STAFF_PASSWORD, "password2": NEW_STAFF_PASSWORD},
        **headers,
    )
