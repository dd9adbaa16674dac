from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from records import csv_format
from records.csv_import import SessionsImportError, sessions_import


class Command(BaseCommand):
    help = (
        "Import a sessions CSV (the format of docs/design.md, as written by export_sessions) as the therapist "
        "USERNAME: patients of the file the clinic lacks are created as theirs; a row for an existing session "
        "number updates that session; new numbers must follow the patient's last session without gaps. "
        "Every row is checked first: with one bad row nothing is imported, and every bad row is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file (UTF-8, comma-separated, header row).")
        parser.add_argument("--therapist", required=True, metavar="USERNAME", help="The therapist importing.")

    def handle(self, *args, file, therapist, **options):
        user = User.objects.filter(username=therapist).first()
        if user is None:
            raise CommandError(f"There is no user {therapist!r}.")
        max_bytes = settings.SESSIONS_IMPORT_MAX_BYTES
        try:
            with open(file, "rb") as data:
                text = csv_format.file_decode(data.read(max_bytes + 1), max_bytes=max_bytes)
            result = sessions_import(text=text, importer=user, therapist=user)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except csv_format.FileError as error:
            raise CommandError("Nothing was imported:\n" + "\n".join(map(str, error.problems))) from None
        except SessionsImportError as error:
            raise CommandError("Nothing was imported:\n" + "\n".join(error.errors)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: {result.sessions_created} new sessions, {result.sessions_updated} updated, "
                f"{result.sessions_unchanged} unchanged; {result.patients_created} new patients."
            )
        )
