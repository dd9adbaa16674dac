"""srs_response_submit and wai_response_submit: scores, the submission key, replacing."""

import datetime
import uuid
from decimal import Decimal

import pytest

from measures.models import SrsResponse, WaiResponse
from measures.services import MeasureError, srs_response_submit, wai_response_submit
from sessions.services import session_record

from .helpers import d


def submit_srs(session, items=("9.4", "9.4", "9.4", "9.3"), **kwargs):
    kwargs = {"channel": "tablet", "language": "es", **kwargs}
    return srs_response_submit(session=session, items=d(*items), **kwargs)


def submit_wai(session, items=(4,) * 12, respondent="patient", **kwargs):
    kwargs = {"channel": "tablet", "language": "en", **kwargs}
    return wai_response_submit(session=session, items=list(items), respondent=respondent, **kwargs)


def test_an_srs_is_stored_with_its_total_version_and_language(world):
    response = submit_srs(world.session_a)
    response.refresh_from_db()
    assert response.total == Decimal("37.5")
    assert response.items == tuple(d("9.4", "9.4", "9.4", "9.3"))
    assert (response.instrument, response.version, response.respondent) == ("srs", "srs-1", "patient")
    assert (response.channel, response.language, response.submitted_by) == ("tablet", "es", None)
    assert response.submitted_at is not None


def test_a_wai_is_stored_with_its_subscale_and_total_means(world):
    items = [5, 4, 3, 2, 3, 2, 3, 2, 3, 4, 2, 5]
    response = submit_wai(world.session_a, items=items)
    response.refresh_from_db()
    assert (response.task, response.bond, response.goal) == (Decimal("4.50"), Decimal("3.00"), Decimal("2.00"))
    assert response.total == Decimal("3.17")
    assert (response.instrument, response.version) == ("wai-sr", "wai-sr-1")


def test_the_therapist_rated_wai_is_its_own_instrument(world):
    submit_wai(world.session_a, items=[3] * 12)
    response = submit_wai(world.session_a, respondent="therapist", channel="paper", submitted_by=world.therapist_a)
    assert (response.instrument, response.version, response.respondent) == (
        "wai-sr-therapist",
        "wai-sr-therapist-1",
        "therapist",
    )
    assert WaiResponse.objects.filter(session=world.session_a).count() == 2


def test_a_wai_with_unanswered_items_is_scored_by_the_missing_item_rule(world):
    items = [None, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, None]
    response = submit_wai(world.session_a, items=items)
    assert response.task is None
    assert response.total is None
    assert (response.bond, response.goal) == (Decimal("4.00"), Decimal("4.00"))
    assert response.answered_count == 10


def test_the_same_submission_key_twice_stores_one_response(world):
    key = uuid.uuid4()
    first = submit_srs(world.session_a, submission_key=key)
    again = submit_srs(world.session_a, submission_key=key)
    assert again.pk == first.pk
    assert SrsResponse.objects.filter(session=world.session_a).count() == 1


def test_a_resend_with_the_same_key_returns_the_first_answer_even_if_the_values_differ(world):
    key = uuid.uuid4()
    first = submit_wai(world.session_a, items=[4] * 12, submission_key=key)
    again = submit_wai(world.session_a, items=[1] * 12, submission_key=key)
    assert again.pk == first.pk
    assert again.total == Decimal("4.00")
    assert WaiResponse.objects.count() == 1


def test_a_key_already_used_for_another_session_is_refused(world):
    key = uuid.uuid4()
    submit_srs(world.session_a, submission_key=key)
    with pytest.raises(MeasureError, match="already used"):
        submit_srs(world.session_b, submission_key=key)
    assert SrsResponse.objects.count() == 1


def test_a_key_already_used_for_the_patient_wai_is_refused_for_the_therapist_wai(world):
    key = uuid.uuid4()
    submit_wai(world.session_a, submission_key=key)
    with pytest.raises(MeasureError, match="already used"):
        submit_wai(
            world.session_a, respondent="therapist", channel="paper", submitted_by=world.therapist_a, submission_key=key
        )


def test_a_second_srs_with_a_new_key_is_refused_and_the_first_is_kept(world):
    first = submit_srs(world.session_a, submission_key=uuid.uuid4())
    with pytest.raises(MeasureError, match="answered by the patient"):
        submit_srs(world.session_a, items=("1.0", "1.0", "1.0", "1.0"), submission_key=uuid.uuid4())
    assert list(SrsResponse.objects.values_list("pk", "total")) == [(first.pk, Decimal("37.5"))]


def test_a_paper_entry_can_be_replaced_from_paper(world):
    paper = {"channel": "paper", "submitted_by": world.therapist_a}
    first = submit_srs(world.session_a, **paper)
    second = submit_srs(world.session_a, items=("5.0", "5.0", "5.0", "5.0"), replace=True, **paper)
    assert second.pk == first.pk
    assert SrsResponse.objects.get().total == Decimal("20.0")


def test_a_paper_entry_is_not_replaced_without_asking(world):
    paper = {"channel": "paper", "submitted_by": world.therapist_a}
    submit_srs(world.session_a, **paper)
    with pytest.raises(MeasureError, match="entered from paper"):
        submit_srs(world.session_a, items=("5.0", "5.0", "5.0", "5.0"), **paper)


def test_the_patients_tablet_answer_is_never_replaced_from_paper(world):
    submit_srs(world.session_a)
    with pytest.raises(MeasureError, match="answered by the patient"):
        submit_srs(world.session_a, channel="paper", submitted_by=world.therapist_a, replace=True)
    assert SrsResponse.objects.get().channel == "tablet"


@pytest.mark.parametrize(
    "items, reason",
    [
        (("9.0", "9.0", "9.0"), "exactly 4"),
        (("10.5", "9.0", "9.0", "9.0"), "between 0.0 and 10.0"),
        (("9.25", "9.0", "9.0", "9.0"), "one decimal"),
    ],
)
def test_a_bad_srs_is_refused_with_a_clear_reason_and_nothing_is_stored(world, items, reason):
    with pytest.raises(MeasureError, match=reason):
        submit_srs(world.session_a, items=items)
    assert not SrsResponse.objects.exists()


def test_a_bad_wai_is_refused_and_nothing_is_stored(world):
    with pytest.raises(MeasureError, match="between 1 and 5"):
        submit_wai(world.session_a, items=[4] * 11 + [6])
    assert not WaiResponse.objects.exists()


def test_an_unknown_channel_is_refused_and_nothing_is_stored(world):
    with pytest.raises(MeasureError):
        submit_srs(world.session_a, channel="email")
    assert not SrsResponse.objects.exists()


def test_measures_are_refused_for_a_session_that_did_not_take_place(world):
    cancelled = session_record(
        patient=world.patient_a,
        therapist=world.therapist_a,
        date=datetime.date(2026, 11, 9),
        attendance="cancelled_patient",
    )
    with pytest.raises(MeasureError, match="took place"):
        submit_srs(cancelled)
    assert not SrsResponse.objects.exists()
