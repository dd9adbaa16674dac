"""The database holds the review's invariants: one review per session, one flag per rule, a status
that matches its fields."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from review.models import Flag, FlagStatus, SessionReview
from review.rules import Thresholds
from review.services.recompute import threshold_set_for


def flag(session, **fields):
    now = timezone.now()
    values = {"code": "srs_drop", "severity": "medium", "source": "s", "raised_at": now, "updated_at": now}
    return Flag(session=session, patient_id=session.patient_id, **{**values, **fields})


def refused(row):
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def review(session, risk_level):
    return SessionReview(
        session=session, risk_level=risk_level, thresholds=threshold_set_for(Thresholds()), computed_at=timezone.now()
    )


def test_a_session_has_one_review(world):
    review(world.session_a, "none").save()
    refused(review(world.session_a, "low"))


def test_a_risk_level_is_one_of_four(world):
    refused(review(world.session_a, "info"))


def test_a_threshold_set_is_stored_once(world):
    assert threshold_set_for(Thresholds()) == threshold_set_for(Thresholds())
    other = threshold_set_for(Thresholds(srs_cutoff=35))
    assert other != threshold_set_for(Thresholds())
    assert other.values["srs_cutoff"] == "35"


def test_a_session_has_one_flag_per_rule(world):
    flag(world.session_a).save()
    refused(flag(world.session_a))
    flag(world.session_a, code="srs_below_cutoff").save()


def test_a_flag_names_a_known_rule_and_severity(world):
    refused(flag(world.session_a, code="made_up"))
    refused(flag(world.session_a, severity="none"))


def test_a_status_needs_exactly_its_fields(world):
    user, now = world.therapist_a, timezone.now()
    ack = {"acknowledged_by": user, "acknowledged_at": now}
    res = {"resolved_by": user, "resolved_at": now, "resolution_note": "done"}
    refused(flag(world.session_a, status=FlagStatus.OPEN, **ack))
    refused(flag(world.session_a, status=FlagStatus.ACKNOWLEDGED))
    refused(flag(world.session_a, status=FlagStatus.ACKNOWLEDGED, acknowledged_by=user))
    refused(flag(world.session_a, status=FlagStatus.RESOLVED, **res))  # never acknowledged
    refused(flag(world.session_a, status=FlagStatus.RESOLVED, **ack, **{**res, "resolution_note": ""}))
    refused(flag(world.session_a, status=FlagStatus.WITHDRAWN))
    refused(flag(world.session_a, status=FlagStatus.OPEN, withdrawn_at=now))
    flag(world.session_a, status=FlagStatus.RESOLVED, **ack, **res).save()
    flag(world.session_a, code="srs_below_cutoff", status=FlagStatus.WITHDRAWN, withdrawn_at=now, **ack).save()
