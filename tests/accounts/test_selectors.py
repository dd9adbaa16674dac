"""`therapists_for_user`: the one function that says whose caseload a user oversees; each branch once."""

from django.contrib.auth.models import AnonymousUser

from accounts.selectors import assignable_therapists_for_user, therapists_for_user
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


def test_assignable_therapists_follow_what_each_role_may_see(world):
    def assignable(user):
        return {therapist.username for therapist in assignable_therapists_for_user(user)}

    assert assignable(world.therapist_a) == {"therapist_a"}
    assert assignable(world.supervisor) == {"therapist_a"}
    assert assignable(world.idle_supervisor) == set()
    assert assignable(world.admin) == {"therapist_a", "therapist_b"}
    assert assignable(world.other_admin) == {"therapist_z"}
    assert assignable(AnonymousUser()) == set()


def test_an_inactive_therapist_is_assignable_only_where_kept(world):
    world.therapist_b.is_active = False
    world.therapist_b.save()
    assert list(assignable_therapists_for_user(world.admin)) == [world.therapist_a]
    kept = assignable_therapists_for_user(world.admin, keeping_id=world.therapist_b.pk)
    assert set(kept) == {world.therapist_a, world.therapist_b}
    assert not assignable_therapists_for_user(world.supervisor, keeping_id=world.therapist_b.pk).filter(
        pk=world.therapist_b.pk
    )
