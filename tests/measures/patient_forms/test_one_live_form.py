"""One live patient form per session, and no answer dropped while the patient is thanked (issue 10, point 4)."""

import re
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from measures.models import SrsResponse, WaiResponse
from measures.patient_forms.models import PatientFormAccess
from measures.services import paper_measures_record

from ..helpers import d
from .helpers import answers, code_for, expire, form_url_after, link_for, open_code

JSON = {"HTTP_ACCEPT": "application/json"}
WAI = [5, 4, 3, 2, 3, 2, 3, 2, 3, 4, 2, 5]
RATED_ELSEWHERE = "This session has already been rated on another device; nothing more is needed."
WITHDRAWN = "This form was withdrawn"
RECEIVED = "Your answers have been received."


def paper_srs(world, *values):
    paper_measures_record(
        session=world.session_a,
        entered_by=world.therapist_a,
        language="en",
        srs=d(*values),
        wai_patient=None,
        wai_therapist=None,
    )


def retired(access) -> bool:
    access.refresh_from_db()
    return access.retired_at is not None


def withdraw_url(access) -> str:
    return f"/sessions/{access.session_id}/measures/patient-forms/{access.pk}/withdraw/"


# (a) A link, then a paper SRS: the patient who opens the link is not thanked for answers never given.


def test_a_paper_srs_withdraws_the_live_link(world):
    _token, access = link_for(world.session_a)
    paper_srs(world, "5", "5", "5", "5")
    assert retired(access)


def test_a_link_opened_after_a_paper_srs_says_the_session_was_rated_elsewhere(world, client):
    token, _access = link_for(world.session_a)
    paper_srs(world, "5", "5", "5", "5")
    page = client.get(f"/p/{token}/").content.decode()
    assert RATED_ELSEWHERE in page
    assert RECEIVED not in page and 'type="range"' not in page


def test_a_paper_entry_without_an_srs_leaves_the_link_live(world):
    _token, access = link_for(world.session_a)
    paper_measures_record(
        session=world.session_a,
        entered_by=world.therapist_a,
        language="en",
        srs=None,
        wai_patient=None,
        wai_therapist=[4] * 12,
    )
    assert not retired(access)


# (b) A link open at home, the tablet answered for the same session: the home Send is not thanked.


def test_a_tablet_code_withdraws_the_live_link(world):
    _token, link = link_for(world.session_a)
    _code, _tablet = code_for(world.session_a)
    assert retired(link)


def test_a_link_withdraws_the_live_code_even_once_entered(world):
    code, tablet = code_for(world.session_a)
    form_url_after(open_code(Client(), code))
    _token, _link = link_for(world.session_a)
    assert retired(tablet)


def test_a_new_link_withdraws_the_earlier_link(world):
    _first_token, first = link_for(world.session_a)
    _second_token, second = link_for(world.session_a)
    assert retired(first) and not retired(second)


def test_the_home_send_after_the_tablet_answered_says_the_session_was_rated_elsewhere(world, client):
    token, link = link_for(world.session_a)
    home_form = client.get(f"/p/{token}/")  # the form is open at home
    assert home_form.status_code == 200
    tablet = Client()
    code, tablet_access = code_for(world.session_a)
    tablet_url = form_url_after(open_code(tablet, code))
    assert tablet.post(tablet_url, answers(tablet_access, wai=WAI), **JSON).json()["stored"]

    response = client.post(f"/p/{token}/", answers(link, (1, 1, 1, 1), wai=WAI), **JSON)
    assert response.status_code == 410
    assert response.json() == {"stored": False, "closed": True, "message": RATED_ELSEWHERE}
    page = client.get(f"/p/{token}/").content.decode()
    assert RATED_ELSEWHERE in page and RECEIVED not in page
    assert list(SrsResponse.objects.values_list("channel", flat=True)) == ["tablet"]


def test_the_home_send_after_a_new_code_was_issued_says_the_form_was_withdrawn(world, client):
    token, link = link_for(world.session_a)
    code_for(world.session_a)
    response = client.post(f"/p/{token}/", answers(link, wai=WAI), **JSON)
    assert response.status_code == 410
    body = response.json()
    assert body["closed"] is True and body["stored"] is False
    assert body["message"].startswith(WITHDRAWN)
    page = client.get(f"/p/{token}/").content.decode()
    assert WITHDRAWN in page and RECEIVED not in page and "Thank you" not in page
    assert not SrsResponse.objects.exists()


# (c) A re-send with a known key: confirmed when it is the stored answer, refused when it is not.


def test_a_resend_with_different_answers_is_refused_with_its_own_status(world, client):
    token, link = link_for(world.session_a)
    assert client.post(f"/p/{token}/", answers(link, (10, 10, 10, 10), wai=WAI), **JSON).json()["stored"]
    again = client.post(f"/p/{token}/", answers(link, (99, 99, 99, 99), wai=WAI), **JSON)
    assert again.status_code == 409
    body = again.json()
    assert body["stored"] is False and body["conflict"] is True
    assert "different answers" in body["message"]
    assert SrsResponse.objects.get().total == Decimal("4.0")


def test_a_resend_with_different_wai_answers_is_refused(world, client):
    token, link = link_for(world.session_a)
    client.post(f"/p/{token}/", answers(link, wai=WAI), **JSON)
    again = client.post(f"/p/{token}/", answers(link, wai=[1] * 12), **JSON)
    assert again.status_code == 409
    assert WaiResponse.objects.get().items == tuple(WAI)


def test_a_resend_with_different_answers_without_javascript_says_so(world, client):
    token, link = link_for(world.session_a)
    client.post(f"/p/{token}/", answers(link, (10, 10, 10, 10), wai=WAI))
    again = client.post(f"/p/{token}/", answers(link, (99, 99, 99, 99), wai=WAI))
    assert again.status_code == 409
    page = again.content.decode()
    assert "different answers" in page and RECEIVED not in page
    assert SrsResponse.objects.get().total == Decimal("4.0")


def test_an_identical_resend_is_confirmed(world, client):
    token, link = link_for(world.session_a)
    client.post(f"/p/{token}/", answers(link, (10, 20, 30, 40), wai=WAI), **JSON)
    again = client.post(f"/p/{token}/", answers(link, (10, 20, 30, 40), wai=WAI), **JSON)
    assert again.status_code == 200 and again.json()["stored"]
    assert SrsResponse.objects.count() == 1 and WaiResponse.objects.count() == 1


# The session page shows the live code or link, and the therapist may withdraw it.


def test_the_session_page_shows_the_live_link_with_a_withdraw_button(world, login):
    _token, access = link_for(world.session_a, world.supervisor)
    page = login(world.therapist_a).get(f"/sessions/{world.session_a.pk}/").content.decode()
    assert "Telehealth link" in page and "issued by" in page and str(world.supervisor) in page
    assert timezone.localtime(access.expires_at).strftime("%H:%M") in page
    assert f'action="{withdraw_url(access)}"' in page
    assert re.search(r'<button type="submit"[^>]*>Withdraw</button>', page)


def test_the_session_page_shows_no_expired_code(world, login):
    _code, access = code_for(world.session_a)
    expire(access)
    page = login(world.therapist_a).get(f"/sessions/{world.session_a.pk}/").content.decode()
    assert withdraw_url(access) not in page
    assert "SRS on the tablet" in page


def test_withdrawing_retires_the_link_and_its_patient_is_told(world, login):
    token, access = link_for(world.session_a)
    client = login(world.therapist_a)
    response = client.post(withdraw_url(access))
    assert response.status_code == 302 and response.url == f"/sessions/{world.session_a.pk}/"
    assert retired(access)
    assert "The telehealth link was withdrawn." in client.get(response.url).content.decode()
    patient_page = Client().get(f"/p/{token}/").content.decode()
    assert WITHDRAWN in patient_page and "Thank you" not in patient_page


def test_withdrawing_is_audited_like_issuing(world, login):
    _token, access = link_for(world.session_a)
    login(world.therapist_a).post(withdraw_url(access))
    event = AuditEvent.objects.get(path=withdraw_url(access))
    assert (event.action, event.user_id, event.patient_id) == ("read", world.therapist_a.pk, world.patient_a.pk)


def test_the_supervisor_and_the_clinic_admin_may_withdraw(world, login):
    for user in (world.supervisor, world.admin):
        _token, access = link_for(world.session_a)
        assert login(user).post(withdraw_url(access)).status_code == 302
        assert retired(access)


def test_a_stranger_gets_404_and_withdraws_nothing(world, login):
    _token, access = link_for(world.session_a)
    for user in (world.therapist_b, world.idle_supervisor, world.other_therapist, world.other_admin):
        assert login(user).post(withdraw_url(access)).status_code == 404
    assert not retired(access)


def test_an_access_of_another_session_is_404(world, login):
    _token, access = link_for(world.session_b)
    url = f"/sessions/{world.session_a.pk}/measures/patient-forms/{access.pk}/withdraw/"
    assert login(world.therapist_a).post(url).status_code == 404
    assert not retired(access)


def test_withdrawing_requires_a_login_and_a_post(world, client, login):
    _token, access = link_for(world.session_a)
    response = client.post(withdraw_url(access))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert login(world.therapist_a).get(withdraw_url(access)).status_code == 405
    assert not retired(access)


def test_withdrawing_checks_the_csrf_token(world):
    _token, access = link_for(world.session_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.therapist_a)
    assert client.post(withdraw_url(access)).status_code == 403
    assert not retired(access)


def test_an_answered_form_is_not_withdrawn(world, login, client):
    token, access = link_for(world.session_a)
    client.post(f"/p/{token}/", answers(access, wai=WAI))
    therapist = login(world.therapist_a)
    response = therapist.post(withdraw_url(access))
    assert response.status_code == 302
    assert "no longer open" in therapist.get(response.url).content.decode()
    access.refresh_from_db()
    assert access.retired_at is None and access.submitted_at is not None
    assert SrsResponse.objects.count() == 1


def test_a_session_keeps_one_open_form_in_the_database(world):
    link_for(world.session_a)
    code_for(world.session_a)
    link_for(world.session_a)
    open_forms = PatientFormAccess.objects.filter(session=world.session_a, retired_at=None, submitted_at=None)
    assert open_forms.count() == 1


def test_the_patient_is_told_in_their_language(world, client):
    from patients.services import patient_update

    patient_update(patient=world.patient_a, language="es")
    first, _first = link_for(world.session_a)
    second, _second = link_for(world.session_a)
    withdrawn = client.get(f"/p/{first}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Este formulario se retiró" in withdrawn
    paper_srs(world, "5", "5", "5", "5")
    rated = client.get(f"/p/{second}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Esta sesión ya se valoró en otro dispositivo; no hace falta nada más." in rated
