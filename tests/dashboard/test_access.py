"""Who may open which dashboard: everyone else gets 404, and `/` sends each user to theirs."""

import pytest

from review.models import Flag, FlagStatus

from .helpers import history, reviewed

SUPERVISOR_PAGE = "/dashboard/supervisor/"


def drill_down(therapist) -> str:
    return f"/dashboard/therapists/{therapist.pk}/"


def status(client, url: str) -> int:
    return client.get(url).status_code


@pytest.mark.parametrize(
    "who, target",
    [
        ("therapist_a", "/dashboard/"),
        ("supervisor", SUPERVISOR_PAGE),
        ("idle_supervisor", SUPERVISOR_PAGE),
        ("admin", SUPERVISOR_PAGE),
    ],
)
def test_home_sends_each_user_to_their_dashboard(world, login, who, target):
    assert login(getattr(world, who)).get("/")["Location"] == target


def test_the_dashboards_require_signing_in(client, world):
    for url in ("/dashboard/", SUPERVISOR_PAGE, drill_down(world.therapist_a)):
        assert client.get(url)["Location"].startswith("/accounts/login/")


def test_a_therapist_has_no_supervisor_dashboard(world, login):
    client = login(world.therapist_a)
    assert status(client, SUPERVISOR_PAGE) == 404
    assert status(client, drill_down(world.therapist_a)) == 404


def test_supervisors_and_admins_open_the_supervisor_dashboard(world, login):
    for user in (world.supervisor, world.idle_supervisor, world.admin, world.other_admin):
        assert status(login(user), SUPERVISOR_PAGE) == 200


def test_a_supervisor_drills_down_only_to_the_therapists_they_supervise(world, login):
    assert status(login(world.supervisor), drill_down(world.therapist_a)) == 200
    assert status(login(world.supervisor), drill_down(world.therapist_b)) == 404
    assert status(login(world.idle_supervisor), drill_down(world.therapist_a)) == 404


def test_an_admin_drills_down_to_any_therapist_of_their_clinic_only(world, login):
    assert status(login(world.admin), drill_down(world.therapist_b)) == 200
    assert status(login(world.admin), drill_down(world.other_therapist)) == 404
    assert status(login(world.other_admin), drill_down(world.therapist_a)) == 404


def test_only_therapists_have_a_drill_down(world, login):
    assert status(login(world.admin), drill_down(world.supervisor)) == 404
    assert status(login(world.admin), drill_down(world.admin)) == 404


def test_the_patient_page_of_a_patient_one_does_not_see_is_404(world, login):
    assert status(login(world.idle_supervisor), world.patient_a.get_absolute_url()) == 404
    assert status(login(world.supervisor), world.patient_b.get_absolute_url()) == 404
    assert status(login(world.other_admin), world.patient_a.get_absolute_url()) == 404


def test_nobody_sees_another_supervisors_patients_on_their_dashboards(world, login):
    reviewed(history(world.therapist_b, "B-SECRET", "30", "29", "28"))
    assert b"B-SECRET" not in login(world.supervisor).get(SUPERVISOR_PAGE).content
    assert b"B-SECRET" not in login(world.other_admin).get(SUPERVISOR_PAGE).content
    assert b"B-SECRET" not in login(world.therapist_a).get("/dashboard/").content
    assert b"B-SECRET" in login(world.admin).get(SUPERVISOR_PAGE).content


def test_acknowledging_from_the_inbox_returns_to_the_inbox(world, login):
    patient = history(world.therapist_a, "A-RISK", "35", "34", "33")
    reviewed(patient)
    flag = Flag.objects.get(patient=patient, code="srs_sustained_low")
    client = login(world.supervisor)
    response = client.post(f"/review/flags/{flag.pk}/acknowledge/", {"next": f"{SUPERVISOR_PAGE}#inbox"})
    assert response["Location"] == f"{SUPERVISOR_PAGE}#inbox"
    flag.refresh_from_db()
    assert (flag.status, flag.acknowledged_by) == (FlagStatus.ACKNOWLEDGED, world.supervisor)


def test_acknowledging_never_redirects_off_the_site(world, login):
    patient = history(world.therapist_a, "A-RISK", "35", "34", "33")
    reviewed(patient)
    flag = Flag.objects.get(patient=patient, code="srs_sustained_low")
    response = login(world.supervisor).post(
        f"/review/flags/{flag.pk}/acknowledge/", {"next": "https://evil.example/dashboard/"}
    )
    assert response["Location"] == f"{patient.get_absolute_url()}#flags"


def test_a_supervisor_cannot_acknowledge_another_supervisors_flag(world, login):
    patient = history(world.therapist_b, "B-RISK", "35", "34", "33")
    reviewed(patient)
    flag = Flag.objects.get(patient=patient, code="srs_sustained_low")
    response = login(world.supervisor).post(f"/review/flags/{flag.pk}/acknowledge/", {"next": SUPERVISOR_PAGE})
    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
