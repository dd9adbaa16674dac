"""The database itself refuses out-of-range values and a second response per session."""

import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from .helpers import srs_row, wai_row


def refused(response):
    with pytest.raises(IntegrityError), transaction.atomic():
        response.save()
    return True


def test_a_valid_srs_row_is_stored(world):
    response = srs_row(world.session_a)
    response.save()
    assert response.total == Decimal("36.0")


@pytest.mark.parametrize("value", [Decimal("10.1"), Decimal("-0.1"), Decimal("12.0")])
def test_the_database_refuses_an_srs_item_out_of_range(world, value):
    assert refused(srs_row(world.session_a, relationship=value, total=value + Decimal("27.0")))


def test_the_database_refuses_an_srs_total_that_is_not_the_sum_of_its_items(world):
    assert refused(srs_row(world.session_a, total=Decimal("40.0")))


def test_the_database_refuses_an_srs_rated_by_the_therapist(world):
    assert refused(srs_row(world.session_a, respondent="therapist"))


@pytest.mark.parametrize(
    "field, value",
    [("channel", "email"), ("language", "fr"), ("respondent", "parent"), ("version", "srs-2"), ("instrument", "ors")],
)
def test_the_database_refuses_an_unknown_choice_on_an_srs(world, field, value):
    assert refused(srs_row(world.session_a, **{field: value}))


def test_the_database_refuses_a_paper_entry_without_who_entered_it(world):
    assert refused(srs_row(world.session_a, channel="paper", submitted_by=None))


def test_the_database_keeps_one_patient_srs_per_session(world):
    srs_row(world.session_a).save()
    assert refused(srs_row(world.session_a))


@pytest.mark.parametrize("value", [0, 6])
def test_the_database_refuses_a_wai_item_out_of_range(world, value):
    assert refused(wai_row(world.session_a, item_7=value))


@pytest.mark.parametrize("field", ["task", "bond", "goal", "total"])
def test_the_database_refuses_a_wai_mean_out_of_range(world, field):
    assert refused(wai_row(world.session_a, **{field: Decimal("5.01")}))


def test_the_database_refuses_a_wai_total_when_a_subscale_is_unscored(world):
    assert refused(wai_row(world.session_a, task=None))


def test_the_database_refuses_a_wai_instrument_that_does_not_match_the_rater(world):
    patient_rated = wai_row(world.session_a)
    patient_rated.respondent = "therapist"
    assert refused(patient_rated)
    assert refused(wai_row(world.session_a, version="wai-sr-therapist-1"))


def test_the_database_keeps_one_patient_wai_and_one_therapist_wai_per_session(world):
    wai_row(world.session_a).save()
    wai_row(world.session_a, respondent="therapist").save()
    assert refused(wai_row(world.session_a))
    assert refused(wai_row(world.session_a, respondent="therapist"))


def test_the_database_stores_a_wai_with_unanswered_items_and_unscored_subscales(world):
    response = wai_row(world.session_a, items=(None, None, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3))
    response.save()
    assert (response.task, response.bond, response.total) == (None, Decimal("3.00"), None)


def test_the_database_refuses_a_submission_key_used_twice(world):
    key = uuid.uuid4()
    srs_row(world.session_a, submission_key=key).save()
    assert refused(srs_row(world.session_b, submission_key=key))
