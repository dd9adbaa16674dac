"""The session page shows the stored scores: who rated, how and when."""

import datetime

from measures.services import srs_response_submit, wai_response_submit
from sessions.services import session_record
from tests.measures.helpers import d, wai_from_paper
from tests.pages import missing


def english_page(client, session) -> str:
    """The session page as `client` reads it in English."""
    client.cookies["django_language"] = "en"
    return client.get(f"/sessions/{session.pk}/").content.decode()


def test_the_session_page_shows_the_srs_total_items_and_how_it_was_given(world, login):
    srs_response_submit(session=world.session_a, items=d("9.4", "9.4", "9.4", "7.3"), channel="tablet", language="en")
    page = english_page(login(world.therapist_a), world.session_a)
    assert missing(page, "35.5", "7.3", "below 36", "Clinic tablet", "srs-1") == []


def test_the_session_page_shows_both_wai_ratings_with_unscored_subscales(world, login):
    items = [None, None, 4, 4, 4, 4, 4, 4, 4, 3, 4, 3]
    wai_response_submit(session=world.session_a, items=items, respondent="patient", channel="link", language="es")
    wai_from_paper(world.session_a, world.therapist_a)
    page = english_page(login(world.supervisor), world.session_a)
    shown = (
        "WAI-SR rated by the patient",
        "WAI-SR rated by the therapist",
        "not scored",
        "10 of 12 items answered",
        "5.00",
        "Telehealth link",
        "Paper, entered by staff (therapist_a)",
    )
    assert missing(page, *shown) == []


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
