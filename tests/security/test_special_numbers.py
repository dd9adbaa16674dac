"""The numbers a float or a Decimal parser takes but no person means, in every numeric field and column.

NaN, ±Infinity and 1e999999 get the field's own message and store nothing;
-0 is zero: accepted where zero is, refused where zero is, never stored as -0.
"""

from decimal import Decimal

import pytest
from django.test import Client

from measures.models import SrsResponse
from patients.services import patient_update
from records.csv_import import SessionsImportError, sessions_import
from tests.measures.patient_forms.helpers import answers, code_for, form_url_after, open_code
from tests.records.csv_helpers import cells, csv_text

from .checks import assert_nothing_stored, assert_says_what_is_wrong, stored_rows
from .strategies import SPECIAL_NUMBERS

NOT_NUMBERS = [value for value in SPECIAL_NUMBERS if value.lstrip("-+") not in ("0", "0.0", "0,0")]
SRS = {"srs_relationship": "9", "srs_goals": "9", "srs_approach": "9", "srs_overall": "9"}


def refused_with(response, message: str, status: int = 200) -> None:
    assert response.status_code == status
    assert_says_what_is_wrong(response)
    assert message in response.content.decode()


def post_refused(client, url: str, data: dict, message: str) -> None:
    """POST `data`: the form comes back with `message`, and nothing is stored."""
    before = stored_rows()
    refused_with(client.post(url, data), message)
    assert_nothing_stored(before)


def test_the_special_numbers_include_those_the_clinician_hit():
    assert {"NaN", "Infinity", "-Infinity", "1e999999", "-0"} <= set(SPECIAL_NUMBERS)


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_paper_srs_item_that_is_not_a_number_is_refused(world, login, value):
    message = "Use at most one decimal" if value == "1e-999999" else "from 0.0 to 10.0"
    data = {"language": "es", **SRS, "srs_goals": value}
    post_refused(login(world.therapist_a), f"/sessions/{world.session_a.pk}/measures/paper/", data, message)


@pytest.mark.parametrize("value", ["-0", "-0.0", "-0,0"])
def test_a_paper_srs_item_of_minus_zero_is_zero(world, login, value):
    response = login(world.therapist_a).post(
        f"/sessions/{world.session_a.pk}/measures/paper/", {"language": "es", **SRS, "srs_goals": value}
    )
    assert response.status_code == 302
    srs = SrsResponse.objects.get()
    assert str(srs.goals) == "0.0"
    assert srs.total == Decimal("27.0")


@pytest.mark.parametrize("value", SPECIAL_NUMBERS)
def test_a_paper_wai_answer_that_is_not_one_to_five_is_refused(world, login, value):
    data = {"language": "es", **{f"wai_patient_item_{n}": "3" for n in range(1, 13)}, "wai_patient_item_7": value}
    message = "Enter a whole number from 1 to 5, or leave it empty."
    post_refused(login(world.therapist_a), f"/sessions/{world.session_a.pk}/measures/paper/", data, message)


@pytest.mark.parametrize("value", SPECIAL_NUMBERS)
def test_a_session_duration_that_is_not_a_number_of_minutes_is_refused(world, login, value):
    data = {"date": "2026-11-10", "attendance": "attended", "modality": "in_person", "duration_minutes": value}
    message = "Enter a duration in whole minutes, from 1 to 480."
    post_refused(login(world.therapist_a), f"/patients/{world.patient_a.pk}/sessions/new/", data, message)


@pytest.mark.parametrize("value", SPECIAL_NUMBERS)
def test_a_birth_year_that_is_not_a_year_is_refused(world, login, value):
    data = {"code": "N-1", "language": "es", "birth_year": value}
    post_refused(login(world.therapist_a), "/patients/new/", data, "Enter a year between 1900 and")


@pytest.mark.parametrize("value", SPECIAL_NUMBERS)
def test_a_caseload_filter_that_is_not_a_number_of_weeks_is_ignored(world, login, value):
    response = login(world.therapist_a).get("/dashboard/", {"no_srs_weeks": value})
    assert response.status_code == 200
    assert "A-001" in response.content.decode()


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_patient_line_that_is_not_a_position_is_refused(world, value):
    patient_update(patient=world.patient_a, language="en")  # the form speaks the patient's language
    device = Client()
    code, access = code_for(world.session_a)
    url = form_url_after(open_code(device, code))
    before = stored_rows()
    response = device.post(url, answers(access, srs_goals=value))
    refused_with(response, "This answer was not understood. Mark the line again.", status=400)
    assert_nothing_stored(before)


# The sessions CSV import.


def import_refused(world, **values) -> list[str]:
    before = stored_rows()
    with pytest.raises(SessionsImportError) as error:
        sessions_import(text=csv_text(cells(**values)), importer=world.therapist_a, therapist=world.therapist_a)
    assert_nothing_stored(before)
    return error.value.errors


@pytest.mark.parametrize("value", SPECIAL_NUMBERS)
@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("session_number", "session_number must be a whole number from 1 to 9999"),
        ("wai_3", "wai_3 must be a whole number from 1 to 5, or empty"),
    ],
)
def test_an_imported_count_or_answer_that_is_not_one_is_a_bad_row(world, column, message, value):
    errors = import_refused(world, **{column: value})
    assert errors == [f"Line 2: {message}, not {value!r}."]


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_an_imported_srs_item_that_is_not_a_number_is_a_bad_row(world, value):
    errors = import_refused(world, srs_goals=value)
    assert errors == [f"Line 2: srs_goals must be a number from 0.0 to 10.0, not {value!r}."]


@pytest.mark.parametrize("value", ["-0", "-0.0", "-0,0"])
def test_an_imported_srs_item_of_minus_zero_is_zero(world, value):
    sessions_import(text=csv_text(cells(srs_goals=value)), importer=world.therapist_a, therapist=world.therapist_a)
    srs = SrsResponse.objects.get(session__patient__code="P-1")
    assert str(srs.goals) == "0.0"
    assert srs.total == Decimal("27.5")
