"""Two requests with the same submission key at the same moment still store one response."""

import threading
import uuid

import pytest
from django.db import connection

from measures.models import SrsResponse
from measures.services import srs_response_submit

from .helpers import d


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sends_with_the_same_key_store_one_response(world):
    key = uuid.uuid4()
    start = threading.Barrier(2)
    results, errors = [], []

    def send():
        try:
            start.wait()
            response = srs_response_submit(
                session=world.session_a,
                items=d("8.0", "8.0", "8.0", "8.0"),
                channel="tablet",
                language="es",
                submission_key=key,
            )
            results.append(response.pk)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == []
    assert len(results) == 2
    assert len(set(results)) == 1
    assert SrsResponse.objects.count() == 1
