"""Simultaneous answers: two sends of one form store one response; answers to several sessions never deadlock."""

import datetime
import uuid

import pytest

from measures.models import SrsResponse
from measures.patient_forms.services import patient_form_submit, telehealth_link_issue
from measures.services import srs_response_submit
from sessions.services import session_record
from tests.threads import at_once

from .helpers import d


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sends_with_the_same_key_store_one_response(world):
    key = uuid.uuid4()
    results = []

    def send():
        response = srs_response_submit(
            session=world.session_a,
            items=d("8.0", "8.0", "8.0", "8.0"),
            channel="tablet",
            language="es",
            submission_key=key,
        )
        results.append(response.pk)

    assert at_once(send) == []
    assert len(results) == 2
    assert len(set(results)) == 1
    assert SrsResponse.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_eight_answers_to_sessions_of_one_patient_at_once_all_store(world):
    """Each submit locks the patient first: answers to different sessions of one patient wait, never deadlock."""
    accesses = []
    for day in range(8):
        session = session_record(
            patient=world.patient_a,
            therapist=world.therapist_a,
            date=datetime.date(2026, 11, 3) + datetime.timedelta(days=day),
            attendance="attended",
        )
        accesses.append(telehealth_link_issue(session=session, issued_by=world.therapist_a).access)
    waiting = list(accesses)

    def answer():
        access = waiting.pop()  # list.pop is atomic: each thread answers its own session
        patient_form_submit(
            access=access, submission_key=access.submission_key, srs=d("8.0", "7.0", "6.0", "9.0"), wai=[4] * 12
        )

    assert at_once(answer, times=len(accesses)) == []
    assert SrsResponse.objects.filter(session__patient=world.patient_a).count() == len(accesses)
