"""The pure parsers under hostile input: they answer with a value or with their own error, never anything else.

No database: thousands of examples in a few seconds.
"""

import csv
import datetime
import io
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from accounts.models import Clinic
from audit.csv_safety import FORMULA_STARTS
from measures import scoring
from measures.instruments import INSTRUMENTS
from measures.patient_forms import tokens
from measures.wording_file import WordingFileError, wording_rows_read
from records import csv_format
from records.csv_format import COLUMNS, FileError, code_read, code_write, row_cells, row_read
from sessions.models import MARKERS

from .strategies import hostile_text, huge_text, patient_codes, session_cell, session_rows, srs_items, wai_items

TODAY = datetime.date(2026, 6, 1)
LATEST = TODAY + csv_format.LATEST_AHEAD
MANY = 1000
SOME = 500


cell_rows = st.fixed_dictionaries(
    {column: st.one_of(session_cell(column, latest=LATEST), hostile_text()) for column in COLUMNS}
)


@settings(max_examples=SOME)
@given(cells=cell_rows)
@example(cells=dict.fromkeys(COLUMNS, "\x00"))
@example(cells={**dict.fromkeys(COLUMNS, ""), "srs_relationship": "1e999", "session_number": "٣"})
def test_a_row_is_either_read_whole_or_refused_with_reasons(fuzz, cells):
    fuzz.count()
    read, errors = row_read(cells, today=TODAY, line=3)
    assert all(isinstance(error, str) and error for error in errors)
    if errors:
        assert read.row is None
        return
    row = read.row
    assert row.patient_code.isprintable() and 0 < len(row.patient_code) <= csv_format.CODE_MAX_LENGTH
    assert 1 <= row.number <= csv_format.MAX_SESSION_NUMBER
    assert csv_format.EARLIEST_DATE <= row.date <= LATEST
    assert row.srs is None or all(Decimal("0") <= item <= Decimal("10") for item in row.srs)
    assert row.wai is None or all(item is None or 1 <= item <= 5 for item in row.wai)
    assert set(row.markers) <= set(MARKERS)
    assert read.key == (row.patient_code, row.number)


@settings(max_examples=MANY)
@given(row=session_rows(latest=LATEST, today=TODAY))
def test_a_row_written_by_the_export_reads_back_the_same(fuzz, row):
    fuzz.count()
    read, errors = row_read(dict(zip(COLUMNS, row_cells(row), strict=True)), today=TODAY)
    assert errors == []
    assert read.row == row


@settings(max_examples=MANY)
@given(code=patient_codes)
@example(code="=HYPERLINK(1)")
@example(code="'")
@example(code="''=1")
def test_a_patient_code_survives_the_spreadsheet_guard(fuzz, code):
    fuzz.count()
    written = code_write(code)
    assert not written.startswith(FORMULA_STARTS)
    assert code_read(written) == code


def csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()


header_lines = st.one_of(
    st.just(",".join(COLUMNS)),
    st.permutations(COLUMNS).map(",".join),
    st.just(";".join(COLUMNS)),
    st.lists(st.sampled_from([*COLUMNS, *csv_format.SCORE_COLUMNS, "PATIENT_CODE", ""]), max_size=40).map(",".join),
    hostile_text(),
)
body_lines = st.one_of(
    cell_rows.map(lambda cells: csv_line(list(cells.values()))),
    st.lists(hostile_text(), max_size=30).map(csv_line),
    st.sampled_from(['"unclosed,quote', 'a"b,c', "\x00,\x00", "\r", '""""', ",,,,,", "\ufeff" + ",".join(COLUMNS)]),
    huge_text(),
    st.integers(min_value=131_073, max_value=140_000).map(lambda size: "x" * size),  # past the csv field limit
)
csv_files = st.tuples(header_lines, st.lists(body_lines, max_size=6)).map(
    lambda parts: "\r\n".join([parts[0], *parts[1]])
)


@settings(max_examples=SOME)
@given(text=st.one_of(csv_files, st.text(st.characters(codec="utf-8"), max_size=200)))
@example(text="")
@example(text=",".join(COLUMNS) + "\r\n" + "x" * 140_000)
def test_a_file_is_read_or_refused_with_numbered_problems(fuzz, text):
    fuzz.count()
    try:
        rows, problems = csv_format.file_read(io.StringIO(text, newline=""), today=TODAY, max_rows=5)
    except FileError as error:
        assert error.problems and all(str(problem) for problem in error.problems)
        return
    assert 1 <= len(rows) <= 5
    assert all(problem.line >= 2 and str(problem).startswith(f"Line {problem.line}: ") for problem in problems)


@settings(max_examples=SOME)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=100).map(lambda text: text.encode("utf-16")),
        st.text(max_size=100).map(lambda text: text.encode("utf-8-sig")),
        st.sampled_from([b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04\x14\x00", b"%PDF-1.7\n", b"p\x00a\x00t\x00"]),
    )
)
@example(data="patient_code".encode("utf-16-le"))  # UTF-16 without a byte order mark: valid UTF-8, full of NULs
def test_an_upload_is_decoded_as_text_or_refused(fuzz, data):
    fuzz.count()
    try:
        text = csv_format.file_decode(data, max_bytes=200)
    except FileError as error:
        assert [str(problem) for problem in error.problems]
        return
    assert len(data) <= 200
    assert "\x00" not in text, "a binary file was taken for text"


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.decimals(),
    st.sampled_from([Decimal("sNaN"), Decimal("1e999999"), Decimal("-0"), Decimal("1E-999999"), Decimal("10.00")]),
    hostile_text(),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=MANY)
@given(items=st.one_of(st.lists(anything, max_size=6), st.lists(srs_items, min_size=4, max_size=4)))
def test_an_srs_total_is_a_sum_from_0_to_40_or_a_value_error(fuzz, items):
    fuzz.count()
    try:
        total = scoring.srs_total(items)
    except ValueError as error:
        assert str(error)
        return
    assert Decimal("0") <= total <= Decimal("40")
    assert total == sum(Decimal(str(item)) for item in items)


@settings(max_examples=MANY)
@given(items=st.one_of(st.lists(anything, max_size=14), st.lists(wai_items, min_size=12, max_size=12)))
def test_wai_sr_scores_are_means_from_1_to_5_or_a_value_error(fuzz, items):
    fuzz.count()
    try:
        scores = scoring.wai_scores(items)
    except ValueError as error:
        assert str(error)
        return
    for name, numbers in scoring.WAI_SUBSCALES.items():
        missing = sum(items[number - 1] is None for number in numbers)
        mean = getattr(scores, name)
        assert (mean is None) == (missing > scoring.WAI_MAX_MISSING_PER_SUBSCALE)
        assert mean is None or 1 <= mean <= 5
    assert (scores.total is None) == (not scores.complete)


@settings(max_examples=MANY)
@given(typed=st.one_of(hostile_text(), st.from_regex(r"\s*\d{3}[ .\-]?\d{3}\s*", fullmatch=True)))
def test_a_typed_tablet_code_becomes_six_ascii_digits_or_nothing(fuzz, typed):
    fuzz.count()
    code = tokens.code_normalise(typed)
    assert code is None or (len(code) == tokens.CODE_DIGITS and code.isascii() and code.isdigit())


WORDING_CLINIC = Clinic(pk=1, name="Clinic A")
wording_lines = st.one_of(
    st.tuples(
        st.sampled_from(["Clinic A", "Clinic Z", ""]) | hostile_text(),
        st.sampled_from(list(INSTRUMENTS)) | hostile_text(),
        st.sampled_from(["es", "en"]) | hostile_text(),
        st.integers(min_value=0, max_value=13).map(str) | hostile_text(),
        hostile_text(),
    ).map(lambda cells: csv_line(list(cells))),
    st.integers(min_value=131_073, max_value=140_000).map(lambda size: '"' + "x" * size + '"'),
    hostile_text(),
)


@settings(max_examples=SOME)
@given(lines=st.lists(wording_lines, max_size=6))
@example(lines=["Clinic A,srs,es,1," + "x" * 140_000])
@example(lines=["Clinic A,srs,es,1,a\x00b"])
def test_a_wording_file_is_read_or_refused_line_by_line(fuzz, lines):
    fuzz.count()
    text = "clinic,instrument,language,item,text\r\n" + "\r\n".join(lines)
    try:
        rows = wording_rows_read(io.StringIO(text, newline=""), clinic=WORDING_CLINIC)
    except WordingFileError as error:
        assert error.errors and all(error.errors)
        return
    assert rows
    assert all(row.text and "\x00" not in row.text for row in rows), "PostgreSQL cannot store a NUL character"
