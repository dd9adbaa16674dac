"""Hostile values for the fuzz tests: what a careless spreadsheet, a broken client or an attacker may send.

A form is fuzzed from a valid submission in which a few fields are then
corrupted (made hostile, left out, sent several times), so that the same
test reaches both the refusals and the successful writes.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

from records import csv_format
from sessions.models import MARKERS, Attendance, Modality

# Each holds a character that HTML escaping changes; `LEAK_PROBES` are their raw fragments,
# which no page may ever contain.
SCRIPT_PAYLOADS = (
    "<script>alert('fz')</script>",
    '"><svg onload=alert("fz")>',
    "</textarea><img src=x onerror=alert('fz')>",
    "<b id=fz>bold</b>",
    "' onmouseover='alert(1)' x='",
    '" autofocus onfocus="alert(1)',
)
LEAK_PROBES = (
    "<script>alert(",
    "<svg onload=",
    "<img src=x onerror=",
    "<b id=fz>",
    "' onmouseover='",
    '" autofocus onfocus="',
)
SQLISH = (
    "'; DROP TABLE patients_patient; --",
    "1 OR 1=1",
    '" OR ""="',
    "1; SELECT pg_sleep(5)--",
    "%' AND 1=1 --",
    "admin'--",
    "\\",
    "%",
    "_",
)
UNICODE = (
    "",
    " ",
    "\t",
    "\r\n",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\x7f",
    "\u202eevil",  # right-to-left override
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\u2028",  # line separator
    "\u00a0",
    "👩‍⚕️🏳️‍🌈",
    "مرحبا بالعالم",
    "שָׁלוֹם",
    "Z̴͉̓a̸l̵g̶o",
    "𝕬𝖑𝖑𝖎𝖆𝖓𝖈𝖊",
    "\U0010ffff",
    "\ufffd",
    "İı",
)
# What float() or Decimal() parse but no person means: NaN and ±Infinity in their spellings, an exponent past
# any range (Decimal takes 1e999999, float makes it inf), and minus zero. A paper SRS item of NaN was a server error.
SPECIAL_NUMBERS = (
    "NaN",
    "nan",
    "-NaN",
    "+NaN",
    "sNaN",
    "NaN123",
    "Infinity",
    "-Infinity",
    "+Infinity",
    "inf",
    "-inf",
    "Inf",
    "1e999999",
    "-1e999999",
    "1E+999999",
    "1e-999999",
    "-0",
    "-0.0",
    "-0,0",
    "+0",
)
NUMBERISH = (
    *SPECIAL_NUMBERS,
    "1e999",
    "-1e999",
    "1e30",
    "1E-999",
    "-1",
    "0",
    "00",
    "1.",
    ".5",
    "1,5",
    "7.55",
    "10.05",
    "10.1",
    "0x10",
    "1_0",
    "٣",  # Arabic-Indic three
    "²",
    "１０",  # full-width
    "9" * 50,
    "-" + "9" * 50,
    "9" * 5000,
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "+5",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "24:00",
    "25:61",
)
TYPEISH = (
    "null",
    "None",
    "true",
    "[]",
    "{}",
    '{"a": 1}',
    "undefined",
    "%s",
    "%(code)s",
    "{0}",
    "{{ 7|add:1 }}",
    "${7*7}",
    "../../../etc/passwd",
    "javascript:alert(1)",
    "on",
    "yes",
    "no",
)
SPECIALS = SCRIPT_PAYLOADS + SQLISH + UNICODE + NUMBERISH + TYPEISH

# A browser or a proxy can send anything in a field; Python strings that UTF-8 cannot
# encode (lone surrogates) only arrive as bytes, in the raw-body tests.
_printable = st.characters(codec="utf-8")
# Large enough for every field's length limit, small enough to stay fast.
HUGE_TIMES = st.integers(min_value=200, max_value=40_000)


def huge_text() -> st.SearchStrategy[str]:
    return st.builds(
        lambda unit, times: unit * times,
        st.sampled_from(["a", "9", " ", "<script>", "💥", "\u202e", "\x00", "ñ,"]),
        HUGE_TIMES,
    )


def hostile_text() -> st.SearchStrategy[str]:
    """One hostile value for any text field."""
    return st.one_of(
        st.sampled_from(SPECIALS),
        st.sampled_from(SPECIAL_NUMBERS),  # as often as all the other specials together
        st.text(_printable, max_size=40),
        st.tuples(st.text(_printable, max_size=6), st.sampled_from(SPECIALS), st.text(_printable, max_size=6)).map(
            "".join
        ),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.floats().map(str),
        st.decimals().map(str),
        huge_text(),
    )


@dataclass(frozen=True)
class Pk:
    """The primary key of a user of the world, resolved when the form is sent."""

    name: str


class _Missing:
    def __repr__(self):
        return "MISSING"


MISSING = _Missing()


def corrupted(valid: st.SearchStrategy) -> st.SearchStrategy:
    """A field made bad: hostile, left out, or sent several times (a list where one value is expected)."""
    return st.one_of(
        hostile_text(),
        st.just(MISSING),
        st.lists(st.one_of(valid, hostile_text()), min_size=2, max_size=3),
    )


@st.composite
def form_fields(draw, fields: dict[str, st.SearchStrategy]) -> dict:
    """A submission: every field valid, then up to three of them corrupted, and maybe unknown fields added."""
    data = {name: draw(valid) for name, valid in fields.items()}
    for name in draw(st.lists(st.sampled_from(sorted(fields)), max_size=min(3, len(fields)), unique=True)):
        data[name] = draw(corrupted(fields[name]))
    unknown = st.from_regex(r"[a-z_]{1,12}", fullmatch=True)
    data.update(draw(st.dictionaries(unknown, hostile_text(), max_size=2)))
    return data


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.just(""), strategy)


def plain_text(max_size: int) -> st.SearchStrategy[str]:
    """Text a person might type: no control characters."""
    return st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=max_size)


def dates_between(first, last) -> st.SearchStrategy[str]:
    return st.dates(min_value=first, max_value=last).map(lambda date: date.isoformat())


# The sessions CSV.

srs_items = st.integers(min_value=0, max_value=100).map(lambda tenths: Decimal(tenths) / 10)
wai_items = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
# What str.isprintable() accepts: no control, format, separator or unassigned characters but the space.
_code_characters = st.one_of(st.characters(codec="utf-8", exclude_categories=["C", "Z"]), st.just(" "))
patient_codes = st.text(_code_characters, min_size=1, max_size=csv_format.CODE_MAX_LENGTH).map(str.strip).filter(bool)


def session_cell(column: str, *, latest: datetime.date) -> st.SearchStrategy[str]:
    """A value the column of the sessions CSV takes, as a spreadsheet may write it."""
    if column == "patient_code":
        return patient_codes.map(csv_format.code_write)
    if column == "session_number":
        return st.integers(min_value=1, max_value=csv_format.MAX_SESSION_NUMBER).map(str)
    if column == "session_date":
        return st.dates(csv_format.EARLIEST_DATE, latest).map(datetime.date.isoformat)
    if column == "status":
        return st.sampled_from([*Attendance.values, *(value.upper() for value in Attendance.values)])
    if column == "modality":
        return st.sampled_from(["", *Modality.values])
    if column.startswith("srs_"):
        return st.one_of(st.just(""), srs_items.map(str), srs_items.map(lambda item: str(item).replace(".", ",")))
    if column.startswith("wai_"):
        return st.sampled_from(["", "1", "2", "3", "4", "5"])
    if column == "markers":
        return st.lists(st.sampled_from(list(MARKERS)), unique=True).map(";".join)
    return st.sampled_from(["", "yes", "no", "YES"])


@st.composite
def session_rows(draw, *, latest: datetime.date, today: datetime.date) -> csv_format.SessionRow:
    """A valid session of the sessions CSV: one dated after `today` is planned, and a planned one has no checklist."""
    date = draw(st.dates(csv_format.EARLIEST_DATE, latest))
    attendance = Attendance.SCHEDULED if date > today else draw(st.sampled_from(Attendance.values))
    attended = attendance == Attendance.ATTENDED
    planned = attendance == Attendance.SCHEDULED
    srs = draw(st.one_of(st.none(), st.tuples(*[srs_items] * 4))) if attended else None
    wai = draw(st.one_of(st.none(), st.tuples(*[wai_items] * 12))) if attended else None
    if wai is not None and all(item is None for item in wai):
        wai = None
    return csv_format.SessionRow(
        patient_code=draw(patient_codes),
        number=draw(st.integers(min_value=1, max_value=csv_format.MAX_SESSION_NUMBER)),
        date=date,
        attendance=attendance,
        modality=draw(st.sampled_from(Modality.values)),
        srs=srs,
        wai=wai,
        markers=tuple(code for code in MARKERS if draw(st.booleans())) if attended else (),
        checklist=tuple(None if planned else draw(st.sampled_from([True, False, None])) for _ in range(5)),
    )
