"""Two requests with the same submission key at the same moment still store one response."""

import uuid

import pytest

from measures.models import SrsResponse
from measures.services import srs_response_submit
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
