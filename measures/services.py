"""Writes of the measures: submitting, entering from paper, and licensed wording.

The submission key. Every patient form (tablet or link) carries a UUID made
when the form is served. The submit services store it with the response,
unique in the database; a re-send with the same key (a double tap, a retry
after a dropped network) finds that row and returns it, storing nothing new.
The patient's row is locked first, then the session's (sessions.numbering,
"Lock order"), so two requests for one session are serialised and the second
one always sees the first one's row.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from sessions.models import Attendance, TherapySession
from sessions.numbering import patient_lock
from sessions.review_marks import review_request, review_request_sessions

from . import scoring
from .instruments import SRS, wai_instrument_for
from .models import (
    STAFF_CHANNELS,
    WAI_ITEM_NUMBERS,
    Channel,
    InstrumentWording,
    Respondent,
    Response,
    SrsResponse,
    WaiResponse,
)
from .patient_forms.models import UNFINISHED, PatientFormAccess
from .wording_file import WordingRow


class MeasureError(ValueError):
    """A response that cannot be stored; `message` is ready to show the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Submission:
    """Who answered, how and in which language; the same for every instrument."""

    channel: str
    language: str
    submitted_by: User | None = None
    submission_key: uuid.UUID | None = None
    submitted_at: datetime.datetime | None = None


def srs_response_build(*, session: TherapySession, items: Sequence[Decimal], submission: Submission) -> SrsResponse:
    """An unsaved SRS response with its total computed by measures.scoring."""
    try:
        total = scoring.srs_total(items)
    except ValueError as error:
        raise MeasureError(_("The SRS cannot be stored: %(reason)s") % {"reason": error}) from None
    values = {name: Decimal(str(value)) for name, value in zip(scoring.SRS_ITEMS, items, strict=True)}
    return SrsResponse(
        session=session,
        instrument=SRS.code,
        version=SRS.version,
        respondent=Respondent.PATIENT,
        total=total,
        **values,
        **_submission_fields(submission),
    )


def wai_response_build(
    *, session: TherapySession, items: Sequence[int | None], respondent: str, submission: Submission
) -> WaiResponse:
    """An unsaved WAI-SR response (the patient's or the therapist's) with its scores computed."""
    try:
        scores = scoring.wai_scores(items)
    except ValueError as error:
        raise MeasureError(_("The WAI-SR cannot be stored: %(reason)s") % {"reason": error}) from None
    instrument = wai_instrument_for(respondent)
    return WaiResponse(
        session=session,
        instrument=instrument.code,
        version=instrument.version,
        respondent=respondent,
        task=scores.task,
        bond=scores.bond,
        goal=scores.goal,
        total=scores.total,
        **{f"item_{n}": value for n, value in zip(WAI_ITEM_NUMBERS, items, strict=True)},
        **_submission_fields(submission),
    )


def _submission_fields(submission: Submission) -> dict:
    return {
        "channel": submission.channel,
        "language": submission.language,
        "submitted_by": submission.submitted_by,
        "submission_key": submission.submission_key,
        "submitted_at": submission.submitted_at or timezone.now(),
    }


def srs_response_submit(
    *,
    session: TherapySession,
    items: Sequence[Decimal],
    channel: str,
    language: str,
    submitted_by: User | None = None,
    submission_key: uuid.UUID | None = None,
    replace: bool = False,
) -> SrsResponse:
    """Store the patient's SRS for `session`, exactly once per submission key.

    Raises MeasureError for invalid items, a session that did not take place,
    or when the session already has an SRS that `replace` may not overwrite
    (see `response_store`).
    """
    submission = Submission(channel, language, submitted_by, submission_key)
    response = srs_response_build(session=session, items=items, submission=submission)
    return response_store(response, replace=replace)


def wai_response_submit(
    *,
    session: TherapySession,
    items: Sequence[int | None],
    respondent: str,
    channel: str,
    language: str,
    submitted_by: User | None = None,
    submission_key: uuid.UUID | None = None,
    replace: bool = False,
) -> WaiResponse:
    """Store a WAI-SR for `session`: the patient's (instrument "wai-sr") or the
    therapist's own rating (instrument "wai-sr-therapist"), by `respondent`.

    Twelve items in order, None where unanswered. Same key and replace rules
    as `srs_response_submit`.
    """
    submission = Submission(channel, language, submitted_by, submission_key)
    response = wai_response_build(session=session, items=items, respondent=respondent, submission=submission)
    return response_store(response, replace=replace)


@transaction.atomic
def response_store(response: Response, *, replace: bool = False) -> Response:
    """Save a built response, idempotently by its submission key.

    - Same key already stored: return that row (for the same session and
      instrument; else MeasureError) and store nothing.
    - The session already has this instrument: with `replace`, a paper entry
      overwrites a paper or imported entry in place; otherwise MeasureError. A patient's
      own tablet or link answer is never overwritten.
    """
    patient_lock(response.session.patient_id)
    session = TherapySession.objects.select_for_update().get(pk=response.session_id)
    model = type(response)
    if response.submission_key is not None:
        stored = model.objects.filter(submission_key=response.submission_key).first()
        if stored is not None:
            return _same_submission(stored, response)
    if session.attendance != Attendance.ATTENDED:
        raise MeasureError(not_held_message(session))
    current = model.objects.filter(session=session, instrument=response.instrument).first()
    if current is not None:
        _check_replaceable(current, response, replace=replace)
        if _same_answers(current, response):
            return current
        response.pk = current.pk
    _check_fields(response)
    response.save()
    review_request(patient_id=session.patient_id, from_number=session.number)
    return response


def not_held_message(session: TherapySession) -> str:
    """Why a session takes no measures: it is only planned, or it did not take place."""
    if session.attendance == Attendance.SCHEDULED:
        return _("This session is only planned: edit it to record that it took place, then enter its measures.")
    return _("Measures can only be recorded for a session that took place.")


def _same_answers(current: Response, response: Response) -> bool:
    return current.items == response.items and current.language == response.language


def _check_fields(response: Response) -> None:
    try:
        # The session was just read under lock and submitted_by comes from the caller: checking
        # that they exist would only query them again.
        response.full_clean(exclude=["session", "submitted_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise MeasureError(" ".join(error.messages)) from None


def _same_submission(stored: Response, response: Response) -> Response:
    if stored.session_id != response.session_id or stored.instrument != response.instrument:
        raise MeasureError(_("This form was already used for another questionnaire. Reload it and answer again."))
    return stored


def _check_replaceable(current: Response, response: Response, *, replace: bool) -> None:
    if replace and current.entered_by_staff and response.entered_by_staff:
        return
    if current.channel == Channel.PAPER:
        message = _("This session already has a %(name)s entered from paper.")
    elif current.channel == Channel.IMPORT:
        message = _("This session already has a %(name)s imported from a file.")
    else:
        message = _("This session already has a %(name)s answered by the patient; it cannot be replaced.")
    raise MeasureError(message % {"name": current.definition.name})


@transaction.atomic
def paper_measures_record(
    *,
    session: TherapySession,
    entered_by: User,
    language: str,
    srs: Sequence[Decimal] | None,
    wai_patient: Sequence[int | None] | None,
    wai_therapist: Sequence[int | None] | None,
) -> None:
    """Make the session's paper entries what the therapist typed in, all or nothing.

    For each instrument: values → create or replace the paper (or imported)
    entry; None → remove that entry if there is one. Answers the patient gave on the
    tablet or by link are never touched (values for them raise MeasureError).
    An SRS from paper withdraws the session's unanswered tablet code or link.
    """
    patient_lock(session.patient_id)
    submission = Submission(channel=Channel.PAPER, language=language, submitted_by=entered_by)
    wanted = {
        SrsResponse: {SRS.code: srs},
        WaiResponse: {
            wai_instrument_for(Respondent.PATIENT).code: wai_patient,
            wai_instrument_for(Respondent.THERAPIST).code: wai_therapist,
        },
    }
    for model, by_instrument in wanted.items():
        cleared = [code for code, values in by_instrument.items() if values is None]
        deleted, _by_model = model.objects.filter(
            session=session, instrument__in=cleared, channel__in=STAFF_CHANNELS
        ).delete()
        if deleted:
            review_request(patient_id=session.patient_id, from_number=session.number)
    if srs is not None:
        response_store(srs_response_build(session=session, items=srs, submission=submission), replace=True)
        PatientFormAccess.objects.filter(UNFINISHED, session=session).update(retired_at=timezone.now())
    for respondent, items in ((Respondent.PATIENT, wai_patient), (Respondent.THERAPIST, wai_therapist)):
        if items is not None:
            built = wai_response_build(session=session, items=items, respondent=respondent, submission=submission)
            response_store(built, replace=True)


@transaction.atomic
def responses_bulk_create(responses: Iterable[Response]) -> None:
    """Insert built responses in bulk (demo data, imports): no key or replace logic."""
    by_model: dict[type, list[Response]] = {}
    for response in responses:
        by_model.setdefault(type(response), []).append(response)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)
    review_request_sessions({response.session_id for rows in by_model.values() for response in rows})


@transaction.atomic
def instrument_wording_load(*, rows: Sequence[WordingRow]) -> int:
    """Replace each (clinic, instrument, language) set named in `rows` by the rows' wording.

    `rows` come from `wording_file.wording_rows_read`, which has validated
    every row and checked that each set is complete. Returns the rows stored.
    """
    for clinic, instrument, language in {(row.clinic, row.instrument, row.language) for row in rows}:
        InstrumentWording.objects.filter(clinic=clinic, instrument=instrument, language=language).delete()
    InstrumentWording.objects.bulk_create(
        InstrumentWording(
            clinic=row.clinic, instrument=row.instrument, language=row.language, item=row.item, text=row.text
        )
        for row in rows
    )
    return len(rows)
