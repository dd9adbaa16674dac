import re

import pytest
from django.core.exceptions import ValidationError

from patients.models import Patient
from patients.services import patient_create

LIST = "/patients/"


def test_the_patient_list_requires_login(client, world):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_therapist_lists_only_their_patients(login, world):
    response = login(world.therapist_a).get(LIST)
    assert response.status_code == 200
    assert b"A-001" in response.content
    assert b"B-001" not in response.content


def test_the_list_searches_by_code(login, world):
    response = login(world.admin).get(LIST, {"q": "B-0"})
    assert b"B-001" in response.content
    assert b"A-001" not in response.content


@pytest.mark.parametrize("path", ["/patients/{pk}/", "/patients/{pk}/edit/"])
def test_a_stranger_gets_404(login, world, path):
    url = path.format(pk=world.patient_a.pk)
    for stranger in (world.therapist_b, world.idle_supervisor, world.other_admin, world.other_therapist):
        assert login(stranger).get(url).status_code == 404
    assert login(world.supervisor).get(url).status_code == 200


def test_a_patient_page_lists_their_sessions(login, world):
    response = login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/")
    assert response.status_code == 200
    assert f"/sessions/{world.session_a.pk}/".encode() in response.content


def test_a_therapist_creates_their_own_patient(login, world):
    response = login(world.therapist_a).post(
        "/patients/new/", {"code": " N-7 ", "language": "en", "active": "on", "primary_therapist": world.therapist_b.pk}
    )
    patient = Patient.objects.get(code="N-7")
    assert response.status_code == 302
    assert response["Location"] == f"/patients/{patient.pk}/"
    assert patient.primary_therapist == world.therapist_a  # the field is fixed for a therapist
    assert patient.clinic == world.clinic


def test_a_clinic_admin_assigns_the_primary_therapist(login, world):
    login(world.admin).post(
        "/patients/new/", {"code": "N-8", "language": "es", "primary_therapist": world.therapist_b.pk}
    )
    assert Patient.objects.get(code="N-8").primary_therapist == world.therapist_b


def test_an_admin_cannot_assign_a_therapist_of_another_clinic(login, world):
    response = login(world.admin).post(
        "/patients/new/", {"code": "N-9", "language": "es", "primary_therapist": world.other_therapist.pk}
    )
    assert response.status_code == 200
    assert "primary_therapist" in response.context["form"].errors
    assert not Patient.objects.filter(code="N-9").exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "a-001"}, "code", "already has this code"),
        ({"code": "   "}, "code", "This field is required"),
        ({"code": "N-1", "birth_year": "1800"}, "birth_year", "between 1900"),
        ({"code": "N-1", "birth_year": "soon"}, "birth_year", "between 1900"),
        ({"code": "N-1", "birth_year": "-5"}, "birth_year", "between 1900"),
        ({"code": "N-1", "consent_date": "2999-01-01"}, "consent_date", "future"),
        ({"code": "N-1", "consent_date": "31/31/2020"}, "consent_date", "valid date"),
        ({"code": "N-1", "language": "de"}, "language", "valid choice"),
        ({"code": "x" * 33}, "code", "at most 32"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(login, world, data, field, message):
    client = login(world.therapist_a)
    before = Patient.objects.count()
    response = client.post("/patients/new/", {"language": "es"} | data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert Patient.objects.count() == before


def test_editing_a_patient_keeps_its_code_unique(login, world):
    client = login(world.admin)
    response = client.post(
        f"/patients/{world.patient_b.pk}/edit/",
        {"code": "A-001", "language": "es", "primary_therapist": world.therapist_b.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "already has this code" in str(response.context["form"].errors)
    world.patient_b.refresh_from_db()
    assert world.patient_b.code == "B-001"


def test_editing_a_patient_saves_the_change(login, world):
    client = login(world.therapist_a)
    response = client.post(
        f"/patients/{world.patient_a.pk}/edit/", {"code": "A-001", "alias": "Ana M.", "language": "en"}
    )
    assert response.status_code == 302
    world.patient_a.refresh_from_db()
    assert (world.patient_a.alias, world.patient_a.language, world.patient_a.active) == ("Ana M.", "en", False)


def test_the_search_box_has_the_cursor(login, world):
    page = login(world.therapist_a).get(LIST).content.decode()
    (search,) = re.findall(r'<input[^>]*id="patient-search"[^>]*>', page)
    assert " autofocus" in search


CODE_MESSAGE = "Use only letters A-Z, digits and - _ . in a code (no spaces or accents)."


@pytest.mark.parametrize(
    "code", ["<b>N-1</b>", "N 1", "N/1", "Ñ-1", "N-1;", "=1+2", "\u0410-1", "N-1\u200b", '"onmouseover="x']
)
def test_a_new_code_is_only_letters_digits_and_dash_underscore_dot(login, world, code):
    before = Patient.objects.count()
    response = login(world.therapist_a).post("/patients/new/", {"code": code, "language": "es"})
    assert response.context["form"].errors["code"] == [CODE_MESSAGE]
    assert Patient.objects.count() == before


@pytest.mark.parametrize("code", ["N-1", "n_1.b", "2026.A-7_x"])
def test_a_code_of_letters_digits_and_dash_underscore_dot_is_taken(login, world, code):
    response = login(world.therapist_a).post("/patients/new/", {"code": code, "language": "es"})
    assert response.status_code == 302
    assert Patient.objects.filter(code=code).exists()


def test_a_patient_registered_with_another_code_keeps_it_when_edited(login, world):
    legacy = Patient.objects.create(clinic=world.clinic, primary_therapist=world.therapist_a, code="Ana M. 1")
    client = login(world.therapist_a)
    response = client.post(f"/patients/{legacy.pk}/edit/", {"code": "Ana M. 1", "alias": "Ana", "language": "en"})
    assert response.status_code == 302
    legacy.refresh_from_db()
    assert (legacy.code, legacy.alias) == ("Ana M. 1", "Ana")
    response = client.post(f"/patients/{legacy.pk}/edit/", {"code": "Ana M. 2", "language": "en"})
    assert response.context["form"].errors["code"] == [CODE_MESSAGE]


def test_the_service_refuses_a_new_code_with_markup(world):
    with pytest.raises(ValidationError) as error:
        patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="<i>N-1</i>")
    assert error.value.messages == [CODE_MESSAGE]
    assert not Patient.objects.filter(code="<i>N-1</i>").exists()
