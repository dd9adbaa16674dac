"""The database refuses a code or token in clear and keeps codes unique while they can be entered."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from measures.patient_forms import tokens
from measures.patient_forms.models import AccessKind, PatientFormAccess

from .helpers import code_for, link_for


def row(world, **fields):
    now = timezone.now()
    values = {
        "session": world.session_a,
        "kind": AccessKind.TABLET,
        "code_hash": tokens.code_digest("111111"),
        "issued_by": world.therapist_a,
        "issued_at": now,
        "expires_at": now + datetime.timedelta(minutes=10),
        **fields,
    }
    return PatientFormAccess(**values)


def refused(access):
    with pytest.raises(IntegrityError), transaction.atomic():
        access.save()


def test_a_clear_code_or_token_does_not_fit(world):
    refused(row(world, code_hash="123456"))
    refused(row(world, kind=AccessKind.LINK, code_hash="", token_hash=tokens.token_new()))


def test_a_tablet_access_has_a_code_and_a_link_has_a_token_only(world):
    refused(row(world, code_hash=""))
    refused(row(world, kind=AccessKind.LINK, token_hash=tokens.token_digest("t")))
    refused(row(world, kind=AccessKind.LINK, code_hash=""))


def test_a_tablet_gets_its_form_token_only_when_the_code_is_entered(world):
    refused(row(world, token_hash=tokens.token_digest("t")))
    refused(row(world, opened_at=timezone.now()))


def test_an_access_expires_after_it_is_issued(world):
    refused(row(world, expires_at=timezone.now() - datetime.timedelta(minutes=1)))


def test_only_an_unanswered_form_is_withdrawn(world):
    opened = {"opened_at": timezone.now(), "token_hash": tokens.token_digest("t")}
    refused(row(world, retired_at=timezone.now(), submitted_at=timezone.now(), **opened))
    row(world, retired_at=timezone.now(), **opened).save()  # entered, not answered: it may be withdrawn


def test_a_session_has_one_unanswered_code_or_link_at_most(world):
    row(world).save()
    refused(row(world, kind=AccessKind.LINK, code_hash="", token_hash=tokens.token_digest("t")))


def test_two_live_codes_cannot_share_digits(world):
    row(world).save()
    refused(row(world, session=world.session_b))


def test_a_session_has_one_live_code_at_most(world):
    row(world).save()
    refused(row(world, code_hash=tokens.code_digest("222222")))


def test_withdrawn_codes_free_their_digits(world):
    row(world, retired_at=timezone.now()).save()
    row(world, session=world.session_b).save()
    assert PatientFormAccess.objects.count() == 2


def test_each_access_has_its_own_submission_key(world):
    _code, tablet = code_for(world.session_a)
    _token, link = link_for(world.session_a)
    assert tablet.submission_key != link.submission_key
    assert str(tablet) == "Clinic tablet code · A-001 #1"
