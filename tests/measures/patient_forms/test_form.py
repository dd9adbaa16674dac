"""The patient's form behind a tablet code or a link: what it shows, in which language, until when."""

import datetime

from django.test import Client
from django.utils import timezone

from measures.patient_forms.models import PatientFormAccess
from measures.services import srs_response_submit
from patients.services import patient_update

from ..helpers import d, wai_from_paper
from .helpers import answers, code_for, expire, form_url_after, link_for, open_code


def opened_form(world, session=None) -> tuple[Client, str, PatientFormAccess]:
    """A tablet whose code was entered: the client, the form's URL and the access."""
    device = Client()
    code, access = code_for(session or world.session_a)
    url = form_url_after(open_code(device, code))
    return device, url, access


def test_the_form_has_four_untouched_lines_and_no_numbers(world):
    device, url, _access = opened_form(world)
    page = device.get(url).content.decode()
    assert page.count('type="range"') == 4
    assert page.count('min="0" max="100" step="1"') == 4
    assert 'class="vas-input"' in page  # no line starts marked (no "is-set")
    assert "is-set" not in page
    assert "Not at all" in page and "Completely" in page
    assert "js/patient-form.js" in page and "js/answer-outbox.js" in page


def test_the_lines_have_no_name_until_marked_and_a_noscript_fallback(world):
    device, url, _access = opened_form(world)
    page = device.get(url).content.decode()
    assert 'data-field="srs_relationship"' in page
    assert '<input type="range" min="0" max="100" step="1" id="id_srs_relationship" data-field' in page
    assert "<noscript>" in page and 'name="srs_relationship" value="100"' in page


def test_the_form_is_in_the_patients_language_whatever_the_browser(world):
    patient_update(patient=world.patient_a, language="es")
    device, url, _access = opened_form(world)
    response = device.get(url, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Relación — sentirse escuchado" in page
    assert "Etiquetas descriptivas nuestras" in page
    assert response.headers["Content-Language"] == "es"


def test_an_english_speaking_patient_gets_english(world):
    patient_update(patient=world.patient_a, language="en")
    token, _access = link_for(world.session_a)
    client = Client()
    client.cookies["django_language"] = "es"
    page = client.get(f"/p/{token}/").content.decode()
    assert '<html lang="en">' in page
    assert "Relationship — felt heard, understood, respected" in page


def test_the_clinics_licensed_wording_replaces_our_labels(world):
    from measures.models import InstrumentWording

    patient_update(patient=world.patient_a, language="es")
    for n in range(1, 5):
        InstrumentWording.objects.create(
            clinic=world.clinic, instrument="srs", language="es", item=n, text=f"Texto con licencia {n}"
        )
    device, url, _access = opened_form(world)
    page = device.get(url).content.decode()
    assert "Texto con licencia 3" in page
    assert page.count("Etiquetas descriptivas nuestras") == 1  # the WAI-SR's, which has no licensed wording here


def test_the_wai_sr_follows_when_it_is_due(world):
    device, url, access = opened_form(world)
    assert access.include_wai
    page = device.get(url).content.decode()
    assert page.count('class="btn-check"') == 60
    assert 'name="wai_12"' in page


def test_the_wai_sr_is_left_out_when_it_was_given_meanwhile(world):
    device, url, _access = opened_form(world)
    wai_from_paper(world.session_a, world.therapist_a, items=(4,) * 12, respondent="patient")
    assert 'name="wai_1"' not in device.get(url).content.decode()


def test_a_link_opens_its_sessions_form_without_login(world, client):
    token, access = link_for(world.session_b)
    response = client.get(f"/p/{token}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{access.submission_key}"' in page
    assert "B-001" not in page and "therapist_b" not in page


def test_an_unknown_or_mangled_token_is_a_friendly_404(world, client):
    token, _access = link_for(world.session_a)
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", "a" * 200):
        response = client.get(f"/p/{wrong}/")
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()


def test_an_expired_link_says_so_in_the_patients_language(world, client):
    patient_update(patient=world.patient_a, language="es")
    token, access = link_for(world.session_a)
    expire(access)
    response = client.get(f"/p/{token}/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Este formulario ha expirado" in page
    assert '<html lang="es">' in page
    assert 'type="range"' not in page


def test_an_opened_tablet_form_expires_after_the_setting(world, settings):
    device, url, access = opened_form(world)
    PatientFormAccess.objects.filter(pk=access.pk).update(
        opened_at=timezone.now() - datetime.timedelta(minutes=settings.TABLET_FORM_MINUTES, seconds=1)
    )
    assert "This form has expired" in device.get(url).content.decode()


def test_a_session_answered_another_way_says_so_not_a_form(world, client):
    token, _access = link_for(world.session_a)
    srs_response_submit(session=world.session_a, items=d("9", "9", "9", "9"), channel="tablet", language="es")
    page = client.get(f"/p/{token}/").content.decode()
    assert "already been rated on another device; nothing more is needed" in page
    assert "Thank you" not in page and 'type="range"' not in page


def test_the_form_pages_are_never_cached(world):
    device, url, _access = opened_form(world)
    assert "no-store" in device.get(url).headers["Cache-Control"]
    assert "no-store" in device.get("/tablet/").headers["Cache-Control"]


def test_the_form_page_has_no_inline_script_or_style(world):
    device, url, access = opened_form(world)
    page = device.get(url).content.decode()
    assert "<script>" not in page and " style=" not in page and " onclick" not in page
    assert answers(access)  # the helper knows the form's field names
