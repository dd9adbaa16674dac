"""The sessions CSV (docs/design.md, "The sessions CSV"): its columns, reading the rows, writing a row.

No database access. Reading checks each row on its own (ranges, codes, a
partial SRS, measures or markers on a session that did not take place, an
outcome for a session dated after today, which can only be `scheduled`);
what needs the database or other rows (numbering and the date order,
duplicates, patients) is checked by `records.csv_import`.

CSV injection: patient codes are the only free text in the file. A code a
spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe, and so is a code that
starts with an apostrophe (`audit.csv_safety`); reading removes one leading apostrophe. Every
code therefore survives an export and an import unchanged.
"""

import contextlib
import csv
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from audit.csv_safety import cell_safe
from measures import scoring
from sessions.models import CHECKLIST_FIELDS, MARKER_FIELDS, MARKERS, Attendance, Modality

SRS_COLUMNS = tuple(f"srs_{name}" for name in scoring.SRS_ITEMS)
WAI_COLUMNS = tuple(f"wai_{n}" for n in range(1, scoring.WAI_ITEM_COUNT + 1))
CHECKLIST_COLUMNS = tuple(CHECKLIST_FIELDS.values())  # named as the session's columns
COLUMNS = (
    "patient_code",
    "session_number",
    "session_date",
    "status",
    "modality",
    *SRS_COLUMNS,
    *WAI_COLUMNS,
    "markers",
    *CHECKLIST_COLUMNS,
)
# Written by the export after COLUMNS; the import ignores them and tolerates their absence.
SCORE_COLUMNS = ("srs_total", "wai_task", "wai_bond", "wai_goal", "wai_total")
REVIEW_COLUMNS = ("risk_level", "rules_fired")
EXPORT_COLUMNS = (*COLUMNS, *SCORE_COLUMNS, *REVIEW_COLUMNS)

CODE_MAX_LENGTH = 32  # Patient.code
MAX_SESSION_NUMBER = 9999
# The same window as the session form: from 1990 to a year ahead.
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_AHEAD = datetime.timedelta(days=366)
ANSWERS = {"yes": True, "no": False, "": None}
MARKER_SEPARATOR = ";"
SHOWN_MAX_LENGTH = 40

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")
_MINUS_ZERO = re.compile(r"-0+(\.0+)?")  # a spreadsheet's -0: zero, read as 0.0
_INVALID = object()


class Problem(NamedTuple):
    """Why a file or a row cannot be imported; `line` 0 for the file as a whole."""

    line: int
    reason: str

    def __str__(self):
        if not self.line:
            return self.reason
        return _("Line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


class FileError(Exception):
    """The file cannot be read at all (size, encoding, header); `problems` says why."""

    def __init__(self, problems: Sequence[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = list(problems)


@dataclass(frozen=True)
class SessionRow:
    """One session as the file gives it, every value checked and converted."""

    patient_code: str
    number: int
    date: datetime.date
    attendance: str
    modality: str
    srs: tuple[Decimal, ...] | None  # the four items, or None: no SRS
    wai: tuple[int | None, ...] | None  # the patient's twelve answers, or None: no WAI-SR
    markers: tuple[str, ...]  # in the order of sessions.models.MARKERS
    checklist: tuple[bool | None, ...]
    line: int = 0

    @property
    def session_fields(self) -> dict:
        """The TherapySession fields this row sets."""
        return {
            "date": self.date,
            "attendance": self.attendance,
            "modality": self.modality,
            **{name: code in self.markers for code, name in MARKER_FIELDS.items()},
            **dict(zip(CHECKLIST_FIELDS.values(), self.checklist, strict=True)),
        }


@dataclass(frozen=True)
class ReadRow:
    """A data row: its session key when code and number are valid, the whole row when all is."""

    line: int
    key: tuple[str, int] | None
    row: SessionRow | None


def file_decode(data: bytes, *, max_bytes: int) -> str:
    """The text of an uploaded file: UTF-8, with or without a byte order mark, and no NUL byte."""
    if len(data) > max_bytes:
        size = filesizeformat(max_bytes)
        raise FileError(
            [Problem(0, _("The file is larger than %(size)s: split it into smaller files.") % {"size": size})]
        )
    # NUL is valid UTF-8 but never in a text file: it marks UTF-16 (Excel's "Unicode text") or binary data.
    if b"\x00" not in data:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-8-sig")
    raise FileError([Problem(0, _("The file is not UTF-8 text: save it as “CSV UTF-8”."))])


def file_read(lines: Iterable[str], *, today: datetime.date, max_rows: int) -> tuple[list[ReadRow], list[Problem]]:
    """Every data row of the file, and the problem of each bad one.

    Blank rows are skipped. Raises FileError when the file as a whole cannot
    be read: no header, a wrong header, more than `max_rows` rows, or text
    the csv module cannot parse.
    """
    reader = csv.reader(lines, strict=True)
    try:
        columns = _header(next(reader, None))
        rows, problems = [], []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == max_rows:
                reason = _("The file has more than %(max)s session rows: split it into smaller files.")
                raise FileError([Problem(0, reason % {"max": max_rows})])
            if len(cells) != len(columns):
                reason = _("this row has %(count)s cells, but the header has %(expected)s.")
                problems.append(Problem(reader.line_num, reason % {"count": len(cells), "expected": len(columns)}))
                rows.append(ReadRow(reader.line_num, None, None))
                continue
            read, errors = row_read(dict(zip(columns, cells, strict=True)), today=today, line=reader.line_num)
            rows.append(read)
            problems += [Problem(reader.line_num, error) for error in errors]
    except csv.Error as error:
        reason = _("this line is not valid CSV (%(error)s).") % {"error": error}
        raise FileError([Problem(reader.line_num, reason)]) from None
    if not rows:
        raise FileError([Problem(0, _("The file has no session rows."))])
    return rows, problems


def _header(cells: list[str] | None) -> list[str]:
    if cells is None:
        raise FileError([Problem(0, _("The file is empty."))])
    columns = [cell.strip().lower() for cell in cells]
    problems = []
    if len(columns) == 1 and ";" in columns[0]:
        problems.append(_("the columns are separated by semicolons; the file must be comma-separated."))
    else:
        missing = [name for name in COLUMNS if name not in columns]
        if missing:
            problems.append(_("the header lacks the columns %(columns)s.") % {"columns": ", ".join(missing)})
        unknown = [name for name in columns if name not in EXPORT_COLUMNS]
        if unknown:
            problems.append(_("unknown columns %(columns)s.") % {"columns": ", ".join(map(_shown, unknown))})
        twice = sorted({name for name in columns if columns.count(name) > 1})
        if twice:
            problems.append(_("the columns %(columns)s appear more than once.") % {"columns": ", ".join(twice)})
    if problems:
        raise FileError([Problem(1, reason) for reason in problems])
    return columns


class _Errors(list):
    def catch(self, parse, *args):
        try:
            return parse(*args)
        except ValueError as error:
            self.append(str(error))
            return _INVALID


def row_read(cells: Mapping[str, str], *, today: datetime.date, line: int = 0) -> tuple[ReadRow, list[str]]:
    """One data row, by column name: the row read, and every reason it is bad (empty when good)."""
    errors = _Errors()
    value = {name: (cells.get(name) or "").strip() for name in COLUMNS}
    code = errors.catch(_patient_code, value["patient_code"])
    number = errors.catch(_session_number, value["session_number"])
    date = errors.catch(_session_date, value["session_date"], today)
    attendance = errors.catch(_choice, "status", value["status"].lower(), Attendance.values)
    modality = errors.catch(_choice, "modality", value["modality"].lower() or Modality.IN_PERSON, Modality.values)
    srs = errors.catch(_srs, [errors.catch(_srs_item, name, value[name]) for name in SRS_COLUMNS])
    wai = errors.catch(_wai, [errors.catch(_wai_item, name, value[name]) for name in WAI_COLUMNS])
    markers = errors.catch(_markers, value["markers"])
    checklist = tuple(errors.catch(_answer, name, value[name].lower()) for name in CHECKLIST_COLUMNS)
    if attendance not in (_INVALID, Attendance.ATTENDED):
        errors += _not_attended(attendance, markers=markers, srs=srs, wai=wai)
    errors += _planned(attendance, date=date, today=today, checklist=checklist)
    key = (code, number) if _INVALID not in (code, number) else None
    if errors:
        return ReadRow(line, key, None), list(errors)
    row = SessionRow(code, number, date, attendance, modality, srs, wai, markers, checklist, line=line)
    return ReadRow(line, key, row), []


def _shown(value: str) -> str:
    if len(value) > SHOWN_MAX_LENGTH:
        value = value[:SHOWN_MAX_LENGTH] + "…"
    return repr(value)


def _patient_code(value: str) -> str:
    code = code_read(value)
    if not code:
        raise ValueError(_("patient_code is empty."))
    if len(code) > CODE_MAX_LENGTH:
        raise ValueError(_("patient_code is longer than %(max)s characters.") % {"max": CODE_MAX_LENGTH})
    if not code.isprintable():
        raise ValueError(_("patient_code contains control characters: %(value)s.") % {"value": _shown(code)})
    return code


def _session_number(value: str) -> int:
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_SESSION_NUMBER:
        reason = _("session_number must be a whole number from 1 to %(max)s, not %(value)s.")
        raise ValueError(reason % {"max": MAX_SESSION_NUMBER, "value": _shown(value)})
    return int(value)


def _session_date(value: str, today: datetime.date) -> datetime.date:
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        date = datetime.date.fromisoformat(value)
    except ValueError:
        reason = _("session_date must be a date written YYYY-MM-DD, not %(value)s.")
        raise ValueError(reason % {"value": _shown(value)}) from None
    latest = today + LATEST_AHEAD
    if not EARLIEST_DATE <= date <= latest:
        reason = _("session_date must be from %(earliest)s to %(latest)s (a year from today), not %(value)s.")
        raise ValueError(reason % {"earliest": EARLIEST_DATE, "latest": latest, "value": _shown(value)})
    return date


def _choice(column: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        reason = _("%(column)s must be one of %(choices)s, not %(value)s.")
        raise ValueError(reason % {"column": column, "choices": ", ".join(choices), "value": _shown(value)})
    return value


def _srs_item(column: str, value: str) -> Decimal | None:
    if not value:
        return None
    number = value.replace(",", ".", 1)
    if _MINUS_ZERO.fullmatch(number):
        number = number[1:]
    if not _PLAIN_NUMBER.fullmatch(number) or not scoring.SRS_ITEM_MIN <= Decimal(number) <= scoring.SRS_ITEM_MAX:
        reason = _("%(column)s must be a number from 0.0 to 10.0, not %(value)s.")
        raise ValueError(reason % {"column": column, "value": _shown(value)})
    item = Decimal(number)
    if item != item.quantize(scoring.ONE_DECIMAL):
        reason = _("%(column)s must have at most one decimal, not %(value)s.")
        raise ValueError(reason % {"column": column, "value": _shown(value)})
    return item.quantize(scoring.ONE_DECIMAL)


def _srs(items: list) -> tuple[Decimal, ...] | None:
    if _INVALID in items:
        return _INVALID
    if all(item is None for item in items):
        return None
    missing = [column for column, item in zip(SRS_COLUMNS, items, strict=True) if item is None]
    if missing:
        reason = _("the SRS is partial: give all four SRS items or none (missing: %(columns)s).")
        raise ValueError(reason % {"columns": ", ".join(missing)})
    return tuple(items)


def _wai_item(column: str, value: str) -> int | None:
    if not value:
        return None
    if value not in {"1", "2", "3", "4", "5"}:
        reason = _("%(column)s must be a whole number from 1 to 5, or empty, not %(value)s.")
        raise ValueError(reason % {"column": column, "value": _shown(value)})
    return int(value)


def _wai(items: list) -> tuple[int | None, ...] | None:
    if _INVALID in items:
        return _INVALID
    return None if all(item is None for item in items) else tuple(items)


def _markers(value: str) -> tuple[str, ...]:
    codes = {code.strip().lower() for code in value.split(MARKER_SEPARATOR)} - {""}
    unknown = sorted(codes - set(MARKERS))
    if unknown:
        reason = _("markers: %(codes)s is not a marker code; use %(choices)s, joined with “;”.")
        raise ValueError(reason % {"codes": ", ".join(map(_shown, unknown)), "choices": ", ".join(MARKERS)})
    return tuple(code for code in MARKERS if code in codes)


def _answer(column: str, value: str) -> bool | None:
    if value not in ANSWERS:
        raise ValueError(
            _("%(column)s must be yes, no or empty, not %(value)s.") % {"column": column, "value": _shown(value)}
        )
    return ANSWERS[value]


def _not_attended(attendance: str, *, markers, srs, wai) -> list[str]:
    reasons = []
    if markers not in (_INVALID, ()):
        reasons.append(_("markers can only be given for an attended session, not one with status %(status)s."))
    if srs not in (_INVALID, None):
        reasons.append(_("an SRS can only be given for an attended session, not one with status %(status)s."))
    if wai not in (_INVALID, None):
        reasons.append(_("a WAI-SR can only be given for an attended session, not one with status %(status)s."))
    return [reason % {"status": _shown(attendance)} for reason in reasons]


def _planned(attendance: str, *, date, today: datetime.date, checklist: tuple) -> list[str]:
    """A session dated after today can only be planned, and a planned one has no checklist yet."""
    if attendance is _INVALID:
        return []
    reasons = []
    if attendance == Attendance.SCHEDULED and any(answer not in (None, _INVALID) for answer in checklist):
        reasons.append(
            _("a checklist can only be answered for a session that took place, not one with status %(status)s.")
        )
    if attendance != Attendance.SCHEDULED and date is not _INVALID and date > today:
        reasons.append(
            _("a session dated after today can only be planned: its status must be scheduled, not %(status)s.")
        )
    return [reason % {"status": _shown(attendance)} for reason in reasons]


def code_read(cell: str) -> str:
    """A patient code as written by `code_write`."""
    cell = cell.strip()
    return (cell[1:] if cell.startswith("'") else cell).strip()


code_write = cell_safe  # a patient code a spreadsheet will not run as a formula


def row_cells(row: SessionRow) -> list[str]:
    """The cells of COLUMNS for one session."""
    srs = [f"{item:.1f}" for item in row.srs] if row.srs else [""] * len(SRS_COLUMNS)
    wai = ["" if item is None else str(item) for item in row.wai] if row.wai else [""] * len(WAI_COLUMNS)
    answers = {value: answer for answer, value in ANSWERS.items()}
    return [
        code_write(row.patient_code),
        str(row.number),
        row.date.isoformat(),
        row.attendance,
        row.modality,
        *srs,
        *wai,
        MARKER_SEPARATOR.join(row.markers),
        *[answers[value] for value in row.checklist],
    ]


def score_cells(*, srs_total: Decimal | None, wai_means: Sequence[Decimal | None]) -> list[str]:
    """The cells of SCORE_COLUMNS: the SRS total to one decimal, the WAI-SR task, bond, goal and total means to two."""
    total = "" if srs_total is None else f"{srs_total:.1f}"
    return [total, *("" if mean is None else f"{mean:.2f}" for mean in wai_means)]
