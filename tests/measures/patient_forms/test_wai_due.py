"""The patient WAI-SR follows the SRS when none was given in the patient's last N attended sessions."""

import datetime

import pytest

from measures.patient_forms.selectors import wai_due
from measures.services import wai_response_submit
from sessions.services import session_record

from ..helpers import wai_from_paper


def sessions(world, count, attendance="attended"):
    return [
        session_record(
            patient=world.patient_a,
            therapist=world.therapist_a,
            date=datetime.date(2026, 11, 10) + datetime.timedelta(days=7 * n),
            attendance=attendance,
        )
        for n in range(count)
    ]


def wai(session, channel="tablet"):
    wai_response_submit(session=session, items=[4] * 12, respondent="patient", channel=channel, language="es")


def test_it_is_due_at_the_first_session(world):
    assert wai_due(world.session_a)


def test_with_every_three_it_comes_at_the_first_fourth_and_seventh_sessions(world):
    first = world.session_a
    wai(first)
    second, third, fourth = sessions(world, 3)
    assert [wai_due(s) for s in (second, third, fourth)] == [False, False, True]


def test_missed_sessions_do_not_count(world):
    wai(world.session_a)
    sessions(world, 2, attendance="no_show")
    second, third, fourth = sessions(world, 3)
    assert [wai_due(s) for s in (second, third, fourth)] == [False, False, True]


def test_the_therapists_own_rating_does_not_count(world):
    wai_from_paper(world.session_a, world.therapist_a, items=(4,) * 12)
    assert wai_due(world.session_a)


@pytest.mark.parametrize(("every", "due_at_second"), [(1, True), (2, False), (0, False)])
def test_the_setting_chooses_how_often(world, settings, every, due_at_second):
    settings.WAI_SR_EVERY_SESSIONS = every
    wai(world.session_a)
    (second,) = sessions(world, 1)
    assert wai_due(second) is due_at_second
