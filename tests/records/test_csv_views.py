"""The sessions CSV pages: the upload for therapists and clinic admins, the patient and caseload downloads."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from measures.models import SrsResponse, WaiResponse
from measures.services import srs_response_submit
from patients.models import Patient
from sessions.models import TherapySession
from sessions.services import session_record
from tests.dashboard.helpers import history

from .csv_helpers import cells, csv_text, session_rows

IMPORT_URL = "/patients/import/"
CASELOAD_URL = "/patients/export.csv"


def patient_url(patient):
    return f"/patients/{patient.pk}/export.csv"


def upload(client, text, encoding="utf-8", **data):
    file = SimpleUploadedFile("sessions.csv", text.encode(encoding), content_type="text/csv")
    return client.post(IMPORT_URL, {"file": file, **data})


def counts():
    return [model.objects.count() for model in (Patient, TherapySession, SrsResponse, WaiResponse)]


def exported(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline="")))


# The upload.


def test_a_therapist_imports_a_file_for_themselves(world, login):
    client = login(world.therapist_a)
    page = client.get(IMPORT_URL).content.decode()
    assert 'name="file"' in page
    assert 'name="therapist"' not in page
    response = upload(client, csv_text(*session_rows("N-1", count=2)))
    assert response.status_code == 302
    assert response.url == "/patients/"
    assert Patient.objects.get(code="N-1").primary_therapist == world.therapist_a
    assert TherapySession.objects.filter(patient__code="N-1").count() == 2
    listing = client.get(response.url).content.decode()
    assert "File imported: 2 new sessions, 0 updated, 0 unchanged; 1 new patients." in listing


def test_a_clinic_admin_picks_the_therapist_of_new_patients_among_the_clinics(world, login):
    client = login(world.admin)
    page = client.get(IMPORT_URL).content.decode()
    assert f'<option value="{world.therapist_b.pk}">' in page
    assert f'<option value="{world.other_therapist.pk}">' not in page
    assert f'<option value="{world.supervisor.pk}">' not in page
    response = upload(client, csv_text(cells(patient_code="N-2")), therapist=world.therapist_b.pk)
    assert response.status_code == 302
    assert Patient.objects.get(code="N-2").primary_therapist == world.therapist_b


def test_a_clinic_admin_cannot_pick_a_therapist_of_another_clinic(world, login):
    before = counts()
    response = upload(login(world.admin), csv_text(cells(patient_code="N-2")), therapist=world.other_therapist.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert counts() == before


def test_a_bad_row_is_named_and_nothing_is_imported(world, login):
    rows = session_rows("N-1", count=3)
    rows[1]["srs_goals"] = "11"
    before = counts()
    response = upload(login(world.therapist_a), csv_text(*rows))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported." in page
    assert "Line 3: srs_goals must be a number from 0.0 to 10.0, not &#x27;11&#x27;." in page
    assert counts() == before


def test_a_long_report_shows_the_first_problems_and_counts_the_rest(world, login):
    rows = [cells(patient_code="N-1", session_number=n, srs_goals="11") for n in range(1, 206)]
    page = upload(login(world.therapist_a), csv_text(*rows)).content.decode()
    assert "Line 201: srs_goals" in page
    assert "Line 202: srs_goals" not in page
    assert "…and 5 more problems." in page


@pytest.mark.parametrize(
    "text, encoding, message",
    [
        ("patient_code,session_number\r\nP-1,1\r\n", "utf-8", "Line 1: the header lacks the columns session_date"),
        ("código\r\n", "utf-16", "The file is not UTF-8 text"),
        ("\x89PNG\r\n\x1a\n\x00\x00", "latin-1", "The file is not UTF-8 text"),
        ("", "utf-8", "The submitted file is empty."),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(world, login, text, encoding, message):
    before = counts()
    response = upload(login(world.therapist_a), text, encoding)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before


def test_a_file_over_the_size_limit_is_refused(world, login, settings):
    settings.SESSIONS_IMPORT_MAX_BYTES = 1024
    response = upload(login(world.therapist_a), csv_text(*session_rows("N-1", count=20)))
    assert response.status_code == 200
    assert "The file is larger than 1.0" in response.content.decode()
    assert not Patient.objects.filter(code="N-1").exists()


def test_a_file_over_the_row_limit_is_refused(world, login, settings):
    settings.SESSIONS_IMPORT_MAX_ROWS = 5
    response = upload(login(world.therapist_a), csv_text(*session_rows("N-1", count=6)))
    assert "The file has more than 5 session rows: split it into smaller files." in response.content.decode()
    assert not Patient.objects.filter(code="N-1").exists()


def test_a_patient_of_another_therapist_is_a_bad_row_that_reveals_nothing_more(world, login):
    srs_response_submit(session=world.session_b, items=[Decimal(4)] * 4, channel="tablet", language="es")
    response = upload(login(world.therapist_a), csv_text(cells(patient_code="B-001", session_number=2)))
    page = response.content.decode()
    assert "Line 2: another patient of the clinic, not one you may import for, already has the code B-001." in page
    assert "16.0" not in page
    assert "therapist_b" not in page
    assert TherapySession.objects.filter(patient=world.patient_b).count() == 1


@pytest.mark.parametrize("user", ["supervisor", "idle_supervisor"])
def test_the_upload_page_is_404_for_supervisors(world, login, user):
    client = login(getattr(world, user))
    before = counts()
    assert client.get(IMPORT_URL).status_code == 404
    assert upload(client, csv_text(cells(patient_code="N-1"))).status_code == 404
    assert counts() == before


def test_the_upload_page_needs_a_login(world, client):
    assert client.get(IMPORT_URL).status_code == 302


def test_the_patient_list_offers_the_import_to_those_who_may_import(world, login):
    assert IMPORT_URL in login(world.therapist_a).get("/patients/").content.decode()
    assert IMPORT_URL in login(world.admin).get("/patients/").content.decode()
    page = login(world.supervisor).get("/patients/").content.decode()
    assert IMPORT_URL not in page
    assert CASELOAD_URL in page


# The downloads.


def test_the_patient_page_offers_and_serves_that_patients_csv(world, login):
    client = login(world.therapist_a)
    assert patient_url(world.patient_a) in client.get(f"/patients/{world.patient_a.pk}/").content.decode()
    response = client.get(patient_url(world.patient_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sessions-a-001-')
    assert "no-store" in response["Cache-Control"]
    assert [(r["patient_code"], r["session_number"]) for r in exported(response)] == [("A-001", "1")]


@pytest.mark.parametrize("user", ["therapist_b", "idle_supervisor", "other_therapist", "other_admin"])
def test_a_stranger_gets_404_for_another_patients_csv(world, login, user):
    assert login(getattr(world, user)).get(patient_url(world.patient_a)).status_code == 404


@pytest.mark.parametrize(
    "user, codes",
    [
        ("therapist_a", ["A-001"]),
        ("therapist_b", ["B-001"]),
        ("supervisor", ["A-001"]),
        ("idle_supervisor", []),
        ("admin", ["A-001", "B-001"]),
        ("other_therapist", []),
    ],
)
def test_the_caseload_csv_holds_only_the_patients_the_user_may_see(world, login, user, codes):
    session_record(
        patient=world.other_patient,
        therapist=world.other_therapist,
        date=datetime.date(2026, 11, 4),
        attendance="attended",
    )
    response = login(getattr(world, user)).get(CASELOAD_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="sessions-')
    rows = exported(response)
    assert [r["patient_code"] for r in rows] == (["A-001"] if user == "other_therapist" else codes)
    if user == "other_therapist":
        assert rows[0]["session_date"] == "2026-11-04"


def test_the_downloads_need_a_login(world, client):
    assert client.get(CASELOAD_URL).status_code == 302
    assert client.get(patient_url(world.patient_a)).status_code == 302


@pytest.mark.parametrize("patients", [2, 15])
def test_the_caseload_download_costs_a_fixed_number_of_queries(world, login, django_assert_num_queries, patients):
    for n in range(patients):
        history(world.therapist_a, f"C-{n:02d}", "36", "36", last=datetime.date(2026, 10, 12))
    client = login(world.therapist_a)
    # The login session and its user; whether the user has a two-factor device; the patient ids and their
    # audit event; the sessions, the SRS, the WAI-SR and the reviews; saving the login session's activity
    # time (a savepoint, the update, its release).
    with django_assert_num_queries(12):
        response = client.get(CASELOAD_URL)
    assert len(exported(response)) == 1 + 2 * patients
