"""The paper entry page: therapist types the SRS and WAI-SR answers in from paper."""

import datetime
from decimal import Decimal

import pytest

from measures.models import SrsResponse, WaiResponse
from measures.services import srs_response_submit
from sessions.services import session_record

from .helpers import d


def url(session):
    return f"/sessions/{session.pk}/measures/paper/"


def srs_data(*values):
    return dict(zip(["srs_relationship", "srs_goals", "srs_approach", "srs_overall"], values, strict=True))


def wai_data(section, values):
    return {f"{section}_item_{n}": value for n, value in enumerate(values, start=1)}


def post(client, session, **data):
    return client.post(url(session), {"language": "es", **data})


def test_it_shows_the_form_with_our_labels_marked_as_ours(world, login):
    response = login(world.therapist_a).get(url(world.session_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="srs_relationship"' in page
    assert 'name="wai_patient_item_12"' in page
    assert 'name="wai_therapist_item_1"' in page
    assert "Relationship — felt heard, understood, respected" in page or "Relación — sentirse escuchado" in page
    assert "not the licensed wording" in page or "no el texto con licencia" in page


def test_it_stores_an_srs_entered_from_paper(world, login):
    response = post(login(world.therapist_a), world.session_a, **srs_data("9.5", "8,5", "7", "10"))
    assert response.status_code == 302
    srs = SrsResponse.objects.get(session=world.session_a)
    assert srs.total == Decimal("35.0")
    assert (srs.channel, srs.submitted_by, srs.language) == ("paper", world.therapist_a, "es")


def test_it_stores_the_patient_and_therapist_wai_with_unanswered_items(world, login):
    patient = ["4", "4", "", "4", "4", "4", "4", "4", "4", "4", "4", "4"]
    therapist = ["5"] * 12
    data = {**wai_data("wai_patient", patient), **wai_data("wai_therapist", therapist)}
    response = post(login(world.therapist_a), world.session_a, **data)
    assert response.status_code == 302
    stored = {w.respondent: w for w in WaiResponse.objects.filter(session=world.session_a)}
    assert stored["patient"].item_3 is None
    assert stored["patient"].bond == Decimal("4.00")
    assert stored["therapist"].total == Decimal("5.00")
    assert not SrsResponse.objects.exists()


@pytest.mark.parametrize(
    "values, message",
    [
        (("10.5", "9", "9", "9"), "Enter a value from 0.0 to 10.0."),
        (("-1", "9", "9", "9"), "Enter a value from 0.0 to 10.0."),
        (("9.25", "9", "9", "9"), "Use at most one decimal, e.g. 7.5."),
        (("nine", "9", "9", "9"), "Enter a number from 0.0 to 10.0, e.g. 7.5."),
        (("9", "9", "9", ""), "Enter all four SRS items or none."),
    ],
)
def test_a_bad_srs_gets_a_clear_message_and_nothing_is_stored(world, login, values, message):
    client = login(world.therapist_a)
    client.cookies["django_language"] = "en"
    data = {**srs_data(*values), **wai_data("wai_patient", ["3"] * 12)}
    response = post(client, world.session_a, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SrsResponse.objects.exists()
    assert not WaiResponse.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "3.5", "x"])
def test_a_bad_wai_answer_gets_a_clear_message_and_nothing_is_stored(world, login, value):
    client = login(world.therapist_a)
    client.cookies["django_language"] = "en"
    data = {**srs_data("9", "9", "9", "9"), **wai_data("wai_therapist", ["3"] * 11 + [value])}
    response = post(client, world.session_a, **data)
    assert response.status_code == 200
    assert "Enter a whole number from 1 to 5, or leave it empty." in response.content.decode()
    assert not SrsResponse.objects.exists()
    assert not WaiResponse.objects.exists()


def test_it_shows_an_earlier_paper_entry_and_replaces_it(world, login):
    client = login(world.therapist_a)
    post(client, world.session_a, **srs_data("9", "9", "9", "9"))
    first = SrsResponse.objects.get()
    assert 'value="9.0"' in client.get(url(world.session_a)).content.decode()
    post(client, world.session_a, **srs_data("6", "6", "6", "6.5"))
    srs = SrsResponse.objects.get()
    assert (srs.pk, srs.total) == (first.pk, Decimal("24.5"))


def test_emptying_an_earlier_paper_entry_removes_it(world, login):
    client = login(world.therapist_a)
    post(client, world.session_a, **srs_data("9", "9", "9", "9"))
    post(client, world.session_a, **srs_data("", "", "", ""))
    assert not SrsResponse.objects.exists()


def test_a_tablet_answer_is_shown_but_not_offered_for_editing(world, login):
    srs_response_submit(session=world.session_a, items=d("9", "9", "9", "9"), channel="tablet", language="es")
    client = login(world.therapist_a)
    page = client.get(url(world.session_a)).content.decode()
    assert 'name="srs_relationship"' not in page
    post(client, world.session_a, **wai_data("wai_patient", ["4"] * 12))
    srs = SrsResponse.objects.get()
    assert (srs.channel, srs.total) == ("tablet", Decimal("36.0"))
    assert WaiResponse.objects.count() == 1


def test_a_supervisor_of_the_therapist_may_enter_measures(world, login):
    response = post(login(world.supervisor), world.session_a, **srs_data("9", "9", "9", "9"))
    assert response.status_code == 302
    assert SrsResponse.objects.get().submitted_by == world.supervisor


def test_a_session_that_did_not_take_place_gets_a_clear_message(world, login):
    cancelled = session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=datetime.date(2026, 11, 9), attendance="no_show"
    )
    client = login(world.therapist_a)
    client.cookies["django_language"] = "en"
    response = post(client, cancelled, **srs_data("9", "9", "9", "9"))
    assert response.status_code == 200
    assert "Measures can only be recorded for a session that took place." in response.content.decode()
    assert not SrsResponse.objects.exists()


@pytest.mark.parametrize("stranger", ["therapist_b", "idle_supervisor", "other_therapist", "other_admin"])
def test_it_is_404_for_someone_who_may_not_see_the_patient(world, login, stranger):
    client = login(getattr(world, stranger))
    assert client.get(url(world.session_a)).status_code == 404
    assert post(client, world.session_a, **srs_data("9", "9", "9", "9")).status_code == 404
    assert not SrsResponse.objects.exists()


def test_it_sends_an_anonymous_visitor_to_the_login_page(world, client):
    response = client.get(url(world.session_a))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
