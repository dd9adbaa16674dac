"""Reads of the patient forms: what a code or token opens, and whether the WAI-SR is due."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone

from measures.instruments import SRS, WAI_SR, Labels
from measures.models import SrsResponse, WaiResponse
from measures.selectors import labels_for
from sessions.models import Attendance, TherapySession

from . import tokens
from .models import UNFINISHED, PatientFormAccess


class FormState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"  # this form was answered
    ELSEWHERE = "elsewhere"  # the session's SRS was given another way: another form, paper, an import
    WITHDRAWN = "withdrawn"  # by a newer code or link, or by the therapist
    EXPIRED = "expired"


@dataclass(frozen=True)
class PatientFormContent:
    """What the patient's form shows: labels in the patient's language, and whether the WAI-SR follows."""

    srs: Labels
    wai: Labels | None


def access_for_token(token: str) -> PatientFormAccess | None:
    """The access a form token opens, or None. The token is the only credential: no user is involved."""
    if not token or len(token) > 100:
        return None
    return (
        PatientFormAccess.objects.select_related("session__patient__clinic")
        .filter(token_hash=tokens.token_digest(token))
        .first()
    )


def form_state(access: PatientFormAccess, *, now: datetime.datetime | None = None) -> FormState:
    now = now or timezone.now()
    if access.submitted_at is not None:
        return FormState.ANSWERED
    if SrsResponse.objects.filter(session_id=access.session_id, instrument=SRS.code).exists():
        return FormState.ELSEWHERE
    if access.retired_at is not None:
        return FormState.WITHDRAWN
    until = access.answers_until
    if until is None or until <= now:
        return FormState.EXPIRED
    return FormState.OPEN


def live_form_of_session(session: TherapySession, *, now: datetime.datetime | None = None) -> PatientFormAccess | None:
    """The session's code or link that may still lead to an answer, with who issued it; None when there is none."""
    access = PatientFormAccess.objects.select_related("issued_by").filter(UNFINISHED, session=session).first()
    if access is None or access.live_until <= (now or timezone.now()):
        return None
    return access


def access_of_session(session: TherapySession, pk: int) -> PatientFormAccess:
    """One of the session's codes or links, or 404; `session` comes from the caller's access function."""
    return get_object_or_404(PatientFormAccess, session=session, pk=pk)


def wai_due(session: TherapySession) -> bool:
    """Whether the patient WAI-SR is due: none among the patient's last N attended sessions up to this one.

    N is settings.WAI_SR_EVERY_SESSIONS (0: never offered on the patient forms).
    With N = 3 the WAI-SR comes at the 1st, 4th, 7th... attended session.
    """
    every = settings.WAI_SR_EVERY_SESSIONS
    if every <= 0:
        return False
    recent = list(
        TherapySession.objects.filter(
            patient_id=session.patient_id, attendance=Attendance.ATTENDED, number__lte=session.number
        )
        .order_by("-number")
        .values_list("pk", flat=True)[:every]
    )
    return not WaiResponse.objects.filter(session_id__in=[session.pk, *recent], instrument=WAI_SR.code).exists()


def wai_offered(access: PatientFormAccess) -> bool:
    """The WAI-SR follows the SRS when it was due at issue and the session has none yet but this form's own."""
    if not access.include_wai:
        return False
    others = WaiResponse.objects.filter(session_id=access.session_id, instrument=WAI_SR.code)
    return not others.exclude(submission_key=access.submission_key).exists()


def form_content(access: PatientFormAccess) -> PatientFormContent:
    clinic, language = access.session.patient.clinic, access.language
    wai = labels_for(WAI_SR, clinic, language) if wai_offered(access) else None
    return PatientFormContent(srs=labels_for(SRS, clinic, language), wai=wai)
