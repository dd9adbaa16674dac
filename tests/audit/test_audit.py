import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent, PatientWrite, TherapySessionWrite

pytestmark = pytest.mark.django_db


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def test_reading_a_patient_records_who_what_when_and_from_where(login, world):
    login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/", REMOTE_ADDR="10.1.2.3")
    [event] = events(action="read", object_type="patient")
    assert (event.username, event.user_id, event.clinic_id) == ("therapist_a", world.therapist_a.pk, world.clinic.pk)
    assert (event.object_id, event.patient_id, event.ip) == (str(world.patient_a.pk), world.patient_a.pk, "10.1.2.3")
    assert event.path == f"/patients/{world.patient_a.pk}/"


def test_a_refused_attempt_is_recorded_as_denied(login, world):
    assert login(world.therapist_b).get(f"/sessions/{world.session_a.pk}/").status_code == 404
    [event] = events(action="denied")
    assert (event.username, event.object_type, event.object_id) == ("therapist_b", "session", str(world.session_a.pk))
    assert events(action="read") == []


def test_a_list_records_the_ids_it_showed(login, world):
    login(world.admin).get("/patients/")
    [event] = events(action="list")
    assert sorted(event.detail["patients"]) == sorted([world.patient_a.pk, world.patient_b.pk])


def test_a_page_writes_all_its_audit_events_in_one_insert(login, world):
    from django.test.utils import CaptureQueriesContext

    client = login(world.admin)
    with CaptureQueriesContext(connection) as queries:
        client.get("/patients/")
        client.get(f"/patients/{world.patient_a.pk}/")
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "audit_auditevent"')]
    assert len(inserts) == 2  # one per page, whatever the number of events
    assert AuditEvent.objects.count() >= 2


@pytest.mark.postgres("the trigger that keeps the log append-only")
def test_the_database_refuses_to_change_or_delete_an_audit_event(login, world):
    login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/")
    event = AuditEvent.objects.get(action="read")
    for sql in (
        "UPDATE audit_auditevent SET username = 'someone else' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).username == "therapist_a"


@pytest.mark.postgres("the write triggers of the audit log")
def test_writes_are_captured_by_the_database_with_the_user_page_and_address(login, world):
    client = login(world.therapist_a)
    response = client.post(
        f"/patients/{world.patient_a.pk}/sessions/new/",
        {"date": "2026-11-10", "attendance": "attended", "modality": "in_person"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302
    write = TherapySessionWrite.objects.filter(pgh_label="insert").latest("pgh_id")
    assert write.patient_id == world.patient_a.pk
    assert write.pgh_context.metadata == {
        "user": world.therapist_a.pk,
        "url": f"/patients/{world.patient_a.pk}/sessions/new/",
        "ip": "10.9.8.7",
    }


@pytest.mark.postgres("the write triggers of the audit log")
def test_write_events_keep_no_patient_data_and_cannot_be_deleted(world):
    from patients.services import patient_update

    patient_update(patient=world.patient_a, alias="Changed alias")
    write = PatientWrite.objects.filter(pgh_obj_id=world.patient_a.pk, pgh_label="update").get()
    assert not hasattr(write, "alias") and not hasattr(write, "code")
    with pytest.raises(DatabaseError), transaction.atomic():
        PatientWrite.objects.filter(pk=write.pk).delete()


def test_a_clinic_admin_browses_and_filters_their_clinics_log(login, world):
    login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/")
    login(world.other_therapist).get(f"/patients/{world.other_patient.pk}/")
    client = login(world.admin)
    page = client.get("/clinic/audit/", {"username": "therapist_a"})
    usernames = {event.username for event in page.context["page"]}
    assert usernames == {"therapist_a"}
    everything = client.get("/clinic/audit/")
    assert "therapist_z" not in {event.username for event in everything.context["page"]}


def test_the_log_exports_as_csv_and_the_export_is_itself_logged(login, world):
    login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/")
    response = login(world.admin).get("/clinic/audit/export.csv", {"action": "read"})
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0] == "at,username,action,object_type,object_id,patient_id,ip,path"
    assert ",therapist_a,read,patient," in body
    assert events(action="export", object_type="audit_log")


@pytest.mark.parametrize("path", ["/clinic/audit/", "/clinic/audit/export.csv"])
def test_only_a_clinic_admin_reads_the_log(login, world, path):
    for user in (world.therapist_a, world.supervisor):
        assert login(user).get(path).status_code == 404


def test_bad_filters_get_a_message_not_an_error(login, world):
    response = login(world.admin).get("/clinic/audit/", {"patient_code": "x" * 300, "since": "2026-13-01"})
    assert response.status_code == 200
    assert {"patient_code", "since"} <= set(response.context["form"].errors)
