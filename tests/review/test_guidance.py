"""The session page shows the first-session guide on sessions 1-3 and telehealth advice on video and phone."""

import pytest

from .helpers import patient_with_history

GUIDE = "The first sessions: a flexible 60-minute sequence"
TELEHEALTH = "make attunement explicit in words"


def session_page(client, session) -> str:
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_first_three_sessions_show_the_guide_and_the_fourth_does_not(world, login):
    _, sessions = patient_with_history(world, "38", "x", "-", "38")
    client = login(world.therapist_a)
    assert [GUIDE in session_page(client, s) for s in sessions] == [True, True, True, False]
    assert "0–10 Safe welcome" in session_page(client, sessions[0])


@pytest.mark.parametrize(("modality", "shown"), [("video", True), ("phone", True), ("in_person", False)])
def test_telehealth_advice_shows_on_video_and_phone_sessions(world, login, modality, shown):
    from sessions.services import session_update

    session_update(session=world.session_a, modality=modality)
    assert (TELEHEALTH in session_page(login(world.therapist_a), world.session_a)) is shown


def test_a_stranger_still_gets_404_on_the_session_page(world, login):
    assert login(world.therapist_b).get(world.session_a.get_absolute_url()).status_code == 404
