"""Read and validate a licensed-wording file before anything is stored.

The format (UTF-8 CSV, header row; documented on the wording page and in
`load_instrument_wording --help`):

    clinic,instrument,language,item,text
    Clinic A,srs,es,1,<the licensed wording of item 1>

`clinic` is the clinic's name; `instrument` one of srs, wai-sr,
wai-sr-therapist; `language` es or en; `item` 1-4 (SRS) or 1-12 (WAI-SR).
A file must give every item of each instrument and language it names, so a
form never mixes licensed wording with our labels.
"""

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import Clinic

from .instruments import INSTRUMENTS, LANGUAGES

COLUMNS = ("clinic", "instrument", "language", "item", "text")
TEXT_MAX_LENGTH = 1000


@dataclass(frozen=True)
class WordingRow:
    line: int
    clinic: Clinic
    instrument: str
    language: str
    item: int
    text: str


class WordingFileError(Exception):
    """The file cannot be loaded; `errors` lists every problem, by line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def wording_rows_read(lines: Iterable[str], *, clinic: Clinic | None = None) -> list[WordingRow]:
    """Every row of the file, validated; raises WordingFileError listing all bad rows.

    With `clinic`, every row must name that clinic (a clinic admin's upload).
    """
    reader = csv.DictReader(lines)
    try:
        return _rows_read(reader, clinic)
    except csv.Error as error:  # e.g. a cell past the csv module's field size limit
        reason = _("this line is not valid CSV (%(error)s).") % {"error": error}
        line = reader.reader.line_num  # DictReader's own count lags behind on an error
        raise WordingFileError([_("Line %(line)s: %(reason)s") % {"line": line, "reason": reason}]) from None


def _rows_read(reader: csv.DictReader, clinic: Clinic | None) -> list[WordingRow]:
    missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise WordingFileError([_("Line 1: the header must be %(columns)s.") % {"columns": ",".join(COLUMNS)}])
    clinics = {c.name: c for c in Clinic.objects.all()} if clinic is None else {clinic.name: clinic}
    rows, errors = [], []
    for record in reader:
        try:
            rows.append(_row(reader.line_num, record, clinics, restricted=clinic is not None))
        except ValueError as error:
            errors.append(_("Line %(line)s: %(reason)s") % {"line": reader.line_num, "reason": error})
    if not rows and not errors:
        errors.append(_("The file has no rows."))
    errors += _duplicates(rows) + _incomplete_sets(rows)
    if errors:
        raise WordingFileError(errors)
    return rows


def _row(line: int, record: dict, clinics: dict[str, Clinic], *, restricted: bool) -> WordingRow:
    clinic_name = (record.get("clinic") or "").strip()
    if clinic_name not in clinics and restricted:
        yours = next(iter(clinics))
        raise ValueError(
            _("clinic must be %(yours)r, your clinic, not %(value)r.") % {"yours": yours, "value": clinic_name}
        )
    if clinic_name not in clinics:
        raise ValueError(_("there is no clinic named %(value)r.") % {"value": clinic_name})
    instrument = (record.get("instrument") or "").strip()
    if instrument not in INSTRUMENTS:
        choices = ", ".join(INSTRUMENTS)
        raise ValueError(
            _("instrument must be one of %(choices)s, not %(value)r.") % {"choices": choices, "value": instrument}
        )
    language = (record.get("language") or "").strip()
    if language not in LANGUAGES:
        raise ValueError(_("language must be es or en, not %(value)r.") % {"value": language})
    return WordingRow(
        line=line,
        clinic=clinics[clinic_name],
        instrument=instrument,
        language=language,
        item=_item(record.get("item"), INSTRUMENTS[instrument].item_count),
        text=_text(record.get("text")),
    )


def _item(value: str | None, count: int) -> int:
    value = (value or "").strip()
    if not value.isdigit() or not 1 <= int(value) <= count:
        raise ValueError(
            _("item must be a whole number from 1 to %(count)s, not %(value)r.") % {"count": count, "value": value}
        )
    return int(value)


def _text(value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        raise ValueError(_("the text is empty."))
    if "\x00" in text:  # PostgreSQL cannot store it
        raise ValueError(_("the text contains a NUL character."))
    if len(text) > TEXT_MAX_LENGTH:
        raise ValueError(_("the text is longer than %(max)s characters.") % {"max": TEXT_MAX_LENGTH})
    return text


def _duplicates(rows: list[WordingRow]) -> list[str]:
    seen, errors = {}, []
    for row in rows:
        key = (row.clinic.pk, row.instrument, row.language, row.item)
        if key in seen:
            errors.append(
                _("Line %(line)s: item %(item)s is already given on line %(first)s.")
                % {"line": row.line, "item": row.item, "first": seen[key]}
            )
        seen.setdefault(key, row.line)
    return errors


def _incomplete_sets(rows: list[WordingRow]) -> list[str]:
    given = defaultdict(set)
    for row in rows:
        given[(row.clinic.name, row.instrument, row.language)].add(row.item)
    errors = []
    for (clinic_name, instrument, language), items in sorted(given.items()):
        missing = sorted(set(range(1, INSTRUMENTS[instrument].item_count + 1)) - items)
        if missing:
            errors.append(
                _("%(clinic)s, %(instrument)s, %(language)s: items %(missing)s are missing (give every item).")
                % {
                    "clinic": clinic_name,
                    "instrument": instrument,
                    "language": language,
                    "missing": ", ".join(map(str, missing)),
                }
            )
    return errors
