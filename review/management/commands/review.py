import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from patients.models import Patient
from review.services.recompute import patients_review, therapist_checklists_review
from review.summaries import weekly_stats_rebuild
from sessions.models import TherapySession

MAX_BATCH = 1000


class Command(BaseCommand):
    help = (
        "Rebuild the session reviews, flags, checklist reviews and dashboard figures, in batches of patients: "
        "every patient (--all) or those with a code (--patient CODE). Flags keep what clinicians did with them."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", dest="all_patients", help="Every patient of every clinic.")
        which.add_argument("--patient", metavar="CODE", help="The patients with this code (in any clinic).")
        parser.add_argument("--batch-size", type=int, default=500, help="Patients per transaction (default 500).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, all_patients, patient, batch_size, no_progress, **options):
        if not 1 <= batch_size <= MAX_BATCH:
            # Each patient of a batch holds an advisory lock until the batch commits.
            raise CommandError(f"--batch-size must be between 1 and {MAX_BATCH}.")
        patients = Patient.objects.all() if all_patients else Patient.objects.filter(code__iexact=patient)
        patient_ids = list(patients.order_by("pk").values_list("pk", flat=True))
        if not patient_ids:
            raise CommandError(f"No patient with the code {patient!r}.")
        total = TherapySession.objects.filter(patient_id__in=patients).count()
        started = time.perf_counter()
        sessions = flags = withdrawn = 0
        therapist_ids: set[int] = set()
        with tqdm(total=total, unit="session", disable=no_progress, file=sys.stderr) as progress:
            for start in range(0, len(patient_ids), batch_size):
                batch = patient_ids[start : start + batch_size]
                # Every week is rebuilt once below rather than once per batch.
                counts = patients_review(patient_ids=batch, only_marked=False, weekly=not all_patients)
                sessions += counts.sessions
                flags += counts.flags_written
                withdrawn += counts.flags_withdrawn
                therapist_ids |= counts.therapist_ids
                progress.update(counts.sessions)
        therapists = therapist_checklists_review(therapist_ids=sorted(therapist_ids))
        weeks = weekly_stats_rebuild() if all_patients else 0
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Reviewed {sessions} sessions of {len(patient_ids)} patients in {seconds:.1f} s: "
                f"{flags} flags written, {withdrawn} withdrawn; checklist reviews of {therapists} therapists; "
                f"{weeks} weekly rows."
            )
        )
