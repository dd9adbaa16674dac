from django.core.management.base import BaseCommand, CommandError

from measures.services import instrument_wording_load
from measures.wording_file import WordingFileError, wording_rows_read


class Command(BaseCommand):
    help = (
        "Load clinics' licensed item wording from a UTF-8 CSV file with the header "
        "clinic,instrument,language,item,text (clinic: the clinic's name; instrument: srs, wai-sr or "
        "wai-sr-therapist; language: es or en; item: 1-4 for the SRS, 1-12 for the WAI-SR). Each "
        "instrument and language in the file must give every item and replaces what was loaded before. "
        "Every row is checked first: with one bad row nothing is loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as lines:
                rows = wording_rows_read(lines)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text.") from None
        except WordingFileError as error:
            raise CommandError("Nothing was loaded:\n" + "\n".join(error.errors)) from None
        count = instrument_wording_load(rows=rows)
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} items of licensed wording."))
