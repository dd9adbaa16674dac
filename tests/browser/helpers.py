"""Steps the browser journeys share."""

from tests.conftest import PASSWORD


def sign_in(page, live_server, username="therapist_a", path="/accounts/login/"):
    """Open `path` (a protected page leads to the login form), choose English and sign in as `username`."""
    page.goto(f"{live_server.url}{path}")
    page.get_by_role("button", name="EN").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
