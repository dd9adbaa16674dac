"""Submitting the patient's form: stored once per submission key, bad input refused with a clear message."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from measures.models import SrsResponse, WaiResponse
from measures.patient_forms.models import PatientFormAccess
from measures.services import srs_response_submit

from ..helpers import d
from .helpers import answers, code_for, expire, form_url_after, link_for, open_code

JSON = {"HTTP_ACCEPT": "application/json"}
WAI = [5, 4, 3, 2, 3, 2, 3, 2, 3, 4, 2, 5]


@pytest.fixture
def tablet_form(world):
    """A tablet whose code for session A was entered: (client, form URL, access)."""
    device = Client()
    code, access = code_for(world.session_a)
    return device, form_url_after(open_code(device, code)), access


def nothing_stored():
    return not SrsResponse.objects.exists() and not WaiResponse.objects.exists()


def test_a_tablet_answer_is_stored_with_its_channel_and_the_patients_language(world, tablet_form):
    device, url, access = tablet_form
    response = device.post(url, answers(access, (90, 85, 72, 100), wai=WAI))
    assert response.status_code == 302 and response.url == url
    srs = SrsResponse.objects.get()
    assert srs.items == tuple(d("9.0", "8.5", "7.2", "10.0"))
    assert srs.total == Decimal("34.7")
    assert (srs.session, srs.channel, srs.language, srs.submitted_by) == (world.session_a, "tablet", "en", None)
    assert srs.submission_key == access.submission_key
    wai = WaiResponse.objects.get()
    assert wai.items == tuple(WAI)
    assert (wai.instrument, wai.channel, wai.submission_key) == ("wai-sr", "tablet", access.submission_key)
    access.refresh_from_db()
    assert access.submitted_at is not None


def test_the_thank_you_page_leaks_nothing(world, tablet_form):
    device, url, access = tablet_form
    page = device.get(device.post(url, answers(access, wai=WAI)).url).content.decode()
    assert "Thank you" in page and "hand the tablet back" in page
    for secret in ("A-001", "Ana", "therapist_a", "34.7", "Clinic A"):
        assert secret not in page


def test_the_therapist_sees_the_scores_at_once(world, tablet_form, login):
    device, url, access = tablet_form
    device.post(url, answers(access, (90, 85, 72, 100), wai=WAI))
    page = login(world.therapist_a).get(f"/sessions/{world.session_a.pk}/").content.decode()
    assert "34.7" in page and "Clinic tablet" in page
    assert "WAI-SR rated by the patient" in page


def test_a_link_answer_is_stored_as_a_link_answer(world, client):
    token, access = link_for(world.session_a)
    response = client.post(f"/p/{token}/", answers(access, wai=WAI), **JSON)
    assert response.status_code == 200
    assert response.json() == {"stored": True, "next": f"/p/{token}/"}
    assert SrsResponse.objects.get().channel == "link"


def test_a_double_submission_stores_once_and_confirms_twice(world, tablet_form):
    device, url, access = tablet_form
    first = device.post(url, answers(access, wai=WAI), **JSON)
    again = device.post(url, answers(access, wai=WAI), **JSON)
    assert first.json()["stored"] and again.json()["stored"]
    assert SrsResponse.objects.count() == 1 and WaiResponse.objects.count() == 1


def test_a_resend_after_the_confirmation_was_lost_changes_nothing(world, tablet_form):
    device, url, access = tablet_form
    device.post(url, answers(access, (10, 10, 10, 10), wai=WAI), **JSON)
    again = device.post(url, answers(access, (10, 10, 10, 10), wai=WAI), **JSON)
    assert again.status_code == 200 and again.json()["stored"]
    assert SrsResponse.objects.get().total == Decimal("4.0")
    different = device.post(url, answers(access, (99, 99, 99, 99), wai=[1] * 12), **JSON)
    assert different.status_code == 409  # see test_one_live_form.py
    assert SrsResponse.objects.get().total == Decimal("4.0")


def test_a_resend_is_confirmed_even_after_the_form_expired(world, tablet_form):
    device, url, access = tablet_form
    device.post(url, answers(access, wai=WAI), **JSON)
    PatientFormAccess.objects.filter(pk=access.pk).update(opened_at=timezone.now() - datetime.timedelta(days=1))
    assert device.post(url, answers(access, wai=WAI), **JSON).json()["stored"]


def test_the_link_works_for_one_answer(world, client):
    token, access = link_for(world.session_a)
    client.post(f"/p/{token}/", answers(access, wai=WAI))
    page = client.get(f"/p/{token}/").content.decode()
    assert "Thank you" in page and 'type="range"' not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"srs_overall": None}, "Mark a point on this line."),
        ({"srs_goals": ""}, "Mark a point on this line."),
        ({"srs_goals": "101"}, "This answer was not understood"),
        ({"srs_goals": "-1"}, "This answer was not understood"),
        ({"srs_goals": "7.5"}, "This answer was not understood"),
        ({"srs_goals": "NaN"}, "This answer was not understood"),
        ({"srs_goals": "1e3"}, "This answer was not understood"),
        ({"srs_goals": "<script>"}, "This answer was not understood"),
        ({"wai_7": None}, "Choose an answer."),
        ({"wai_7": "6"}, "Choose one of the five answers."),
        ({"wai_7": "0"}, "Choose one of the five answers."),
        ({"submission_key": None}, "This form is incomplete. Reload the page."),
        ({"submission_key": "not-a-uuid"}, "This form is incomplete. Reload the page."),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(world, tablet_form, overrides, message):
    device, url, access = tablet_form
    response = device.post(url, answers(access, wai=WAI, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_stored()
    as_json = device.post(url, answers(access, wai=WAI, **overrides), **JSON)
    assert as_json.status_code == 400
    body = as_json.json()
    assert body["stored"] is False
    assert message in str(body["errors"])
    assert nothing_stored()


def test_a_form_with_its_values_kept_after_an_error(world, tablet_form):
    device, url, access = tablet_form
    page = device.post(url, answers(access, (33, 44, 55, 66), wai=WAI, wai_1=None)).content.decode()
    assert 'name="srs_goals" value="44"' in page
    assert "vas-input is-set" in page


def test_a_made_up_key_is_refused(world, tablet_form):
    device, url, access = tablet_form
    response = device.post(url, answers(access, wai=WAI, submission_key=str(uuid.uuid4())), **JSON)
    assert response.status_code == 400
    assert "out of date" in response.json()["errors"]["__all__"][0]
    assert nothing_stored()


def test_a_key_of_another_sessions_form_is_refused(world, tablet_form, client):
    device, url, _access = tablet_form
    token, other = link_for(world.session_b)
    client.post(f"/p/{token}/", answers(other, wai=WAI))  # session B answered with its own key
    response = device.post(url, answers(other, wai=WAI), **JSON)
    assert response.status_code == 400
    assert "out of date" in response.json()["errors"]["__all__"][0]
    assert list(SrsResponse.objects.values_list("session", flat=True)) == [world.session_b.pk]


def test_an_expired_form_takes_nothing(world, client):
    token, access = link_for(world.session_a)
    expire(access)
    response = client.post(f"/p/{token}/", answers(access, wai=WAI), **JSON)
    assert response.status_code == 410
    assert response.json() == {
        "stored": False,
        "closed": True,
        "message": "This form has expired. Please ask your therapist for a new one.",
    }
    html = client.post(f"/p/{token}/", answers(access, wai=WAI))
    assert html.status_code == 410 and "This form has expired" in html.content.decode()
    assert nothing_stored()


def test_a_link_replaced_by_a_second_one_takes_nothing(world, client):
    first, first_access = link_for(world.session_a)
    second, second_access = link_for(world.session_a)
    response = client.post(f"/p/{first}/", answers(first_access, (1, 1, 1, 1), wai=WAI), **JSON)
    assert response.status_code == 410
    assert "withdrawn" in response.json()["message"]
    assert not SrsResponse.objects.exists()
    assert client.post(f"/p/{second}/", answers(second_access, wai=WAI), **JSON).json()["stored"]
    assert SrsResponse.objects.count() == 1


def test_a_paper_srs_entered_meanwhile_wins_and_the_form_says_so(world, tablet_form):
    device, url, access = tablet_form
    srs_response_submit(
        session=world.session_a,
        items=d("5", "5", "5", "5"),
        channel="paper",
        language="es",
        submitted_by=world.therapist_a,
    )
    response = device.post(url, answers(access, wai=WAI))
    assert response.status_code == 410
    assert SrsResponse.objects.get().channel == "paper"
    assert not WaiResponse.objects.exists()


def test_a_session_no_longer_attended_takes_nothing(world, tablet_form):
    from patients.services import patient_update
    from sessions.services import session_update

    device, url, access = tablet_form
    patient_update(patient=world.patient_a, language="en")
    session_update(session=world.session_a, attendance="no_show")
    response = device.post(url, answers(access, wai=WAI), **JSON)
    assert response.status_code == 400
    assert "session that took place" in response.json()["errors"]["__all__"][0]
    assert nothing_stored()


def test_an_unknown_token_takes_nothing(world, client):
    _token, access = link_for(world.session_a)
    response = client.post("/p/" + "A" * 43 + "/", answers(access, wai=WAI), **JSON)
    assert response.status_code == 404
    assert nothing_stored()


def test_a_get_or_post_only(world, tablet_form):
    device, url, _access = tablet_form
    assert device.put(url).status_code == 405
    assert device.delete("/tablet/").status_code == 405
