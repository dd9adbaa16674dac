from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from accounts.models import Clinic, User
from accounts.selectors import clinic_id_managed_by
from sessions.models import TherapySession
from sessions.selectors import sessions_for_user

from .instruments import SRS, WAI_SR, WAI_SR_THERAPIST, Instrument, Labels, our_labels
from .models import InstrumentWording, SrsResponse, WaiResponse


@dataclass(frozen=True)
class SessionMeasures:
    """The responses of one session, each None when not given."""

    srs: SrsResponse | None = None
    wai_patient: WaiResponse | None = None
    wai_therapist: WaiResponse | None = None

    @property
    def any(self) -> bool:
        return any((self.srs, self.wai_patient, self.wai_therapist))


def srs_responses_for_user(user: User) -> QuerySet[SrsResponse]:
    """Every SRS response `user` may see: those of the sessions they may see."""
    return SrsResponse.objects.filter(session__in=sessions_for_user(user))


def wai_responses_for_user(user: User) -> QuerySet[WaiResponse]:
    """Every WAI-SR response (patient- or therapist-rated) `user` may see."""
    return WaiResponse.objects.filter(session__in=sessions_for_user(user))


def wordings_for_user(user: User) -> QuerySet[InstrumentWording]:
    """The licensed wording a clinic admin manages: their clinic's; nothing for anyone else."""
    clinic_id = clinic_id_managed_by(user)
    if clinic_id is None:
        return InstrumentWording.objects.none()
    return InstrumentWording.objects.filter(clinic_id=clinic_id)


def measures_of_sessions(sessions: Iterable[TherapySession]) -> dict[int, SessionMeasures]:
    """The measures of each session, by session id, in two queries whatever the count.

    The caller has already checked access to the sessions.
    """
    ids = [session.pk for session in sessions]
    found: dict[int, dict] = {pk: {} for pk in ids}
    for srs in SrsResponse.objects.filter(session_id__in=ids).select_related("submitted_by"):
        found[srs.session_id]["srs"] = srs
    for wai in WaiResponse.objects.filter(session_id__in=ids).select_related("submitted_by"):
        key = "wai_patient" if wai.instrument == WAI_SR.code else "wai_therapist"
        found[wai.session_id][key] = wai
    return {pk: SessionMeasures(**responses) for pk, responses in found.items()}


def measures_of_session(session: TherapySession) -> SessionMeasures:
    """The session's SRS and WAI-SR responses. The caller has already checked access."""
    return measures_of_sessions([session])[session.pk]


def labels_for(instrument: Instrument, clinic: Clinic, language: str) -> Labels:
    """The item texts to show: the clinic's licensed wording when loaded, else our own labels."""
    texts = list(
        InstrumentWording.objects.filter(clinic=clinic, instrument=instrument.code, language=language)
        .order_by("item")
        .values_list("text", flat=True)
    )
    if len(texts) != instrument.item_count:
        return our_labels(instrument, language)
    return Labels(instrument=instrument, language=language, texts=tuple(texts), licensed=True)


def paper_labels(clinic: Clinic, language: str) -> dict[str, Labels]:
    """The labels of the three instruments of the paper entry form, by instrument code."""
    return {instrument.code: labels_for(instrument, clinic, language) for instrument in (SRS, WAI_SR, WAI_SR_THERAPIST)}


def wording_sets_for_user(user: User) -> QuerySet:
    """The wording a clinic admin has loaded, one row per instrument and language, with size and date."""
    return (
        wordings_for_user(user)
        .values("instrument", "language")
        .annotate(items=Count("id"), updated_at=Max("updated_at"))
        .order_by("instrument", "language")
    )
