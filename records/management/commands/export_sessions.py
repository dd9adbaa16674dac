from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from patients.models import Patient
from patients.selectors import patients_for_user
from records.csv_export import sessions_csv_write


class Command(BaseCommand):
    help = (
        "Write the sessions CSV (the format of docs/design.md, with scores and review columns) to standard output: "
        "every patient of every clinic, or the patients USERNAME may see (--therapist), or one patient "
        "(--patient CODE; add --therapist when the code exists in more than one clinic)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--patient", metavar="CODE", help="Only this patient.")
        parser.add_argument("--therapist", metavar="USERNAME", help="Only the patients this user may see.")

    def handle(self, *args, patient=None, therapist=None, **options):
        patients = Patient.objects.all()
        if therapist:
            user = User.objects.filter(username=therapist).first()
            if user is None:
                raise CommandError(f"There is no user {therapist!r}.")
            patients = patients_for_user(user)
        if patient:
            patients = patients.filter(code__iexact=patient.strip())
            count = patients.count()
            if count == 0:
                raise CommandError(f"There is no patient {patient!r}" + (f" for {therapist}." if therapist else "."))
            if count > 1:
                raise CommandError(f"Patient code {patient!r} exists in {count} clinics: add --therapist.")
        sessions_csv_write(patients, self.stdout)
