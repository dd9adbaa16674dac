"""Deleting a session logged by mistake: by anyone who may see it, confirmed, and kept in the audit log.

A session the patient answered a form of themselves (tablet or link) is only
deleted with a reason, which the audit log keeps. Everything recorded about
the session goes with it (measures, review, flags, patient form codes); the
later sessions move up one number and the worker reviews them again. What
the review would not revisit is recomputed here: the session's week, its
therapist's checklist review, and the status of a patient left with no
session held.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from measures.selectors import SessionMeasures, measures_of_session
from review.models import Flag, FlagFiring
from review.services.recompute import therapist_checklists_review
from review.summaries import patient_statuses_forget, weekly_stats_store
from sessions.models import Attendance, TherapySession
from sessions.services import session_remove


class SessionDeleteError(ValueError):
    """The session cannot be deleted as asked; `message` is ready to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def reason_required(measures: SessionMeasures) -> bool:
    """Whether deleting needs a reason: the patient answered one of the session's forms themselves."""
    responses = (measures.srs, measures.wai_patient, measures.wai_therapist)
    return any(response is not None and not response.entered_by_staff for response in responses)


@transaction.atomic
def session_delete(*, session: TherapySession, by: User, reason: str = "") -> None:
    """Delete `session` (already checked: `by` may see it), recording who, why and what went with it."""
    reason = reason.strip()
    measures = measures_of_session(session)
    if reason_required(measures) and not reason:
        raise SessionDeleteError(_("Say why this session is deleted: the patient answered its form themselves."))
    session_id, patient_id = session.pk, session.patient_id
    detail = {
        "number": session.number,
        "date": session.date.isoformat(),
        "reason": reason,
        "srs": int(measures.srs is not None),
        "wai": (measures.wai_patient is not None) + (measures.wai_therapist is not None),
        "flags": FlagFiring.objects.filter(session_id=session_id).count(),
    }
    _flags_repoint(session)
    session_remove(session=session)
    weekly_stats_store([session], timezone.now())
    therapist_checklists_review(therapist_ids=[session.therapist_id])
    if not TherapySession.objects.filter(patient_id=patient_id).exclude(attendance=Attendance.SCHEDULED).exists():
        patient_statuses_forget([patient_id])
    audit_record(
        action="delete", object_type="session", object_id=session_id, patient_id=patient_id, detail=detail, user=by
    )


def _flags_repoint(session: TherapySession) -> None:
    """A flag raised at this session that fired at others too stays, raised at the next of them:
    the concern and what clinicians did with it outlive the session (the review then rewrites it)."""
    for flag in Flag.objects.select_for_update().filter(session=session).order_by("pk"):
        later = flag.firings.exclude(session=session).order_by("session__number").values_list("session_id", flat=True)
        next_id = later.first()
        if next_id is not None:
            Flag.objects.filter(pk=flag.pk).update(session_id=next_id)
