"""A patient's Send and the therapist's new link for the same session at the same moment: no deadlock."""

import threading
import time

import pytest
from django.db import connection, transaction

from measures.models import SrsResponse
from measures.patient_forms import services
from sessions.models import TherapySession
from sessions.numbering import patient_lock

from ..helpers import d
from .helpers import link_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_send_waiting_for_the_session_does_not_deadlock_a_new_link(world):
    _token, link = link_for(world.session_a)
    outcome = []

    def send():
        try:
            services.patient_form_submit(
                access=link, submission_key=link.submission_key, srs=d("8", "8", "8", "8"), wai=[3] * 12
            )
            outcome.append("stored")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcome.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        # The therapist's request holds the patient and the session first (the order every writer
        # keeps); the patient's Send arrives meanwhile.
        patient_lock(world.session_a.patient_id)
        TherapySession.objects.select_for_update().get(pk=world.session_a.pk)
        patient = threading.Thread(target=send)
        patient.start()
        time.sleep(0.5)
        services.telehealth_link_issue(session=world.session_a, issued_by=world.therapist_a)
    patient.join(timeout=10)
    assert len(outcome) == 1 and isinstance(outcome[0], services.FormClosed), outcome
    link.refresh_from_db()
    assert link.retired_at is not None and link.submitted_at is None
    assert not SrsResponse.objects.exists()
