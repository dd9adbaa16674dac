import re

import pytest

from sessions.models import TherapySession

DURATION_MESSAGE = "Enter a duration in whole minutes, from 1 to 480."
GOOD = {
    "date": "2026-11-10",
    "time": "10:30",
    "attendance": "attended",
    "modality": "video",
    "duration_minutes": "50",
    "note": "Worked on the sleep diary.",
    "withdrawal_markers": ["silence", "topic_shift"],
    "confrontation_markers": ["sarcasm"],
    "checklist_1": "yes",
    "checklist_4": "no",
}


def test_a_therapist_logs_a_session_with_markers_and_checklist(login, world):
    response = login(world.therapist_a).post(f"/patients/{world.patient_a.pk}/sessions/new/", GOOD)
    session = TherapySession.objects.get(patient=world.patient_a, number=2)
    assert response["Location"] == f"/sessions/{session.pk}/"
    assert session.markers == ["silence", "topic_shift", "sarcasm"]
    assert session.checklist == (True, None, None, False, None)
    assert (session.modality, session.duration_minutes, session.therapist) == ("video", 50, world.therapist_a)


def test_the_session_page_shows_markers_and_checklist(login, world):
    client = login(world.therapist_a)
    client.post(f"/sessions/{world.session_a.pk}/edit/", GOOD)
    page = client.get(f"/sessions/{world.session_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Irony or sarcasm" in page
    assert "Safety and clear limits were set today: <strong" in page


def test_editing_a_session_keeps_its_number(login, world):
    login(world.therapist_a).post(f"/sessions/{world.session_a.pk}/edit/", GOOD | {"attendance": "attended"})
    world.session_a.refresh_from_db()
    assert (world.session_a.number, world.session_a.modality) == (1, "video")


@pytest.mark.parametrize(
    "path", ["/sessions/{session}/", "/sessions/{session}/edit/", "/patients/{patient}/sessions/new/"]
)
def test_a_stranger_gets_404(login, world, path):
    url = path.format(session=world.session_a.pk, patient=world.patient_a.pk)
    for stranger in (world.therapist_b, world.idle_supervisor, world.other_admin, world.other_therapist):
        assert login(stranger).get(url).status_code == 404
        assert login(stranger).post(url, GOOD).status_code == 404
    assert login(world.supervisor).get(url).status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": ""}, "date", "This field is required"),
        ({"date": "2026-02-30"}, "date", "valid date"),
        ({"date": "1970-01-01"}, "date", "between 1990"),
        ({"attendance": "late"}, "attendance", "valid choice"),
        ({"duration_minutes": "0"}, "duration_minutes", "from 1 to 480"),
        ({"duration_minutes": "abc"}, "duration_minutes", "whole minutes"),
        ({"withdrawal_markers": ["yawning"]}, "withdrawal_markers", "valid choice"),
        ({"checklist_2": "maybe"}, "checklist_2", "valid choice"),
        ({"attendance": "no_show"}, "__all__", "only be recorded for a session that took place"),
        ({"note": "x" * 2001}, "note", "has 2001 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(login, world, data, field, message):
    before = TherapySession.objects.count()
    response = login(world.therapist_a).post(
        f"/patients/{world.patient_a.pk}/sessions/new/", GOOD | data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert TherapySession.objects.count() == before


def test_a_supervisor_logging_a_session_credits_the_primary_therapist(login, world):
    login(world.supervisor).post(f"/patients/{world.patient_a.pk}/sessions/new/", GOOD)
    assert TherapySession.objects.get(patient=world.patient_a, number=2).therapist == world.therapist_a


def test_a_note_over_the_limit_is_refused_with_its_length_not_cut(login, world):
    client = login(world.therapist_a)
    form = client.get(f"/patients/{world.patient_a.pk}/sessions/new/").content.decode()
    assert 'maxlength="2000"' not in form  # the browser would cut a pasted note without a word
    response = client.post(f"/patients/{world.patient_a.pk}/sessions/new/", GOOD | {"note": "x" * 2001})
    assert response.context["form"].errors["note"] == ["The note has 2001 characters; shorten it to 2000 at most."]
    assert TherapySession.objects.count() == 2


def test_a_note_of_exactly_the_limit_is_kept_whole(login, world):
    login(world.therapist_a).post(f"/patients/{world.patient_a.pk}/sessions/new/", GOOD | {"note": "x" * 2000})
    assert TherapySession.objects.get(patient=world.patient_a, number=2).note == "x" * 2000


@pytest.mark.parametrize("minutes", ["0", "-5", "481", "99999", "1.5", "abc"])
def test_every_duration_out_of_range_gets_the_same_message(login, world, minutes):
    response = login(world.therapist_a).post(
        f"/patients/{world.patient_a.pk}/sessions/new/", GOOD | {"duration_minutes": minutes}
    )
    assert response.context["form"].errors["duration_minutes"] == [DURATION_MESSAGE]


def test_the_duration_input_starts_at_one_minute(login, world):
    form = login(world.therapist_a).get(f"/patients/{world.patient_a.pk}/sessions/new/").content.decode()
    (field,) = re.findall(r"<input[^>]*name=\"duration_minutes\"[^>]*>", form)
    assert 'min="1"' in field and 'max="480"' in field
