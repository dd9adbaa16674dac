import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from accounts.models import Role, Supervision, User
from tests.accounts.helpers import NEW_STAFF_PASSWORD, add_therapist


@pytest.mark.argon2
def test_a_new_staff_member_gets_an_argon2_password_and_can_sign_in(world, login):
    add_therapist(login(world.admin))
    user = User.objects.get(username="new_t")
    assert user.password.startswith("argon2$")
    assert user.clinic == world.clinic
    assert (
        authenticate(RequestFactory().post("/accounts/login/"), username="new_t", password=NEW_STAFF_PASSWORD) == user
    )


@pytest.mark.parametrize("path", ["/clinic/staff/", "/clinic/staff/new/"])
def test_only_a_clinic_admin_manages_staff(login, world, path):
    for user in (world.therapist_a, world.supervisor):
        assert login(user).get(path).status_code == 404
    assert login(world.admin).get(path).status_code == 200


def test_an_admin_of_another_clinic_gets_404_on_a_staff_member(login, world):
    url = f"/clinic/staff/{world.therapist_a.pk}/"
    assert login(world.other_admin).get(url).status_code == 404
    assert login(world.therapist_b).get(url).status_code == 404
    assert login(world.admin).get(url).status_code == 200


def test_the_staff_list_shows_who_supervises_whom(login, world):
    response = login(world.admin).get("/clinic/staff/")
    assert b"therapist_a" in response.content
    assert b"therapist_z" not in response.content
    assert list(response.context["staff"].get(pk=world.supervisor.pk).supervisions_given.all())[0].therapist == (
        world.therapist_a
    )


def test_an_admin_sets_who_a_supervisor_supervises(login, world):
    response = login(world.admin).post(
        f"/clinic/staff/{world.supervisor.pk}/",
        {"username": "supervisor_s", "role": "supervisor", "is_active": "on", "supervised": [world.therapist_b.pk]},
    )
    assert response.status_code == 302
    assert list(Supervision.objects.filter(supervisor=world.supervisor).values_list("therapist", flat=True)) == [
        world.therapist_b.pk
    ]


def test_a_therapist_cannot_be_given_supervisees(login, world):
    response = login(world.admin).post(
        f"/clinic/staff/{world.therapist_a.pk}/",
        {"username": "therapist_a", "role": "therapist", "is_active": "on", "supervised": [world.therapist_b.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Only a supervisor" in str(response.context["form"].errors)
    assert not Supervision.objects.filter(supervisor=world.therapist_a).exists()


def test_a_therapist_of_another_clinic_cannot_be_supervised(login, world):
    response = login(world.admin).post(
        f"/clinic/staff/{world.supervisor.pk}/",
        {"username": "supervisor_s", "role": "supervisor", "is_active": "on", "supervised": [world.other_therapist.pk]},
    )
    assert "supervised" in response.context["form"].errors


def test_a_weak_password_is_refused_and_nobody_is_created(login, world):
    response = login(world.admin).post(
        "/clinic/staff/new/",
        {"username": "weak", "role": "therapist", "password1": "12345678", "password2": "12345678"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "too common" in str(response.context["form"].errors)
    assert not User.objects.filter(username="weak").exists()


def test_mismatched_passwords_are_refused(login, world):
    response = login(world.admin).post(
        "/clinic/staff/new/",
        {"username": "mm", "role": "therapist", "password1": NEW_STAFF_PASSWORD, "password2": "other-Pass-99"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(username="mm").exists()


def test_the_database_refuses_staff_without_a_clinic_or_with_an_unknown_role(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="floating", role=Role.THERAPIST)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="odd", role="wizard", clinic=world.clinic)


def test_nobody_supervises_themselves(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Supervision.objects.create(supervisor=world.supervisor, therapist=world.supervisor)
