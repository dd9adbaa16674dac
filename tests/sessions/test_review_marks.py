"""Pending work: every write marks its session and the later ones in its own transaction, then
queues one review per patient after the commit; a broker error is logged, never raised."""

import logging
from unittest import mock

import pytest
from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

from measures.models import SrsResponse
from measures.services import MeasureError, paper_measures_record, responses_bulk_create
from review.models import SessionReview
from sessions import review_marks
from sessions.models import TherapySession
from sessions.review_marks import REVIEW_TASK
from sessions.services import session_update
from tests.measures.helpers import srs_row
from tests.review.helpers import even_items, marked_numbers, patient_with_history, srs_submit, wai_submit


@pytest.fixture(autouse=True)
def publish_again():
    review_marks.publish_pause_reset()
    yield
    review_marks.publish_pause_reset()


@pytest.fixture
def world(world):
    """The shared world, as if committed and its reviews queued before the test."""
    review_marks.publish_waiting_forget()
    return world


def sending(**options):
    """The publish by task name, recorded instead of sent."""
    return mock.patch.object(review_marks, "task_send", **options)


@pytest.fixture
def reviewed(world):
    """A patient with eight sessions, none of them marked any more."""
    patient, sessions = patient_with_history(world, "-", "-", "-", "-", "-", "-", "-", "-")
    TherapySession.objects.filter(patient=patient).update(review_requested_at=None)
    return patient, sessions


def test_recording_a_session_marks_it(world):
    patient, _ = patient_with_history(world, "38")
    assert marked_numbers(patient) == [1]


def test_editing_session_3_of_8_marks_sessions_3_to_8(reviewed):
    patient, sessions = reviewed
    session_update(session=sessions[2], checklist_4=False)
    assert marked_numbers(patient) == [3, 4, 5, 6, 7, 8]


def test_an_srs_marks_its_session_and_every_later_one(reviewed):
    patient, sessions = reviewed
    srs_submit(sessions[5], even_items("37"))
    assert marked_numbers(patient) == [6, 7, 8]


def test_a_wai_sr_marks_its_session_and_every_later_one(reviewed):
    patient, sessions = reviewed
    wai_submit(sessions[6], [4] * 12, respondent="therapist")
    assert marked_numbers(patient) == [7, 8]


def test_a_resend_of_the_same_form_marks_nothing(reviewed):
    patient, sessions = reviewed
    key = "6f1f6f55-9b8e-4d59-9c53-4a1e1cb1a2b3"
    srs_submit(sessions[7], even_items("37"), submission_key=key)
    TherapySession.objects.filter(patient=patient).update(review_requested_at=None)
    srs_submit(sessions[7], even_items("37"), submission_key=key)
    assert marked_numbers(patient) == []


def test_paper_entry_marks_and_so_does_removing_a_paper_entry(world, reviewed):
    patient, sessions = reviewed
    entry = {"entered_by": world.therapist_a, "language": "es", "wai_patient": None, "wai_therapist": None}
    paper_measures_record(session=sessions[3], srs=even_items("36"), **entry)
    assert marked_numbers(patient) == [4, 5, 6, 7, 8]
    TherapySession.objects.filter(patient=patient).update(review_requested_at=None)
    paper_measures_record(session=sessions[3], srs=None, **entry)
    assert not SrsResponse.objects.filter(session=sessions[3]).exists()
    assert marked_numbers(patient) == [4, 5, 6, 7, 8]


def test_bulk_responses_mark_from_the_first_session_of_each_patient(world, reviewed):
    patient, sessions = reviewed
    responses_bulk_create([srs_row(sessions[6]), srs_row(sessions[4]), srs_row(world.session_b)])
    assert marked_numbers(patient) == [5, 6, 7, 8]
    assert marked_numbers(world.patient_b) == [1]


def test_a_write_that_rolls_back_leaves_no_mark(reviewed):
    patient, sessions = reviewed
    with pytest.raises(RuntimeError), transaction.atomic():
        session_update(session=sessions[1], marker_silence=True)
        raise RuntimeError("the rest of the request failed")
    assert marked_numbers(patient) == []


def test_a_rejected_submission_leaves_no_mark(world, reviewed):
    patient, sessions = reviewed
    session_update(session=sessions[7], attendance="no_show")
    TherapySession.objects.filter(patient=patient).update(review_requested_at=None)
    with pytest.raises(MeasureError):
        srs_submit(sessions[7], even_items("37"))
    assert marked_numbers(patient) == []


def test_the_review_is_queued_after_commit_once_per_patient(world, django_capture_on_commit_callbacks):
    with sending() as send:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            patient, sessions = patient_with_history(world, "38", "37", "35", code="Q-001")
            session_update(session=sessions[0], marker_silence=True)
        assert send.call_count == 0  # nothing is sent before the commit
        for callback in callbacks:
            callback()
    send.assert_called_once_with(REVIEW_TASK, patient.pk)


def test_a_transaction_touching_two_patients_queues_two_reviews(world, django_capture_on_commit_callbacks):
    with sending() as send, django_capture_on_commit_callbacks(execute=True):
        first, sessions = patient_with_history(world, "38", "37", code="Q-004")
        second, others = patient_with_history(world, "36", code="Q-005")
        session_update(session=sessions[0], marker_silence=True)
        session_update(session=others[0], note="again")
        session_update(session=sessions[1], note="and again")
    assert sorted(send.call_args_list) == sorted([mock.call(REVIEW_TASK, first.pk), mock.call(REVIEW_TASK, second.pk)])


def test_a_queued_review_rolled_back_with_its_savepoint_is_queued_again(world, django_capture_on_commit_callbacks):
    with sending(), django_capture_on_commit_callbacks(execute=True):
        patient, [session] = patient_with_history(world, "38", code="Q-002")  # committed and queued before
    with sending() as send, django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            session_update(session=session, marker_silence=True)
            raise RuntimeError("rolled back")
        session_update(session=session, note="kept")
    assert send.call_args_list == [mock.call(REVIEW_TASK, patient.pk)]


def test_a_broker_that_is_down_is_logged_and_left_to_the_sweep(world, caplog):
    patient, _ = patient_with_history(world, "38", code="Q-003")
    down = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with sending(side_effect=down) as send, caplog.at_level(logging.WARNING, logger="sessions.review_marks"):
        review_marks.review_enqueue(patient.pk)
        review_marks.review_enqueue(patient.pk)  # within the pause: not even tried
    assert send.call_count == 1
    assert "the sweep will do it" in caplog.text
    assert marked_numbers(patient) == [1]


def test_publishing_resumes_after_the_pause(world, settings):
    settings.REVIEW_PUBLISH_PAUSE_SECONDS = 0
    with sending(side_effect=[BrokerError("down"), None]) as send:
        review_marks.review_enqueue(world.patient_a.pk)
        review_marks.review_enqueue(world.patient_a.pk)
    assert send.call_count == 2


def test_a_paper_entry_succeeds_while_the_broker_is_down(world, login, django_capture_on_commit_callbacks):
    client = login(world.therapist_a)
    data = {"language": "es", "srs_relationship": "9", "srs_goals": "9", "srs_approach": "8", "srs_overall": "8"}
    with sending(side_effect=BrokerError("down")), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sessions/{world.session_a.pk}/measures/paper/", data)
    assert response.status_code == 302
    assert SrsResponse.objects.get(session=world.session_a).total == 34
    assert marked_numbers(world.patient_a) == [1]


def test_in_eager_mode_the_task_named_runs_in_this_process(world):
    patient, _ = patient_with_history(world, "30", code="Q-006")
    app = current_app
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        review_marks.task_send(REVIEW_TASK, patient.pk)
    finally:
        app.conf.task_always_eager = eager
    assert marked_numbers(patient) == []
    assert SessionReview.objects.filter(session__patient=patient).count() == 1
