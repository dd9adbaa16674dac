"""No future session is "attended": a session dated after today can only be planned (`scheduled`).

The therapist turns a planned session into attended, cancelled or no-show by
editing it; markers, the checklist and measures belong to attended sessions only.
"""

import datetime

import pytest
from django.utils import timezone

from measures.models import SrsResponse
from measures.patient_forms.models import PatientFormAccess
from review.models import PatientStatus, SessionReview
from review.tasks import review_patient
from sessions.models import TherapySession
from sessions.services import session_record

FUTURE_MESSAGE = "A session dated after today can only be planned."


def future(days=30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def form_data(**values) -> dict:
    return {"date": future().isoformat(), "attendance": "scheduled", "modality": "in_person", **values}


def planned(world, day=None) -> TherapySession:
    return session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=day or future(), attendance="scheduled"
    )


def test_a_session_dated_2027_is_not_saved_as_attended(world, login):
    response = login(world.therapist_a).post(
        f"/patients/{world.patient_a.pk}/sessions/new/",
        form_data(date="2027-01-15", attendance="attended"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert FUTURE_MESSAGE in response.context["form"].errors["attendance"]
    assert not TherapySession.objects.filter(date=datetime.date(2027, 1, 15)).exists()


@pytest.mark.parametrize("attendance", ["attended", "cancelled_patient", "cancelled_therapist", "no_show"])
def test_a_future_session_cannot_have_an_outcome(world, login, attendance):
    response = login(world.therapist_a).post(
        f"/patients/{world.patient_a.pk}/sessions/new/", form_data(attendance=attendance)
    )
    assert FUTURE_MESSAGE in response.context["form"].errors["attendance"]


def test_a_future_session_is_planned_and_counts_nowhere(world, login):
    client = login(world.therapist_a)
    review_patient(world.patient_a.pk)
    response = client.post(f"/patients/{world.patient_a.pk}/sessions/new/", form_data())
    session = TherapySession.objects.get(patient=world.patient_a, attendance="scheduled")
    assert response["Location"] == f"/sessions/{session.pk}/"
    assert session.number == 2
    review_patient(world.patient_a.pk)
    assert not SessionReview.objects.filter(session=session).exists()
    status = PatientStatus.objects.get(patient=world.patient_a)
    assert (status.session_count, status.last_session_number, status.last_session_date) == (
        1,
        1,
        world.session_a.date,
    )
    assert "Scheduled" in client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_moving_an_attended_session_into_the_future_asks_to_plan_it(world, login):
    response = login(world.therapist_a).post(
        f"/sessions/{world.session_a.pk}/edit/", form_data(attendance="attended"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert FUTURE_MESSAGE in response.context["form"].errors["attendance"]
    world.session_a.refresh_from_db()
    assert world.session_a.attendance == "attended"


def test_the_therapist_records_the_outcome_of_a_planned_session_once_its_day_has_come(world, login):
    client = login(world.therapist_a)
    session = planned(world, day=timezone.localdate())
    response = client.post(
        f"/sessions/{session.pk}/edit/",
        form_data(date=session.date.isoformat(), attendance="attended", checklist_1="yes"),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.attendance, session.checklist_1) == ("attended", True)
    review_patient(world.patient_a.pk)
    assert SessionReview.objects.filter(session=session).exists()
    assert PatientStatus.objects.get(patient=world.patient_a).last_session_number == 2


def test_a_past_session_may_still_be_planned(world, login):
    response = login(world.therapist_a).post(
        f"/patients/{world.patient_a.pk}/sessions/new/", form_data(date=world.session_a.date.isoformat())
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"withdrawal_markers": ["silence"]}, "Rupture markers can only be recorded for a session that took place."),
        ({"checklist_3": "yes"}, "The checklist is answered once the session has taken place."),
    ],
)
def test_a_planned_session_takes_no_markers_or_checklist(world, login, values, message):
    response = login(world.therapist_a).post(
        f"/patients/{world.patient_a.pk}/sessions/new/", form_data(**values), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert message in response.context["form"].errors["__all__"]
    assert not TherapySession.objects.filter(attendance="scheduled").exists()


def test_paper_entry_refuses_a_planned_session(world, login):
    session = planned(world)
    items = dict.fromkeys(["srs_relationship", "srs_goals", "srs_approach", "srs_overall"], "9.0")
    response = login(world.therapist_a).post(
        f"/sessions/{session.pk}/measures/paper/", {"language": "es", **items}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "This session is only planned" in " ".join(response.context["form"].non_field_errors())
    assert not SrsResponse.objects.filter(session=session).exists()


@pytest.mark.parametrize("kind", ["tablet-code", "telehealth-link"])
def test_the_patients_forms_refuse_a_planned_session(world, login, kind):
    session = planned(world)
    response = login(world.therapist_a).post(f"/sessions/{session.pk}/measures/{kind}/", follow=True)
    assert "This session is only planned" in response.content.decode()
    assert not PatientFormAccess.objects.filter(session=session).exists()


def test_the_session_page_offers_no_measures_for_a_planned_session(world, login):
    page = login(world.therapist_a).get(f"/sessions/{planned(world).pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "/measures/paper/" not in html and "tablet-code" not in html
    assert "No measures yet: the session is planned." in html
