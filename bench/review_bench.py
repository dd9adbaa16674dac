"""Time `manage.py review --all` against the floor of reading the same rows into pandas.

Runs in a throw-away database (test_<name> of DATABASE_URL, created and dropped here):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance .venv/bin/python -m bench.review_bench --demo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance .venv/bin/python -m bench.review_bench --sessions 100000

--demo builds the demo clinic (dashboard.demo, seed 1); --sessions N writes N synthetic sessions
(20 per patient, an SRS at 85% of the attended ones, a WAI-SR every fourth) with bulk inserts.
"""

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
os.environ.setdefault("CELERY_BROKER_URL", "")  # no worker: reviews queued by the demo run in process

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

BATCH = 500


def synthetic(sessions: int, *, seed: int = 1) -> None:
    """`sessions` sessions in histories of 20, written with bulk inserts (no marks, no tasks)."""
    import datetime

    from accounts.models import Clinic, Role
    from accounts.services import staff_member_create
    from measures.models import SrsResponse, WaiResponse
    from measures.services import Submission, srs_response_build, wai_response_build
    from patients.models import Patient
    from sessions.models import MARKERS, TherapySession

    rng = random.Random(seed)
    clinic = Clinic.objects.create(name="Bench clinic")
    therapists = [
        staff_member_create(clinic=clinic, username=f"bench{n}", password="bench-password-1", role=Role.THERAPIST)
        for n in range(50)
    ]
    per_patient = 20
    patients = Patient.objects.bulk_create(
        Patient(clinic=clinic, code=f"B-{n:06d}", primary_therapist=therapists[n % len(therapists)])
        for n in range(sessions // per_patient)
    )
    tablet = Submission(channel="tablet", language="es")
    start = datetime.date(2025, 1, 6)
    for chunk in range(0, len(patients), 500):
        rows, srs, wai, levels = [], [], [], {}
        for patient in patients[chunk : chunk + 500]:
            levels[patient.pk] = rng.uniform(31, 39.5)  # each patient's usual SRS total
            for number in range(1, per_patient + 1):
                roll = rng.random()
                attendance = "attended" if roll > 0.1 else rng.choice(["cancelled_patient", "no_show"])
                markers = {f"marker_{c}": attendance == "attended" and rng.random() < 0.04 for c in MARKERS}
                checklist = {f"checklist_{n}": rng.choice([True, True, True, False, None]) for n in range(1, 6)}
                rows.append(
                    TherapySession(
                        patient=patient,
                        therapist_id=patient.primary_therapist_id,
                        number=number,
                        date=start + datetime.timedelta(weeks=number - 1),
                        attendance=attendance,
                        **markers,
                        **(checklist if attendance == "attended" else {}),
                    )
                )
        TherapySession.objects.bulk_create(rows, batch_size=2000)
        for session in rows:
            if session.attendance != "attended":
                continue
            if rng.random() < 0.85:
                tenths = round(min(400, max(0, rng.gauss(levels[session.patient_id] * 10, 15))))
                base, extra = divmod(tenths, 4)
                items = [(base + (1 if i < extra else 0)) / 10 for i in range(4)]
                srs.append(srs_response_build(session=session, items=items, submission=tablet))
            if session.number % 4 == 0:
                items = [min(5, max(1, round(rng.gauss(4, 0.7)))) for _ in range(12)]
                wai.append(wai_response_build(session=session, items=items, respondent="patient", submission=tablet))
        SrsResponse.objects.bulk_create(srs, batch_size=2000)
        WaiResponse.objects.bulk_create(wai, batch_size=2000)


def floor() -> float:
    """Seconds to read every patient's sessions and responses into DataFrames, in the command's batches."""
    from patients.models import Patient
    from review.selectors import history_frames

    ids = list(Patient.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    for start in range(0, len(ids), BATCH):
        history_frames(ids[start : start + BATCH])
    return time.perf_counter() - started


def review_all() -> float:
    started = time.perf_counter()
    call_command("review", "--all", "--no-progress", f"--batch-size={BATCH}", stdout=io.StringIO())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--demo", action="store_true")
    which.add_argument("--sessions", type=int)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: the bench runs in a throw-away database there.")
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from review.models import Flag, SessionReview
        from sessions.models import TherapySession

        started = time.perf_counter()
        if options.demo:
            from dashboard.demo import demo_build

            demo_build(seed=1)
        else:
            synthetic(options.sessions)
        built = time.perf_counter() - started
        count = TherapySession.objects.count()
        read = min(floor() for _ in range(3))
        runs = [review_all() for _ in range(2)]
        print(f"database {name}: {count} sessions built in {built:.1f} s")
        print(f"floor (read the rows into pandas, batches of {BATCH} patients): {read:.2f} s")
        print(f"review --all: {' / '.join(f'{r:.2f} s' for r in runs)} (first / second run)")
        print(f"reviews {SessionReview.objects.count()}, flags {Flag.objects.count()}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
