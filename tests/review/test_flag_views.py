"""Where clinicians see the review: risk badges and open flags on the patient page, and their workflow."""

import pytest

from review.models import Flag, FlagStatus
from review.services.flags import flag_acknowledge, flag_resolve
from review.tasks import review_patient
from tests.pages import missing

from .helpers import patient_with_history, session_add


def page(client, patient):
    response = client.get(patient.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_patient_page_shows_each_sessions_risk_level(world, login, flagged):
    patient, _ = flagged
    html = page(login(world.therapist_a), patient)
    assert html.count(">High</span>") == 1  # session 3: two of the listed rules together
    assert html.count(">No risk</span>") == 2


def test_a_session_not_reviewed_yet_says_so(world, login):
    html = page(login(world.therapist_a), world.patient_a)
    assert "review pending" in html


def test_the_patient_page_explains_each_open_flag_in_plain_numbers(world, login, flagged):
    patient, _ = flagged
    html = page(login(world.therapist_a), patient)
    explained = (
        "SRS drop",
        "The SRS total fell from 37.5 at session 2 to 35.0: a drop of 2.5 (flagged from 1.0).",
        "The SRS total was 35.0, below the cutoff of 36.0.",
        "OpenFIT: a drop of one point or more from the last session",
        "Name the change with tact",
        'action="/review/flags/',
    )
    assert missing(html, *explained) == []


def test_resolved_and_withdrawn_flags_leave_the_list(world, login, flagged):
    patient, drop = flagged
    flag_resolve(flag=drop, user=world.therapist_a, note="Renegotiated the pace.")
    html = page(login(world.therapist_a), patient)
    flags = html[html.index('id="flags"') :]
    flags = flags[: flags.index("</section>")]  # the timeline still says why session 3 was flagged
    assert "SRS drop" not in flags
    assert "SRS below the cutoff" in flags


def test_acknowledging_records_who_and_when(world, login, flagged):
    patient, drop = flagged
    response = login(world.therapist_a).post(f"/review/flags/{drop.pk}/acknowledge/")
    assert response.status_code == 302
    assert response.url == f"{patient.get_absolute_url()}#flags"
    drop.refresh_from_db()
    assert (drop.status, drop.acknowledged_by) == (FlagStatus.ACKNOWLEDGED, world.therapist_a)
    assert drop.acknowledged_at is not None
    assert "Acknowledged by" in page(login(world.therapist_a), patient)


def test_acknowledging_twice_changes_nothing(world, login, flagged):
    _, drop = flagged
    client = login(world.therapist_a)
    client.post(f"/review/flags/{drop.pk}/acknowledge/")
    first = Flag.objects.get(pk=drop.pk).acknowledged_at
    client.post(f"/review/flags/{drop.pk}/acknowledge/")
    assert Flag.objects.get(pk=drop.pk).acknowledged_at == first


def test_acknowledging_needs_a_post(world, login, flagged):
    _, drop = flagged
    assert login(world.therapist_a).get(f"/review/flags/{drop.pk}/acknowledge/").status_code == 405


def test_resolving_records_the_note_and_acknowledges_an_open_flag(world, login, flagged):
    _, drop = flagged
    response = login(world.supervisor).post(f"/review/flags/{drop.pk}/resolve/", {"note": " Talked it through. "})
    assert response.status_code == 302
    drop.refresh_from_db()
    assert drop.status == FlagStatus.RESOLVED
    assert (drop.resolved_by, drop.resolution_note) == (world.supervisor, "Talked it through.")
    assert drop.acknowledged_by == world.supervisor


def test_resolving_without_a_note_shows_the_form_again(world, login, flagged):
    _, drop = flagged
    response = login(world.therapist_a).post(f"/review/flags/{drop.pk}/resolve/", {"note": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Flag.objects.get(pk=drop.pk).status == FlagStatus.OPEN


def test_the_resolve_page_shows_the_flag(world, login, flagged):
    _, drop = flagged
    response = login(world.therapist_a).get(f"/review/flags/{drop.pk}/resolve/")
    assert response.status_code == 200
    assert "a drop of 2.5" in response.content.decode()


def test_a_withdrawn_flag_cannot_be_acknowledged(world, login, flagged):
    _, drop = flagged
    Flag.objects.filter(pk=drop.pk).update(status=FlagStatus.WITHDRAWN, withdrawn_at=drop.raised_at)
    response = login(world.therapist_a).post(f"/review/flags/{drop.pk}/acknowledge/", follow=True)
    assert "This flag was withdrawn" in response.content.decode()
    assert Flag.objects.get(pk=drop.pk).status == FlagStatus.WITHDRAWN


@pytest.mark.parametrize("who", ["therapist_b", "idle_supervisor", "other_therapist", "other_admin"])
@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_a_stranger_gets_404_and_changes_nothing(world, login, flagged, who, action):
    _, drop = flagged
    client = login(getattr(world, who))
    assert client.post(f"/review/flags/{drop.pk}/{action}/", {"note": "x"}).status_code == 404
    assert client.get(f"/review/flags/{drop.pk}/resolve/").status_code == 404
    assert Flag.objects.get(pk=drop.pk).status == FlagStatus.OPEN


@pytest.mark.parametrize("who", ["therapist_a", "supervisor", "admin"])
def test_the_care_team_may_act_on_the_flag(world, login, flagged, who):
    _, drop = flagged
    response = login(getattr(world, who)).post(f"/review/flags/{drop.pk}/acknowledge/")
    assert response.status_code == 302


def test_anonymous_users_are_sent_to_log_in(client, flagged):
    _, drop = flagged
    response = client.post(f"/review/flags/{drop.pk}/acknowledge/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_therapist_sees_only_the_flags_of_their_own_patients(world, login, flagged):
    patient, _ = flagged
    assert login(world.therapist_b).get(patient.get_absolute_url()).status_code == 404
    other, _ = patient_with_history(world, "30", code="F-002", therapist=world.therapist_b)
    review_patient(other.pk)
    html = page(login(world.therapist_b), other)
    assert "SRS below the cutoff" in html
    assert "F-001" not in html


def test_the_patient_page_costs_a_fixed_number_of_queries(world, login, flagged, django_assert_num_queries):
    patient, drop = flagged
    client = login(world.therapist_a)
    client.get(patient.get_absolute_url())
    with django_assert_num_queries(14):  # with the timeline's SRS and WAI-SR, and the flags' sessions
        page(client, patient)
    for entry in ("30", "31", "x", "x", "32"):
        session_add(patient, world.therapist_a, entry)
    review_patient(patient.pk)
    flag_acknowledge(flag=drop, user=world.therapist_a)
    with django_assert_num_queries(14):
        html = page(client, patient)
    # One flag per concern (docs/review-rules.md): each listed once, with its sessions.
    assert html.count('id="flag-') == Flag.objects.filter(patient=patient, status__in=["open", "acknowledged"]).count()
    assert html.count('id="flag-') >= 4 and html.count("session 8") >= 2
