"""The audit page: filtered by patient code, names shown, a CSV a spreadsheet cannot run (issue 11, point 6)."""

import csv
import io

import pytest

from accounts.models import User
from audit.csv_safety import cell_safe
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def shown(response):
    return list(response.context["page"])


def test_the_code_filter_finds_the_reads_and_the_lists_that_showed_the_patient(login, world):
    login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/")
    login(world.admin).get("/patients/")  # a list of A-001 and B-001
    login(world.therapist_b).get(f"/patients/{world.patient_b.pk}/")
    login(world.other_therapist).get(f"/patients/{world.other_patient.pk}/")  # also "A-001", in clinic Z
    response = login(world.admin).get("/clinic/audit/", {"patient_code": "a-001"})
    found = {(event.username, event.action) for event in shown(response)}
    assert found == {("therapist_a", "read"), ("admin_a", "list")}


def test_the_code_filter_finds_dashboard_views(login, world):
    login(world.therapist_a).get("/dashboard/")
    response = login(world.admin).get("/clinic/audit/", {"patient_code": "A-001"})
    assert ("therapist_a", "list") in {(event.username, event.action) for event in shown(response)}


def test_an_unknown_code_says_so_and_shows_nothing(login, world):
    login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/")
    response = login(world.admin).get("/clinic/audit/", {"patient_code": "Z-999"})
    assert response.status_code == 200
    assert "No patient of your clinic has this code" in str(response.context["form"].errors)
    assert shown(response) == []


@pytest.mark.parametrize("code", ["A\x00-001", "<script>", "x" * 300, "1e999999", "NaN"])
def test_odd_codes_get_a_message_not_an_error(login, world, code):
    response = login(world.admin).get("/clinic/audit/", {"patient_code": code})
    assert response.status_code == 200
    assert "patient_code" in response.context["form"].errors


def test_the_log_shows_users_and_patients_by_name(login, world):
    User.objects.filter(pk=world.therapist_a.pk).update(first_name="Tomás", last_name="Ruiz")
    login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/")
    html = login(world.admin).get("/clinic/audit/").content.decode()
    assert "Tomás Ruiz" in html
    assert "A-001" in html


def test_the_log_names_the_staff_member_a_change_was_about(login, world):
    login(world.admin).post(
        f"/clinic/staff/{world.therapist_b.pk}/",
        {"username": "therapist_b", "role": "therapist", "is_active": "on", "first_name": "Berta"},
    )
    response = login(world.admin).get("/clinic/audit/", {"action": "update"})
    [row] = response.context["rows"]
    assert row.object_name == "Berta"


def test_the_export_neutralises_cells_a_spreadsheet_would_run(login, world):
    for name in ("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'quoted"):
        AuditEvent.objects.create(clinic_id=world.clinic.pk, username=name, action="sign_in_failed", object_type="user")
    response = login(world.admin).get("/clinic/audit/export.csv", {"action": "sign_in_failed"})
    body = b"".join(response.streaming_content).decode()
    names = {row[1] for row in list(csv.reader(io.StringIO(body)))[1:]}
    assert names == {"'=HYPERLINK(1)", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "''quoted"}


def test_the_export_filters_by_code_too(login, world):
    login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/")
    login(world.therapist_b).get(f"/patients/{world.patient_b.pk}/")
    response = login(world.admin).get("/clinic/audit/export.csv", {"patient_code": "B-001"})
    body = b"".join(response.streaming_content).decode()
    assert "therapist_b" in body and "therapist_a" not in body


@pytest.mark.parametrize("value, safe", [("=1", "'=1"), ("plain", "plain"), ("", ""), ("'x", "''x"), ("a=b", "a=b")])
def test_cell_safe(value, safe):
    assert cell_safe(value) == safe
