"""The therapist issues a tablet code or a telehealth link from the session page."""

import datetime
import re

from django.db import connection

from measures.patient_forms.models import AccessKind, PatientFormAccess
from measures.services import srs_response_submit
from sessions.services import session_record

from ..helpers import d, wai_from_paper


def issue(client, session, what="tablet-code"):
    return client.post(f"/sessions/{session.pk}/measures/{what}/")


def shown_code(response) -> str:
    match = re.search(r"data-issued-code>(\d{3}) (\d{3})<", response.content.decode())
    assert match, "no code on the page"
    return match.group(1) + match.group(2)


def shown_link(response) -> str:
    match = re.search(r'value="(http://testserver/p/[A-Za-z0-9_-]{43}/)"', response.content.decode())
    assert match, "no link on the page"
    return match.group(1)


def stored_text() -> str:
    """Every row of the table as text, digests and all."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM measures_patientformaccess")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_the_session_page_offers_the_tablet_and_the_link(world, login):
    page = login(world.therapist_a).get(f"/sessions/{world.session_a.pk}/").content.decode()
    assert "SRS on the tablet" in page
    assert f'action="/sessions/{world.session_a.pk}/measures/tablet-code/"' in page
    assert f'action="/sessions/{world.session_a.pk}/measures/telehealth-link/"' in page


def test_the_session_page_offers_neither_once_the_srs_is_in(world, login):
    srs_response_submit(session=world.session_a, items=d("9", "9", "9", "9"), channel="tablet", language="es")
    page = login(world.therapist_a).get(f"/sessions/{world.session_a.pk}/").content.decode()
    assert "SRS on the tablet" not in page


def test_it_issues_a_six_digit_code_with_a_qr_code(world, login):
    response = issue(login(world.therapist_a), world.session_a)
    assert response.status_code == 200
    code = shown_code(response)
    page = response.content.decode()
    assert 'src="data:image/svg+xml' in page
    assert "http://testserver/tablet/" in page
    assert "no-store" in response.headers["Cache-Control"]
    access = PatientFormAccess.objects.get()
    assert (access.kind, access.session, access.issued_by) == (AccessKind.TABLET, world.session_a, world.therapist_a)
    assert access.expires_at - access.issued_at == datetime.timedelta(minutes=10)
    assert code not in stored_text()


def test_the_code_lasts_as_long_as_the_setting_says(world, login, settings):
    settings.TABLET_CODE_MINUTES = 3
    issue(login(world.therapist_a), world.session_a)
    access = PatientFormAccess.objects.get()
    assert access.expires_at - access.issued_at == datetime.timedelta(minutes=3)


def test_a_new_code_withdraws_the_unused_one(world, login):
    client = login(world.therapist_a)
    issue(client, world.session_a)
    issue(client, world.session_a)
    first, second = PatientFormAccess.objects.order_by("issued_at")
    assert first.retired_at is not None
    assert second.retired_at is None


def test_it_issues_a_long_single_use_link_with_a_copy_button(world, login):
    response = issue(login(world.therapist_a), world.session_a, "telehealth-link")
    assert response.status_code == 200
    link = shown_link(response)
    page = response.content.decode()
    assert 'data-copy-target="telehealth-link"' in page
    assert "js/copy-link.js" in page
    access = PatientFormAccess.objects.get()
    assert access.kind == AccessKind.LINK
    assert access.expires_at - access.issued_at == datetime.timedelta(hours=48)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in stored_text()


def test_a_stranger_gets_404_for_a_code_or_a_link(world, login):
    for user in (world.therapist_b, world.idle_supervisor, world.other_therapist, world.other_admin):
        client = login(user)
        assert issue(client, world.session_a).status_code == 404
        assert issue(client, world.session_a, "telehealth-link").status_code == 404
    assert not PatientFormAccess.objects.exists()


def test_the_supervisor_and_the_clinic_admin_may_issue(world, login):
    assert issue(login(world.supervisor), world.session_a).status_code == 200
    assert issue(login(world.admin), world.session_a, "telehealth-link").status_code == 200


def test_it_requires_a_login_and_a_post(world, client, login):
    response = issue(client, world.session_a)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert login(world.therapist_a).get(f"/sessions/{world.session_a.pk}/measures/tablet-code/").status_code == 405
    assert not PatientFormAccess.objects.exists()


def test_no_code_for_a_session_that_did_not_take_place(world, login):
    missed = session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=datetime.date(2026, 11, 9), attendance="no_show"
    )
    response = issue(login(world.therapist_a), missed)
    assert response.status_code == 302
    page = login(world.therapist_a).get(response.url).content.decode()
    assert "only for a session that took place" in page
    assert not PatientFormAccess.objects.exists()


def test_no_code_or_link_once_the_session_has_an_srs(world, login):
    srs_response_submit(session=world.session_a, items=d("9", "9", "9", "9"), channel="tablet", language="es")
    client = login(world.therapist_a)
    response = issue(client, world.session_a, "telehealth-link")
    assert response.status_code == 302
    assert "already has an SRS" in client.get(response.url).content.decode()
    assert not PatientFormAccess.objects.exists()


def test_the_page_says_whether_the_wai_sr_follows(world, login):
    client = login(world.therapist_a)
    assert "followed by the patient WAI-SR" in issue(client, world.session_a).content.decode()
    second = session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=datetime.date(2026, 11, 9), attendance="attended"
    )
    wai_from_paper(world.session_a, world.therapist_a, items=(4,) * 12, respondent="patient")
    assert "The SRS only" in issue(client, second).content.decode()


def test_the_link_says_until_when_it_works_in_one_sentence(world, login):
    client = login(world.therapist_a)
    client.cookies["django_language"] = "en"
    page = issue(client, world.session_a, "telehealth-link").content.decode()
    (sentence,) = re.findall(r"It works for one answer, until [^<]*", page)
    assert not sentence.endswith(".."), sentence
    assert re.fullmatch(r"It works for one answer, until \d\d/\d\d/\d{4} at \d\d:\d\d\.", sentence), sentence
