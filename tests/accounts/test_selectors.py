"""`therapists_for_user`: the one function that says whose caseload a user oversees; each branch once."""

from accounts.selectors import therapists_for_user
from accounts.services import staff_member_update


def names(user) -> list[str]:
    return sorted(therapists_for_user(user).values_list("username", flat=True))


def test_a_supervisor_oversees_the_therapists_they_supervise(world):
    assert names(world.supervisor) == ["therapist_a"]


def test_a_supervisor_of_nobody_oversees_nobody(world):
    assert names(world.idle_supervisor) == []


def test_a_clinic_admin_oversees_every_therapist_of_their_clinic(world):
    assert names(world.admin) == ["therapist_a", "therapist_b"]
    assert names(world.other_admin) == ["therapist_z"]


def test_a_therapist_oversees_nobody(world):
    assert names(world.therapist_a) == []


def test_an_inactive_user_oversees_nobody(world):
    staff_member_update(member=world.supervisor, is_active=False)  # the clinic's last admin cannot be
    assert names(world.supervisor) == []


def test_a_signed_out_visitor_oversees_nobody():
    from django.contrib.auth.models import AnonymousUser

    assert names(AnonymousUser()) == []
