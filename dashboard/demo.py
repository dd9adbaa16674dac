"""Deterministic demo clinic: staff, patients and realistic session histories.

Everything is drawn from one `random.Random(seed)`, so a seed always gives
the same clinic (dates are relative to the day it is built). Each patient
follows one alliance trajectory; attendance, markers and checklists follow it.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Clinic, Role
from accounts.services import staff_member_create
from patients.services import patient_create
from sessions.models import CONFRONTATION_MARKERS, WITHDRAWAL_MARKERS, Attendance, Modality
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
    )
    therapists = [
        staff_member_create(
            clinic=clinic,
            username=f"therapist{n}",
            password=DEMO_PASSWORD,
            role=Role.THERAPIST,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
        )
        for n in range(1, 7)
    ]
    for n, group in enumerate((therapists[:3], therapists[3:]), start=1):
        staff_member_create(
            clinic=clinic,
            username=f"supervisor{n}",
            password=DEMO_PASSWORD,
            role=Role.SUPERVISOR,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            supervised=group,
        )
    for index in range(len(therapists) * patients_per_therapist):
        _patient_with_history(rng, clinic, therapists[index % len(therapists)], index)


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
    modality = rng.choices([Modality.IN_PERSON, Modality.VIDEO, Modality.PHONE], weights=[70, 25, 5])[0]
    for number in range(1, count + 1):
        date = first_date + datetime.timedelta(weeks=number - 1)
        attendance = _attendance(rng, trajectory, number, count)
        attended = attendance == Attendance.ATTENDED
        strain = strain_at(trajectory, number, count)
        fields = {
            "date": date,
            "time": datetime.time(rng.choice([9, 10, 11, 12, 16, 17, 18, 19]), rng.choice([0, 30])),
            "attendance": attendance,
            "modality": modality if rng.random() < 0.85 else Modality.VIDEO,
            "duration_minutes": rng.choice([50, 50, 50, 60, 45]) if attended else None,
        }
        if attended:
            fields.update(_markers(rng, strain))
            fields.update(_checklist(rng, strain, answered=rng.random() < 0.9))
        session_record(patient=patient, therapist=therapist, **fields)


def strain_at(trajectory: str, number: int, count: int) -> float:
    """How strained the alliance is at a session, 0 (none) to 1 (a rupture)."""
    if trajectory == "early_low_rising":
        return max(0.0, 0.7 - 0.12 * (number - 1))
    if trajectory in {"v_rupture_repaired", "v_rupture_unrepaired"}:
        dip = max(5, count * 2 // 3)
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


def _attendance(rng: random.Random, trajectory: str, number: int, count: int) -> str:
    if number == count and rng.random() < 0.5:
        return Attendance.ATTENDED
    missed = 0.3 if trajectory == "missed_sessions" and number > 2 else 0.06
    roll = rng.random()
    if roll < missed * 0.6:
        return Attendance.CANCELLED_PATIENT
    if roll < missed:
        return Attendance.NO_SHOW
    if roll < missed + 0.03:
        return Attendance.CANCELLED_THERAPIST
    return Attendance.ATTENDED


def _markers(rng: random.Random, strain: float) -> dict[str, bool]:
    fields = {}
    for code in WITHDRAWAL_MARKERS:
        fields[f"marker_{code}"] = rng.random() < 0.03 + 0.45 * strain
    for code in CONFRONTATION_MARKERS:
        fields[f"marker_{code}"] = rng.random() < 0.01 + 0.25 * strain
    return fields


def _checklist(rng: random.Random, strain: float, *, answered: bool) -> dict[str, bool | None]:
    if not answered:
        return {}
    fields = {}
    for n in range(1, 6):
        yes_rate = 0.9 - (0.5 * strain if n in (3, 4) else 0.15 * strain)
        fields[f"checklist_{n}"] = rng.random() < yes_rate
    return fields
