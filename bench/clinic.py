"""The synthetic clinic of `make bench`: deterministic, realistic, written in bulk.

One `random.Random(seed)` draws everything, so a seed and a size always give
the same clinic (dates are relative to the day it is built). Each patient
follows one alliance trajectory; attendance, markers, checklists, the SRS and
the WAI-SR follow it, drawn by the demo's generators (dashboard/demo.py) with
the bench's own mix of trajectories and profile. Rows go in with COPY,
built by the project's own response builders (which score them); the reviews
are then computed by `manage.py review --all`, so the stored reviews, flags
and checklist reviews (and any other rows that command keeps) are exactly what
the worker writes.
"""

import datetime
import io
import math
import random
from dataclasses import dataclass, replace

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Clinic, Role, Supervision, User
from dashboard.demo import (
    PAPER_RATE,
    THERAPIST_WAI_RATE,
    Profile,
    attendance_draw,
    patient_habits,
    session_draw,
    srs_given,
    srs_items,
    srs_level,
    srs_total_draw,
    strain_at,
    therapist_wai_items,
    wai_items,
)
from measures.models import Channel, Respondent
from measures.services import Submission, srs_response_build, wai_response_build
from patients.models import Patient
from sessions.models import Attendance, TherapySession

CLINIC_NAME = "Bench clinic"
PASSWORD = "bench-password-2026"  # noqa: S105 - a throw-away database's only password
CHUNK = 500  # patients per round of inserts

# Share of patients on each trajectory.
TRAJECTORIES = {
    "stable_high": 35,
    "early_low_rising": 15,
    "slow_decline": 12,
    "missed_sessions": 12,
    "v_rupture_repaired": 10,
    "v_rupture_unrepaired": 8,
    "ceiling": 8,
}
FIRST_NAMES = ["Ana", "Luis", "Marta", "Jorge", "Lucía", "Pablo", "Elena", "Diego", "Sara", "Tomás", "Irene", "Raúl"]
LAST_NAMES = ["García", "Romero", "Navarro", "Iglesias", "Ortega", "Serrano", "Molina", "Castro", "Rubio", "Gil"]
ALIASES = ["", "", "", "M.", "J. R.", "A. G.", "L.", "Primera hora", "La del martes", "P. S."]
ACTIVE_RATE = 0.85
PROFILE = Profile(withdrawal=0.015, confrontation=0.005, srs_spread=0.8)
PENDING_SRS_RATE = 0.5  # of today's attended sessions: no SRS yet, the load submits to them


@dataclass(frozen=True)
class ClinicSize:
    patients: int
    sessions: int
    patients_per_therapist: int = 30
    therapists_per_supervisor: int = 10
    long_history: int = 100  # sessions of the patient whose page is timed

    @property
    def therapists(self) -> int:
        return max(1, round(self.patients / self.patients_per_therapist))

    @property
    def supervisors(self) -> int:
        return math.ceil(self.therapists / self.therapists_per_supervisor)

    def smaller(self, factor: int) -> "ClinicSize":
        return replace(self, patients=max(1, self.patients // factor), sessions=max(1, self.sessions // factor))

    def describe(self) -> str:
        return (
            f"{self.therapists:,} therapists, {self.supervisors:,} supervisors, "
            f"{self.patients:,} patients, {self.sessions:,} sessions"
        )


@dataclass(frozen=True)
class Cast:
    """Who the measurements act as: found again by name in a kept database."""

    supervisor: User  # supervises the first ten therapists
    therapist: User  # the first therapist: a caseload of about 30, with the long history
    long_patient: Patient

    @classmethod
    def find(cls) -> "Cast":
        return cls(
            supervisor=User.objects.get(username=supervisor_name(1)),
            therapist=User.objects.get(username=therapist_name(1)),
            long_patient=Patient.objects.get(code=patient_code(0)),
        )


def supervisor_name(n: int) -> str:
    return f"supervisor{n:02d}"


def therapist_name(n: int) -> str:
    return f"therapist{n:03d}"


def patient_code(index: int) -> str:
    return f"B-{index + 1:05d}"


def clinic_build(size: ClinicSize, *, seed: int) -> None:
    """Write the clinic in bulk, then review every session as the worker would."""
    rng = random.Random(seed)
    with transaction.atomic():
        clinic = Clinic.objects.create(name=CLINIC_NAME)
        therapists = _staff_create(rng, clinic, size)
        patients = _patients_create(rng, clinic, therapists, size.patients)
    counts = session_counts(rng, size)
    for start in range(0, len(patients), CHUNK):
        # Fresh statistics after each chunk: where foreign keys are checked, the checks of the
        # next inserts were otherwise planned for empty tables, and the build grew quadratically.
        _analyze()
        with transaction.atomic():
            _histories_create(rng, patients[start : start + CHUNK], counts[start : start + CHUNK])
    _analyze()
    call_command("review", "--all", "--no-progress", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as a long-lived database would be


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _staff_create(rng: random.Random, clinic: Clinic, size: ClinicSize) -> list[User]:
    password = make_password(PASSWORD)  # hashed once: argon2 per user would dominate the build

    def member(username: str, role: str) -> User:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        return User(clinic=clinic, username=username, password=password, role=role, first_name=first, last_name=last)

    admin = member("admin", Role.CLINIC_ADMIN)
    supervisors = [member(supervisor_name(n), Role.SUPERVISOR) for n in range(1, size.supervisors + 1)]
    therapists = [member(therapist_name(n), Role.THERAPIST) for n in range(1, size.therapists + 1)]
    User.objects.bulk_create([admin, *supervisors, *therapists])
    per = size.therapists_per_supervisor
    Supervision.objects.bulk_create(
        Supervision(supervisor=supervisor, therapist=therapist)
        for n, supervisor in enumerate(supervisors)
        for therapist in therapists[n * per : (n + 1) * per]
    )
    return therapists


def _patients_create(rng: random.Random, clinic: Clinic, therapists: list[User], count: int) -> list[Patient]:
    patients = [
        Patient(
            clinic=clinic,
            code=patient_code(index),
            alias=rng.choice(ALIASES),
            birth_year=rng.randint(1950, 2006),
            language="es" if rng.random() < 0.75 else "en",
            primary_therapist=therapists[index % len(therapists)],
            active=index == 0 or rng.random() < ACTIVE_RATE,
        )
        for index in range(count)
    ]
    return Patient.objects.bulk_create(patients, batch_size=2000)


def session_counts(rng: random.Random, size: ClinicSize) -> list[int]:
    """Sessions per patient, summing to size.sessions: the first patient has the long history,
    the others a skewed spread (many short therapies, a few of a year or more)."""
    if size.patients == 1:
        return [size.sessions]
    long = max(1, min(size.long_history, size.sessions - (size.patients - 1)))
    others = size.patients - 1
    remaining = size.sessions - long
    weights = [rng.lognormvariate(0, 0.7) for _ in range(others)]
    counts = [max(1, int(w * remaining / sum(weights))) for w in weights]
    gap = remaining - sum(counts)
    while gap:
        index = rng.randrange(others)
        if gap > 0:
            counts[index], gap = counts[index] + 1, gap - 1
        elif counts[index] > 1:
            counts[index], gap = counts[index] - 1, gap + 1
    return [long, *counts]


def _histories_create(rng: random.Random, patients: list[Patient], counts: list[int]) -> None:
    today = timezone.localdate()
    planned = [
        plan for patient, count in zip(patients, counts, strict=True) for plan in _history(rng, patient, count, today)
    ]
    Patient.objects.bulk_update(patients, ["consent_date"], batch_size=1000)
    sessions = [session for session, _measures in planned]
    _ids_assign(TherapySession, sessions)  # the responses refer to them
    copy_insert(TherapySession, sessions, with_pk=True)
    responses = [response for session, measures in planned for response in measures(session)]
    for model in {type(response) for response in responses}:
        copy_insert(model, [response for response in responses if type(response) is model])


def _ids_assign(model, rows: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = pk


def copy_insert(model, rows: list, *, with_pk: bool = False) -> None:
    """Insert model instances with COPY: Django's bulk INSERT spends most of its time binding parameters."""
    fields = [field for field in model._meta.concrete_fields if with_pk or not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields])


def _history(rng: random.Random, patient: Patient, count: int, today: datetime.date):
    """(unsaved session, function giving its responses once saved) for each session of the patient."""
    trajectory = rng.choices(list(TRAJECTORIES), weights=list(TRAJECTORIES.values()))[0]
    if patient.active:
        last = today - datetime.timedelta(days=rng.randrange(7))
    else:
        last = today - datetime.timedelta(weeks=rng.randint(3, 40))
    first = last - datetime.timedelta(weeks=count - 1)
    patient.consent_date = first
    modality, wai_every = patient_habits(rng)
    plans = []
    for number in range(1, count + 1):
        date = first + datetime.timedelta(weeks=number - 1)
        attendance = attendance_draw(rng, trajectory, number)
        fields = session_draw(
            rng, attendance=attendance, strain=strain_at(trajectory, number, count), modality=modality, profile=PROFILE
        )
        session = TherapySession(
            patient=patient, therapist_id=patient.primary_therapist_id, number=number, date=date, **fields
        )
        measures = None
        if attendance == Attendance.ATTENDED:
            measures = _measures(rng, trajectory, number, count, wai_every, pending=date == today)
        plans.append((session, measures or (lambda session: [])))
    return plans


def _measures(rng: random.Random, trajectory: str, number: int, count: int, wai_every: int, *, pending: bool):
    """What the patient (and sometimes the therapist) answered at an attended session, as a function of the
    saved session. Some of today's sessions have no SRS yet: the tablet is still to come."""
    level = srs_level(trajectory, number, count)
    on_paper = rng.random() < PAPER_RATE
    srs = None
    if not (pending and rng.random() < PENDING_SRS_RATE) and srs_given(rng, trajectory, number, count):
        srs = srs_items(rng, srs_total_draw(rng, trajectory, level, spread=PROFILE.srs_spread))
    wai = wai_items(rng, level) if number % wai_every == 0 else None
    therapist_wai = therapist_wai_items(rng, level) if wai and rng.random() < THERAPIST_WAI_RATE else None

    def build(session: TherapySession) -> list:
        answered_at = timezone.make_aware(datetime.datetime.combine(session.date, session.time))
        answered_at += datetime.timedelta(minutes=session.duration_minutes)
        staff = Submission(
            Channel.PAPER, session.patient.language, session.patient.primary_therapist, None, answered_at
        )
        patient = staff if on_paper else Submission(Channel.TABLET, session.patient.language, submitted_at=answered_at)
        built = []
        if srs:
            built.append(srs_response_build(session=session, items=srs, submission=patient))
        if wai:
            built.append(
                wai_response_build(session=session, items=wai, respondent=Respondent.PATIENT, submission=patient)
            )
        if therapist_wai:
            built.append(
                wai_response_build(
                    session=session, items=therapist_wai, respondent=Respondent.THERAPIST, submission=staff
                )
            )
        return built

    return build
