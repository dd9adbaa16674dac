"""Codes and links are listed read-only in the Django admin, without their digests."""

import pytest

from accounts.models import User

from .helpers import code_for, link_for


@pytest.fixture
def superuser(world):
    return User.objects.create_superuser("root", "root@example.org", "x-very-long-password-1")


def test_a_superuser_sees_codes_and_links_but_no_digest(world, login, superuser):
    _code, tablet = code_for(world.session_a)
    _token, link = link_for(world.session_b)
    client = login(superuser)
    assert client.get("/admin/measures/patientformaccess/").status_code == 200
    page = client.get(f"/admin/measures/patientformaccess/{tablet.pk}/change/").content.decode()
    assert str(tablet.submission_key) in page
    assert tablet.code_hash not in page
    assert link.token_hash not in client.get(f"/admin/measures/patientformaccess/{link.pk}/change/").content.decode()


def test_codes_and_links_cannot_be_added_or_changed_in_the_admin(world, login, superuser):
    _code, tablet = code_for(world.session_a)
    client = login(superuser)
    assert client.get("/admin/measures/patientformaccess/add/").status_code == 403
    page = client.get(f"/admin/measures/patientformaccess/{tablet.pk}/change/").content.decode()
    assert 'name="expires_at' not in page
