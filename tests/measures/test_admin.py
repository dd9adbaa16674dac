"""The Django admin lists every model of measures; responses there are read-only."""

import pytest

from accounts.models import User
from measures.services import srs_response_submit, wai_response_submit

from .helpers import d


@pytest.fixture
def superuser(world):
    return User.objects.create_superuser("root", "root@example.org", "x-very-long-password-1")


@pytest.mark.parametrize("model", ["srsresponse", "wairesponse", "instrumentwording"])
def test_a_superuser_sees_each_measures_model_in_the_admin(world, login, superuser, model):
    srs_response_submit(session=world.session_a, items=d("9", "9", "9", "9"), channel="tablet", language="es")
    wai_response_submit(session=world.session_a, items=[4] * 12, respondent="patient", channel="link", language="es")
    assert login(superuser).get(f"/admin/measures/{model}/").status_code == 200


def test_responses_cannot_be_added_or_changed_in_the_admin(world, login, superuser):
    response = srs_response_submit(
        session=world.session_a, items=d("9", "9", "9", "9"), channel="tablet", language="es"
    )
    client = login(superuser)
    assert client.get("/admin/measures/srsresponse/add/").status_code == 403
    page = client.get(f"/admin/measures/srsresponse/{response.pk}/change/").content.decode()
    assert 'name="relationship"' not in page
