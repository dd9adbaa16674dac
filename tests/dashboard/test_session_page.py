"""The session page shows the stored scores: who rated, how and when."""

import datetime

from measures.services import srs_response_submit, wai_response_submit
from sessions.services import session_record
from tests.measures.helpers import d, wai_from_paper


def test_the_session_page_shows_the_srs_total_items_and_how_it_was_given(world, login):
    srs_response_submit(session=world.session_a, items=d("9.4", "9.4", "9.4", "7.3"), channel="tablet", language="en")
    client = login(world.therapist_a)
    client.cookies["django_language"] = "en"
    page = client.get(f"/sessions/{world.session_a.pk}/").content.decode()
    assert "35.5" in page
    assert "7.3" in page
    assert "below 36" in page
    assert "Clinic tablet" in page
    assert "srs-1" in page


def test_the_session_page_shows_both_wai_ratings_with_unscored_subscales(world, login):
    items = [None, None, 4, 4, 4, 4, 4, 4, 4, 3, 4, 3]
    wai_response_submit(session=world.session_a, items=items, respondent="patient", channel="link", language="es")
    wai_from_paper(world.session_a, world.therapist_a)
    client = login(world.supervisor)
    client.cookies["django_language"] = "en"
    page = client.get(f"/sessions/{world.session_a.pk}/").content.decode()
    assert "WAI-SR rated by the patient" in page
    assert "WAI-SR rated by the therapist" in page
    assert "not scored" in page
    assert "10 of 12 items answered" in page
    assert "5.00" in page
    assert "Telehealth link" in page
    assert "Paper, entered by staff (therapist_a)" in page


def test_the_session_page_offers_paper_entry_only_for_a_session_that_took_place(world, login):
    cancelled = session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=datetime.date(2026, 11, 9), attendance="no_show"
    )
    client = login(world.therapist_a)
    assert (
        f"/sessions/{world.session_a.pk}/measures/paper/"
        in client.get(f"/sessions/{world.session_a.pk}/").content.decode()
    )
    assert "/measures/paper/" not in client.get(f"/sessions/{cancelled.pk}/").content.decode()


def test_the_session_page_reads_the_measures_in_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    srs_response_submit(session=world.session_a, items=d("9", "9", "9", "9"), channel="tablet", language="es")
    client = login(world.therapist_a)
    client.get(f"/sessions/{world.session_a.pk}/")
    with django_assert_max_num_queries(12):
        assert client.get(f"/sessions/{world.session_a.pk}/").status_code == 200
