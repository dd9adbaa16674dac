"""Writes of the patient forms: issuing codes and links, entering a code, submitting the answers."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from measures.instruments import SRS
from measures.models import Respondent, SrsResponse, WaiResponse
from measures.services import MeasureError, srs_response_submit, wai_response_submit
from sessions.models import Attendance, TherapySession
from sessions.numbering import patient_lock

from . import throttle, tokens
from .models import LIVE_CODE, UNFINISHED, AccessKind, PatientFormAccess
from .selectors import FormState, form_state, wai_due, wai_offered

CODE_DRAWS = 20  # a six-digit code clashes with a live one about once in 10,000 draws per 100 live codes


@dataclass(frozen=True)
class Issued:
    """A new access and its secret in clear: shown to the therapist once, never stored."""

    access: PatientFormAccess
    secret: str


class CodeRefused(MeasureError):
    """A tablet code that opens nothing; `throttled` when code entry is paused for this requester."""

    def __init__(self, message: str, *, throttled: bool = False):
        super().__init__(message)
        self.throttled = throttled


class FormClosed(MeasureError):
    """The form no longer takes answers: it expired or was withdrawn, or the session's SRS was already given."""


class AnswersDiffer(MeasureError):
    """A re-send of an answered form with answers other than those it stored: refused, nothing kept."""


def closed_message(state: FormState) -> str:
    """What the patient is told when their form takes no more answers (the form's own answer excepted)."""
    messages = {
        FormState.ANSWERED: _("This questionnaire has already been answered for this session. Thank you."),
        FormState.ELSEWHERE: _("This session has already been rated on another device; nothing more is needed."),
        FormState.WITHDRAWN: _("This form was withdrawn. If you are asked to answer, please ask for a new one."),
    }
    return messages.get(state, _("This form has expired. Please ask your therapist for a new one."))


def _check_can_issue(session: TherapySession) -> None:
    if session.attendance == Attendance.SCHEDULED:
        raise MeasureError(
            _("This session is only planned: edit it to record that it took place, then give the forms.")
        )
    if session.attendance != Attendance.ATTENDED:
        raise MeasureError(_("The patient's forms are only for a session that took place."))
    if SrsResponse.objects.filter(session=session, instrument=SRS.code).exists():
        raise MeasureError(_("This session already has an SRS."))


@transaction.atomic
def tablet_code_issue(*, session: TherapySession, issued_by: User) -> Issued:
    """A six-digit code for the session's form on the clinic tablet, valid TABLET_CODE_MINUTES, once.

    Issuing a new code withdraws the session's earlier unanswered code or
    link. Expired unused codes of every session are withdrawn first, so that
    their digits can be drawn again.
    """
    patient_lock(session.patient_id)
    TherapySession.objects.select_for_update().filter(pk=session.pk).get()
    _check_can_issue(session)
    now = timezone.now()
    PatientFormAccess.objects.filter(LIVE_CODE, expires_at__lte=now).update(retired_at=now)
    session_forms_withdraw(session=session, now=now)
    fields = {
        "session": session,
        "kind": AccessKind.TABLET,
        "include_wai": wai_due(session),
        "issued_by": issued_by,
        "issued_at": now,
        "expires_at": now + datetime.timedelta(minutes=settings.TABLET_CODE_MINUTES),
    }
    for _draw in range(CODE_DRAWS):
        code = tokens.code_new()
        digest = tokens.code_digest(code)
        if PatientFormAccess.objects.filter(LIVE_CODE, code_hash=digest).exists():
            continue
        try:
            with transaction.atomic():
                access = PatientFormAccess.objects.create(code_hash=digest, **fields)
        except IntegrityError:  # drawn at the same moment for another session
            continue
        return Issued(access=access, secret=code)
    raise MeasureError(_("No tablet code is free right now. Try again in a minute."))


@transaction.atomic
def telehealth_link_issue(*, session: TherapySession, issued_by: User) -> Issued:
    """A long random single-use link to the session's form, valid TELEHEALTH_LINK_HOURS.

    Issuing a link withdraws the session's earlier unanswered code or link.
    """
    patient_lock(session.patient_id)
    TherapySession.objects.select_for_update().filter(pk=session.pk).get()
    _check_can_issue(session)
    now = timezone.now()
    session_forms_withdraw(session=session, now=now)
    token = tokens.token_new()
    access = PatientFormAccess.objects.create(
        session=session,
        kind=AccessKind.LINK,
        token_hash=tokens.token_digest(token),
        include_wai=wai_due(session),
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + datetime.timedelta(hours=settings.TELEHEALTH_LINK_HOURS),
    )
    return Issued(access=access, secret=token)


def session_forms_withdraw(*, session: TherapySession, now: datetime.datetime | None = None) -> int:
    """Withdraw the session's unanswered codes and links (a form already opened included); how many."""
    return PatientFormAccess.objects.filter(UNFINISHED, session=session).update(retired_at=now or timezone.now())


def patient_form_withdraw(*, access: PatientFormAccess) -> None:
    """Withdraw one code or link, as the therapist asked; MeasureError when it was answered or withdrawn already.

    One conditional UPDATE: a submit holding the row finishes first, and then nothing is withdrawn.
    """
    if not PatientFormAccess.objects.filter(UNFINISHED, pk=access.pk).update(retired_at=timezone.now()):
        raise MeasureError(_("This code or link is no longer open: it was answered, replaced or withdrawn."))


def tablet_code_open(*, typed: str, requester: throttle.Requester) -> str:
    """Spend a tablet code and return the new form token for this tablet.

    Raises CodeRefused, with one message for a wrong, used or expired code
    (so that a guess learns nothing), or a throttled one when this requester
    (its device or its address) has had too many wrong codes lately.
    """
    if throttle.blocked_scope(requester) is not None:
        raise CodeRefused(_("Too many wrong codes. Please wait a few minutes, or ask your therapist."), throttled=True)
    code = tokens.code_normalise(typed)
    token = tokens.token_new()
    if code is None or not _code_spend(code, token):
        throttle.failure_record(requester)
        raise CodeRefused(
            _("This code does not work. Codes work once, for a few minutes: check it, or ask for a new one.")
        )
    throttle.success_record(requester)
    return token


def _code_spend(code: str, token: str) -> bool:
    now = timezone.now()
    live = PatientFormAccess.objects.filter(LIVE_CODE, code_hash=tokens.code_digest(code))
    live.filter(expires_at__lte=now).update(retired_at=now)
    # One UPDATE, so two tablets typing the same code at once cannot both open it.
    return live.filter(expires_at__gt=now).update(opened_at=now, token_hash=tokens.token_digest(token)) == 1


@transaction.atomic
def patient_form_submit(
    *,
    access: PatientFormAccess,
    submission_key: uuid.UUID,
    srs: Sequence[Decimal],
    wai: Sequence[int] | None,
) -> None:
    """Store the patient's answers to the form `access` opens, all or nothing, exactly once.

    The key must be the access's own. A re-send of the answer already stored
    is confirmed again and stores nothing; one with other answers raises
    AnswersDiffer and stores nothing either. Raises FormClosed when the form
    no longer takes answers, MeasureError for anything else that cannot be
    stored.
    """
    # The patient, then the session, then its form: the order every writer of a patient's sessions keeps.
    patient_lock(access.session.patient_id)
    TherapySession.objects.select_for_update().filter(pk=access.session_id).get()
    access = (
        PatientFormAccess.objects.select_for_update(of=("self",)).select_related("session__patient").get(pk=access.pk)
    )
    if submission_key != access.submission_key:
        raise MeasureError(_("This form is out of date. Reload the page and answer again."))
    if access.submitted_at is not None:
        _check_same_answers(access, srs=srs, wai=wai)
        return
    state = form_state(access)
    if state != FormState.OPEN:
        raise FormClosed(closed_message(state))
    answer = {"channel": access.kind, "language": access.language, "submission_key": submission_key}
    include_wai = wai_offered(access)
    srs_response_submit(session=access.session, items=srs, **answer)
    if include_wai:
        if wai is None:
            raise MeasureError(_("Please answer the questions of the second part too."))
        wai_response_submit(session=access.session, items=wai, respondent=Respondent.PATIENT, **answer)
    access.submitted_at = timezone.now()
    access.save(update_fields=["submitted_at"])


def _check_same_answers(access: PatientFormAccess, *, srs: Sequence[Decimal], wai: Sequence[int] | None) -> None:
    stored_srs = SrsResponse.objects.filter(submission_key=access.submission_key).first()
    stored_wai = WaiResponse.objects.filter(submission_key=access.submission_key).first()
    same_srs = stored_srs is not None and stored_srs.items == tuple(srs)
    same_wai = (stored_wai.items if stored_wai else None) == (tuple(wai) if wai is not None else None)
    if not (same_srs and same_wai):
        raise AnswersDiffer(
            _(
                "These answers were not stored: different answers were already sent with this form, "
                "and those are kept. Nothing more is needed."
            )
        )
