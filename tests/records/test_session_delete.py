"""Deleting a session logged by mistake: confirmed, audited, renumbered and re-reviewed.

A session with the patient's own answer (tablet or link) asks for a reason,
kept in the audit log.
"""

import pytest

from audit.models import AuditEvent
from measures.models import SrsResponse
from review.models import Flag, PatientStatus, SessionReview, TherapistWeek
from review.services.flags import flag_acknowledge
from review.summaries import week_of
from review.tasks import review_patient
from sessions.models import TherapySession
from tests.review.helpers import codes, marked_numbers, patient_with_history, srs_submit


def url(session):
    return f"/sessions/{session.pk}/delete/"


@pytest.fixture
def history(world):
    """38 (paper), 35 (paper), 36.5 (tablet), reviewed: #2 has flags; #3 follows a rise."""
    patient, sessions = patient_with_history(world, "-", "-", "36.5", code="DEL-1")
    for session, items in ((sessions[0], [9.5] * 4), (sessions[1], [8.8, 8.8, 8.7, 8.7])):
        srs_submit(session, items, channel="paper", submitted_by=world.therapist_a)
    review_patient(patient.pk)
    assert codes(sessions[1]) == ["srs_below_cutoff", "srs_drop"]
    assert codes(sessions[2]) == []
    return patient, sessions


def test_the_page_asks_for_a_confirmation_and_deletes_nothing(world, login, history):
    _patient, [_first, second, _third] = history
    response = login(world.therapist_a).get(url(second), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Delete session 2" in page
    assert 'name="reason"' not in page  # entered by staff: no reason needed
    assert TherapySession.objects.filter(pk=second.pk).exists()


def test_the_session_goes_with_its_measures_reviews_and_flags(world, login, history):
    patient, [_first, second, third] = history
    flags = list(Flag.objects.filter(session=second).values_list("pk", flat=True))
    response = login(world.therapist_a).post(url(second))
    assert response["Location"] == patient.get_absolute_url()
    assert not TherapySession.objects.filter(pk=second.pk).exists()
    assert not SrsResponse.objects.filter(session_id=second.pk).exists()
    assert not SessionReview.objects.filter(session_id=second.pk).exists()
    assert flags and not Flag.objects.filter(pk__in=flags).exists()


def test_the_later_sessions_are_renumbered_and_reviewed_again(world, login, history):
    patient, [first, second, third] = history
    login(world.therapist_a).post(url(second))
    assert list(patient.sessions.order_by("number").values_list("pk", "number")) == [(first.pk, 1), (third.pk, 2)]
    assert marked_numbers(patient) == [2]
    review_patient(patient.pk)
    # 38 then 36.5: a drop of 1.5 from session 1, where the deleted 35 made it a rise.
    assert codes(third) == ["srs_drop"]
    assert Flag.objects.get(session=third).evidence["previous_session"] == 1
    status = PatientStatus.objects.get(patient=patient)
    assert (status.session_count, status.last_session_number, status.previous_srs_total) == (2, 2, 38)


def test_the_deletion_is_in_the_audit_log(world, login, history):
    _patient, [_first, second, _third] = history
    login(world.therapist_a).post(url(second))
    event = AuditEvent.objects.get(action="delete", object_type="session")
    assert (event.object_id, event.patient_id) == (str(second.pk), second.patient_id)
    assert event.user_id == world.therapist_a.pk
    assert event.detail == {"number": 2, "date": "2026-09-14", "reason": "", "srs": 1, "wai": 0, "flags": 2}


def test_a_session_with_the_patients_own_answer_asks_for_a_reason(world, login, history):
    _patient, [_first, _second, third] = history
    client = login(world.therapist_a)
    assert 'name="reason"' in client.get(url(third)).content.decode()
    response = client.post(url(third), {"reason": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Say why this session is deleted" in " ".join(response.context["form"].errors["reason"])
    assert TherapySession.objects.filter(pk=third.pk).exists()
    client.post(url(third), {"reason": "Logged for the wrong patient."})
    assert not TherapySession.objects.filter(pk=third.pk).exists()
    event = AuditEvent.objects.get(action="delete", object_type="session")
    assert event.detail["reason"] == "Logged for the wrong patient."


def test_deleting_the_last_session_leaves_the_one_before_it_last(world, login, history):
    patient, [_first, second, third] = history
    login(world.therapist_a).post(url(third), {"reason": "Duplicate."})
    assert marked_numbers(patient) == [2]
    review_patient(patient.pk)
    status = PatientStatus.objects.get(patient=patient)
    assert (status.last_session_number, str(status.last_srs_total)) == (2, "35.0")


def test_deleting_a_patients_only_session_leaves_them_with_no_status(world, login):
    review_patient(world.patient_a.pk)
    assert PatientStatus.objects.filter(patient=world.patient_a).exists()
    login(world.therapist_a).post(url(world.session_a))
    review_patient(world.patient_a.pk)
    assert not PatientStatus.objects.filter(patient=world.patient_a).exists()
    assert "none yet" in login(world.therapist_a).get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_weekly_figures_lose_the_deleted_srs(world, login, history):
    _patient, [_first, second, _third] = history
    week = week_of(second.date)
    assert TherapistWeek.objects.get(therapist=world.therapist_a, week=week).srs_tenths == [350]
    login(world.therapist_a).post(url(second))
    assert not TherapistWeek.objects.filter(therapist=world.therapist_a, week=week).exists()


def test_a_supervisor_of_the_therapist_and_the_clinic_admin_may_delete(world, login, history):
    _patient, [first, second, _third] = history
    login(world.supervisor).post(url(first))
    login(world.admin).post(url(second))
    assert not TherapySession.objects.filter(pk__in=[first.pk, second.pk]).exists()


def test_a_stranger_gets_404_and_nothing_is_deleted(world, login, history):
    _patient, [first, _second, _third] = history
    for stranger in (world.therapist_b, world.idle_supervisor, world.other_admin, world.other_therapist):
        assert login(stranger).get(url(first)).status_code == 404
        assert login(stranger).post(url(first), {"reason": "x"}).status_code == 404
    assert TherapySession.objects.filter(pk=first.pk).exists()


def test_the_session_page_has_the_delete_button(world, login):
    page = login(world.therapist_a).get(f"/sessions/{world.session_a.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert f'href="{url(world.session_a)}"' in page.content.decode()


def test_a_concern_raised_at_the_deleted_session_stays_with_its_other_sessions(world, login):
    patient, sessions = patient_with_history(world, "34", "33", "35", code="DEL-2")
    review_patient(patient.pk)
    flag = Flag.objects.get(patient=patient, code="srs_below_cutoff")
    flag_acknowledge(flag=flag, user=world.therapist_a)
    login(world.therapist_a).post(url(sessions[0]), {"reason": "Logged for the wrong patient."})
    assert not TherapySession.objects.filter(pk=sessions[0].pk).exists()
    review_patient(patient.pk)
    flag.refresh_from_db()  # one flag per concern: it outlives the session that raised it, as acknowledged
    assert (flag.status, flag.session_id, flag.latest_session_id) == ("acknowledged", sessions[1].pk, sessions[2].pk)
    assert sorted(flag.firings.values_list("session_id", flat=True)) == [sessions[1].pk, sessions[2].pk]
