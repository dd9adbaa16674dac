"""Deterministic demo clinic: staff, patients and realistic session histories.

Everything is drawn from one `random.Random(seed)`, so a seed always gives
the same clinic (dates are relative to the day it is built). Each patient
follows one alliance trajectory; attendance, markers and checklists follow it.

The generators of a session and its measures (`session_draw`, `srs_given`,
`srs_total_draw`, `srs_items`, `wai_items`, ...) also build the bench's
clinic (bench/clinic.py), which writes its rows in bulk.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Clinic, Role
from accounts.services import staff_member_create
from measures.models import Channel, Respondent
from measures.services import Submission, responses_bulk_create, srs_response_build, wai_response_build
from patients.services import patient_create
from review.models import Flag, FlagStatus
from review.services.flags import flag_acknowledge, flag_resolve
from review.services.recompute import patients_review, therapist_checklists_review
from sessions.models import (
    CHECKLIST_FIELDS,
    CONFRONTATION_MARKERS,
    MARKER_FIELDS,
    WITHDRAWAL_MARKERS,
    Attendance,
    Modality,
)
from sessions.services import session_record

DEMO_PASSWORD = "alliance-demo-2026"  # noqa: S105 - printed for the demo logins on purpose
CLINIC_NAME = "Clínica Demo Alliance"

TRAJECTORIES = (
    "stable_high",
    "early_low_rising",
    "v_rupture_repaired",
    "v_rupture_unrepaired",
    "slow_decline",
    "ceiling",
    "missed_sessions",
)

FIRST_NAMES = ["Ana", "Luis", "Marta", "Jorge", "Lucía", "Pablo", "Elena", "Diego", "Sara", "Tomás"]
LAST_NAMES = ["García", "Romero", "Navarro", "Iglesias", "Ortega", "Serrano", "Molina", "Castro"]
ALIASES = ["", "", "M.", "J. R.", "La del martes", "A. G.", "", "Primera hora", "L.", ""]


DEMO_LOGINS = [
    ("admin", "clinic admin: manages staff, sees every patient of the clinic"),
    ("supervisor1", "supervisor of therapist1, therapist2, therapist3"),
    ("supervisor2", "supervisor of therapist4, therapist5, therapist6"),
    ("therapist1 … therapist6", "therapists, ten patients each"),
]


def demo_clinic_exists() -> bool:
    return Clinic.objects.filter(name=CLINIC_NAME).exists()


@transaction.atomic
def demo_build(*, seed: int = 1, patients_per_therapist: int = 10) -> None:
    rng = random.Random(seed)
    clinic = Clinic.objects.create(name=CLINIC_NAME)
    staff_member_create(
        clinic=clinic,
        username="admin",
        password=DEMO_PASSWORD,
        role=Role.CLINIC_ADMIN,
        first_name="Carmen",
        last_name="Vidal",
        email=demo_address("admin"),
    )
    therapists = [_named_staff(rng, clinic, f"therapist{n}", Role.THERAPIST) for n in range(1, 7)]
    for n, group in enumerate((therapists[:3], therapists[3:]), start=1):
        _named_staff(rng, clinic, f"supervisor{n}", Role.SUPERVISOR, supervised=group)
    for index in range(len(therapists) * patients_per_therapist):
        _patient_with_history(rng, clinic, therapists[index % len(therapists)], index)
    # Review every demo session now, through the worker's own service, so the first page
    # shows flags whatever the broker; the tasks queued on commit then find nothing to do.
    counts = patients_review(patient_ids=list(clinic.patients.values_list("pk", flat=True)), only_marked=True)
    therapist_checklists_review(therapist_ids=sorted(counts.therapist_ids))
    _flags_dealt_with(rng, clinic)


def demo_address(username: str) -> str:
    """A demo staff member's e-mail address, so the morning digest has someone to write to (`make run`
    prints it on the console); `.invalid` is a domain that never receives mail (RFC 2606)."""
    return f"{username}@demo.alliance.invalid"


def _named_staff(rng: random.Random, clinic: Clinic, username: str, role: Role, **extra):
    """A demo staff member with a first and a last name drawn from the lists, and an address."""
    return staff_member_create(
        clinic=clinic,
        username=username,
        password=DEMO_PASSWORD,
        role=role,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        email=demo_address(username),
        **extra,
    )


RESOLUTION_NOTES = [
    "Talked about the last session at the start; agreed a slower pace.",
    "Named the drop with the patient; we renegotiated the week's task.",
    "Asked about practical barriers; moved the session to the evening.",
    "Invited negative feedback explicitly; the patient said the homework felt too much.",
    "Hablamos de la sesión anterior al inicio; acordamos un ritmo más lento.",
    "Revisamos juntos los objetivos y los ajustamos a su carga actual.",
]


def _flags_dealt_with(rng: random.Random, clinic: Clinic) -> None:
    """Flags that last fired more than two weeks ago were dealt with, as in a clinic that uses the tool."""
    cutoff = timezone.localdate() - datetime.timedelta(days=14)
    old = Flag.objects.filter(session__patient__clinic=clinic, latest_session__date__lt=cutoff, status=FlagStatus.OPEN)
    for flag in old.select_related("session__patient__primary_therapist").order_by("pk"):
        therapist = flag.session.patient.primary_therapist
        roll = rng.random()
        if roll < 0.8:
            flag_resolve(flag=flag, user=therapist, note=rng.choice(RESOLUTION_NOTES))
        elif roll < 0.92:
            flag_acknowledge(flag=flag, user=therapist)
    _flag_times(rng, clinic)


def _flag_times(rng: random.Random, clinic: Clinic) -> None:
    """Each flag raised when its session's answers came in, acknowledged a few hours to days later and
    resolved up to nine days after that (never later than now), so the flag report has times to show."""
    now = timezone.now()
    flags = list(Flag.objects.filter(session__patient__clinic=clinic).select_related("session").order_by("pk"))
    for flag in flags:
        flag.raised_at = min(_answered_at(flag.session), now)
        if flag.acknowledged_at:
            flag.acknowledged_at = min(flag.raised_at + datetime.timedelta(days=rng.uniform(0.1, 6)), now)
        if flag.resolved_at:
            flag.resolved_at = min(flag.acknowledged_at + datetime.timedelta(days=rng.uniform(0, 9)), now)
    Flag.objects.bulk_update(flags, ["raised_at", "acknowledged_at", "resolved_at"], batch_size=500)


def _patient_with_history(rng: random.Random, clinic: Clinic, therapist, index: int) -> None:
    trajectory = TRAJECTORIES[index % len(TRAJECTORIES)]
    today = timezone.localdate()
    count = rng.randint(3, 20)
    first_date = today - datetime.timedelta(weeks=count - 1, days=rng.randint(0, 4))
    patient = patient_create(
        clinic=clinic,
        primary_therapist=therapist,
        code=f"P-{index + 1:04d}",
        alias=rng.choice(ALIASES),
        birth_year=rng.randint(1950, 2006),
        language="es" if rng.random() < 0.75 else "en",
        active=rng.random() < 0.92,
        consent_date=first_date,
    )
    modality, wai_every = patient_habits(rng)
    responses = []
    for number in range(1, count + 1):
        date = first_date + datetime.timedelta(weeks=number - 1)
        # The last session of the demo is attended more often than the others: the first page shows it.
        if number == count and rng.random() < 0.5:
            attendance = Attendance.ATTENDED
        else:
            attendance = attendance_draw(rng, trajectory, number)
        strain = strain_at(trajectory, number, count)
        fields = session_draw(rng, attendance=attendance, strain=strain, modality=modality, profile=DEMO_PROFILE)
        session = session_record(patient=patient, therapist=therapist, date=date, **fields)
        if attendance == Attendance.ATTENDED:
            responses += _measures(rng, session, trajectory, count, wai_every=wai_every)
    responses_bulk_create(responses)


def patient_habits(rng: random.Random) -> tuple[str, int]:
    """(how the patient usually attends, every how many sessions they answer the WAI-SR)."""
    modality = rng.choices([Modality.IN_PERSON, Modality.VIDEO, Modality.PHONE], weights=[70, 25, 5])[0]
    return modality, rng.choice([3, 4])


def rupture_session(count: int) -> int:
    """The session number of the rupture in the V-shaped trajectories."""
    return max(5, count * 2 // 3)


def strain_at(trajectory: str, number: int, count: int) -> float:
    """How strained the alliance is at a session, 0 (none) to 1 (a rupture)."""
    if trajectory == "early_low_rising":
        return max(0.0, 0.7 - 0.12 * (number - 1))
    if trajectory in {"v_rupture_repaired", "v_rupture_unrepaired"}:
        dip = rupture_session(count)
        if number == dip:
            return 1.0
        if trajectory == "v_rupture_unrepaired" and number > dip:
            return 0.6
        return 0.05
    if trajectory == "slow_decline":
        return min(0.8, 0.05 * number)
    if trajectory == "missed_sessions":
        return 0.3
    return 0.05


def attendance_draw(rng: random.Random, trajectory: str, number: int) -> str:
    """Whether session `number` took place: missed more often on the missed-sessions trajectory."""
    missed = 0.3 if trajectory == "missed_sessions" and number > 2 else 0.06
    roll = rng.random()
    if roll < missed * 0.6:
        return Attendance.CANCELLED_PATIENT
    if roll < missed:
        return Attendance.NO_SHOW
    if roll < missed + 0.03:
        return Attendance.CANCELLED_THERAPIST
    return Attendance.ATTENDED


@dataclass(frozen=True)
class Profile:
    """Where the demo's clinic and the bench's (bench/clinic.py) differ: the bench's has fewer markers and
    noisier SRS totals."""

    withdrawal: float  # the chance of each withdrawal marker at a session without strain; strain adds 0.45
    confrontation: float  # the same for each confrontation marker; strain adds 0.25
    srs_spread: float  # the SD of an SRS total around its trajectory's level (but stable_high and ceiling)


DEMO_PROFILE = Profile(withdrawal=0.03, confrontation=0.01, srs_spread=0.5)
CHECKLIST_ANSWERED_RATE = 0.9


def session_draw(rng: random.Random, *, attendance: str, strain: float, modality: str, profile: Profile) -> dict:
    """A session's fields but its patient, therapist, number and date; an attended one's markers and checklist
    follow the strain on the alliance (0-1)."""
    attended = attendance == Attendance.ATTENDED
    fields = {
        "time": datetime.time(rng.choice([9, 10, 11, 12, 16, 17, 18, 19]), rng.choice([0, 30])),
        "attendance": attendance,
        "modality": modality if rng.random() < 0.85 else Modality.VIDEO,
        "duration_minutes": rng.choice([50, 50, 50, 60, 45]) if attended else None,
    }
    if attended:
        fields |= _markers(rng, strain, profile)
        fields |= _checklist(rng, strain)
    return fields


def _markers(rng: random.Random, strain: float, rates: Profile) -> dict[str, bool]:
    withdrawal = {MARKER_FIELDS[code]: rng.random() < rates.withdrawal + 0.45 * strain for code in WITHDRAWAL_MARKERS}
    confrontation = {
        MARKER_FIELDS[code]: rng.random() < rates.confrontation + 0.25 * strain for code in CONFRONTATION_MARKERS
    }
    return withdrawal | confrontation


def _checklist(rng: random.Random, strain: float) -> dict[str, bool]:
    """The five answers, or none (left unanswered); items 3 and 4 (goals, repair) suffer most from strain."""
    if rng.random() >= CHECKLIST_ANSWERED_RATE:
        return {}
    return {
        name: rng.random() < 0.9 - (0.5 * strain if n in (3, 4) else 0.15 * strain)
        for n, name in CHECKLIST_FIELDS.items()
    }


# Measures: an SRS at most attended sessions (always at a rupture), a WAI-SR every third or fourth,
# the therapist's too at some of those; a quarter of them on paper.
SRS_GIVEN_RATE = 0.85
THERAPIST_WAI_RATE = 0.4
PAPER_RATE = 0.25


def srs_level(trajectory: str, number: int, count: int) -> float:
    """The SRS total (0-40) a patient on `trajectory` tends to give at a session."""
    if trajectory == "ceiling":
        return 40.0
    if trajectory == "early_low_rising":
        return min(38.0, 28.0 + 2.0 * (number - 1))
    if trajectory in {"v_rupture_repaired", "v_rupture_unrepaired"}:
        dip = rupture_session(count)
        if number == dip:
            return 30.0
        return 31.5 if trajectory == "v_rupture_unrepaired" and number > dip else 38.5
    if trajectory == "slow_decline":
        return max(30.0, 39.0 - 0.6 * (number - 1))
    if trajectory == "missed_sessions":
        return 35.5
    return 38.3


def _measures(rng: random.Random, session, trajectory: str, count: int, *, wai_every: int) -> list:
    level = srs_level(trajectory, session.number, count)
    on_paper = rng.random() < PAPER_RATE
    submission = Submission(
        channel=Channel.PAPER if on_paper else Channel.TABLET,
        language=session.patient.language,
        submitted_by=session.therapist if on_paper else None,
        submitted_at=_answered_at(session),
    )
    responses = []
    if srs_given(rng, trajectory, session.number, count):
        items = srs_items(rng, srs_total_draw(rng, trajectory, level, spread=DEMO_PROFILE.srs_spread))
        responses.append(srs_response_build(session=session, items=items, submission=submission))
    if session.number % wai_every == 0:
        items = wai_items(rng, level)
        responses.append(
            wai_response_build(session=session, items=items, respondent=Respondent.PATIENT, submission=submission)
        )
        if rng.random() < THERAPIST_WAI_RATE:
            responses.append(_therapist_wai(rng, session, level, submission))
    return responses


def _therapist_wai(rng: random.Random, session, level: float, submission: Submission):
    paper = Submission(Channel.PAPER, submission.language, session.therapist, submitted_at=submission.submitted_at)
    items = therapist_wai_items(rng, level)
    return wai_response_build(session=session, items=items, respondent=Respondent.THERAPIST, submission=paper)


def _answered_at(session) -> datetime.datetime:
    start = datetime.datetime.combine(session.date, session.time or datetime.time(12, 0))
    return timezone.make_aware(start) + datetime.timedelta(minutes=session.duration_minutes or 50)


def srs_given(rng: random.Random, trajectory: str, number: int, count: int) -> bool:
    """Whether the patient answers the SRS at attended session `number` of `count`: always at a rupture."""
    is_rupture = trajectory.startswith("v_rupture") and number == rupture_session(count)
    return is_rupture or rng.random() < SRS_GIVEN_RATE


def srs_total_draw(rng: random.Random, trajectory: str, level: float, *, spread: float) -> int:
    """A total near `level`, in tenths of a point."""
    if trajectory == "ceiling":
        return 400
    if trajectory == "stable_high":
        return round(rng.uniform(37.0, 39.5) * 10)
    return round(min(40.0, max(0.0, rng.gauss(level, spread))) * 10)


def srs_items(rng: random.Random, tenths: int) -> list[Decimal]:
    """Four items (0.0-10.0) summing exactly to `tenths` / 10, spread a little unevenly."""
    base, extra = divmod(tenths, 4)
    items = [base + (1 if i < extra else 0) for i in range(4)]
    for _ in range(2):
        give, take = rng.sample(range(4), 2)
        amount = min(rng.randint(0, 6), items[give], 100 - items[take])
        items[give] -= amount
        items[take] += amount
    return [Decimal(value) / 10 for value in items]


def therapist_wai_items(rng: random.Random, level: float) -> list[int | None]:
    """The therapist's WAI-SR: therapists tend to rate the alliance above their patients, most of all in a rupture."""
    return wai_items(rng, max(level, 36.0) + 1.5)


def wai_items(rng: random.Random, level: float) -> list[int | None]:
    mean = 1 + 4 * (level - 20) / 20
    items = [min(5, max(1, round(rng.gauss(mean, 0.45)))) for _ in range(12)]
    return [None if rng.random() < 0.04 else value for value in items]
