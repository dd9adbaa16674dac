"""The log page's write history: PostgreSQL's triggers record it; the embedded SQLite cannot."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_log_page_shows_the_write_history_or_says_it_needs_postgresql(login, world):
    """Either way the page answers, with the read log (the SQLite run once answered 500 here)."""
    client = login(world.therapist_a)
    client.get(f"/patients/{world.patient_a.pk}/")
    new_session = {"date": "2026-11-10", "attendance": "attended", "modality": "in_person"}
    assert client.post(f"/patients/{world.patient_a.pk}/sessions/new/", new_session).status_code == 302
    response = login(world.admin).get("/clinic/audit/")
    assert response.status_code == 200
    assert "therapist_a" in {event.username for event in response.context["page"]}
    page = response.content.decode()
    needs_postgresql = "The history of changes needs PostgreSQL"
    if connection.vendor == "postgresql":
        assert needs_postgresql not in page
        assert response.context["writes"], "the update was not in the write history"
    else:
        assert needs_postgresql in page
        assert response.context["writes"] is None
