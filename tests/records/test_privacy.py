import json
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from measures.models import SrsResponse
from measures.services import srs_response_submit
from patients.models import Patient
from review.models import Flag
from review.services.recompute import patients_review
from sessions.models import TherapySession


@pytest.fixture
def measured(world):
    srs_response_submit(session=world.session_a, items=[Decimal("7.0")] * 4, channel="tablet", language="es")
    patients_review(patient_ids=[world.patient_a.pk], only_marked=False)
    return world.patient_a


@pytest.mark.parametrize("path", ["/patients/{pk}/privacy/", "/patients/{pk}/everything.json"])
def test_only_a_clinic_admin_of_the_patients_clinic_may_export_or_erase(login, world, path):
    url = path.format(pk=world.patient_a.pk)
    for user in (world.therapist_a, world.supervisor, world.other_admin):
        assert login(user).get(url).status_code == 404
        assert login(user).post(url, {"code": "A-001"}).status_code == 404
    assert Patient.objects.filter(pk=world.patient_a.pk).exists()
    assert login(world.admin).get(url).status_code == 200


def test_the_json_export_holds_everything_about_the_patient_and_is_logged(login, world, measured):
    response = login(world.admin).get(f"/patients/{measured.pk}/everything.json")
    data = json.loads(b"".join([response.content]))
    assert response["Content-Disposition"] == f'attachment; filename="patient-{measured.pk}.json"'
    assert data["patient"]["code"] == "A-001"
    assert [s["number"] for s in data["sessions"]] == [1]
    assert data["srs_responses"][0]["total"] == "28.0"
    assert {f["code"] for f in data["flags"]} >= {"srs_below_cutoff"}
    assert {f["code"] for f in data["flag_firings"]} == {f["code"] for f in data["flags"]}  # each flag's sessions
    assert "submission_key" not in data["srs_responses"][0]
    assert AuditEvent.objects.filter(action="export", object_type="patient_everything", patient_id=measured.pk).exists()


def test_erasing_needs_the_patients_code_typed_in(login, world, measured):
    response = login(world.admin).post(f"/patients/{measured.pk}/privacy/", {"code": "B-001"})
    assert response.status_code == 200
    assert "not the patient's code" in " ".join(response.context["form"].errors["code"])
    assert Patient.objects.filter(pk=measured.pk).exists()


def test_erasing_deletes_the_patient_and_everything_about_them_and_logs_only_that_it_happened(login, world, measured):
    patient_id = measured.pk
    response = login(world.admin).post(f"/patients/{patient_id}/privacy/", {"code": "a-001"})
    assert response.status_code == 302
    assert not Patient.objects.filter(pk=patient_id).exists()
    assert not TherapySession.objects.filter(patient_id=patient_id).exists()
    assert not SrsResponse.objects.filter(session__patient_id=patient_id).exists()
    assert not Flag.objects.filter(session__patient_id=patient_id).exists()
    erasure = AuditEvent.objects.get(action="erase")
    assert (erasure.username, erasure.patient_id, erasure.detail["sessions"]) == ("admin_a", patient_id, 1)
    assert "A-001" not in json.dumps(erasure.detail)
    assert Patient.objects.filter(pk=world.patient_b.pk).exists()


def test_erasing_takes_the_patient_out_of_the_weekly_figures(login, world, measured):
    from review.models import TherapistWeek

    assert TherapistWeek.objects.filter(therapist=world.therapist_a, srs_count__gt=0).exists()
    login(world.admin).post(f"/patients/{measured.pk}/privacy/", {"code": "A-001"})
    assert not TherapistWeek.objects.filter(therapist=world.therapist_a, srs_count__gt=0).exists()
