"""The two uploads under random and hostile files: the sessions CSV import and the licensed wording.

An import stores every row exactly as the file gives it, or nothing and a
list of every bad line with its reason. A file too large, binary or in
another encoding is refused with a message that says so.
"""

import csv
import io
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from measures.instruments import INSTRUMENTS
from patients.selectors import patients_for_user
from records import csv_export, csv_format
from records.csv_format import COLUMNS
from records.csv_import import SessionsImportError, sessions_import
from records.csv_views import ERRORS_SHOWN

from .checks import assert_escaped, assert_no_server_error, changed_models, error_messages, row_count, stored_rows
from .strategies import SCRIPT_PAYLOADS, hostile_text, huge_text, session_cell, session_rows

TODAY = timezone.localdate()
LATEST = TODAY + csv_format.LATEST_AHEAD
IMPORT_MODELS = {
    "patients.Patient",
    "therapy_sessions.TherapySession",
    "measures.SrsResponse",
    "measures.WaiResponse",
}
IMPORT_URL = "/patients/import/"
WORDING_URL = "/clinic/instrument-wording/"

# Codes the world knows (A-001 is therapist A's, with session 1; B-001 is therapist B's), new ones,
# one in two cases, and one a spreadsheet would take for a formula (refused as a new code: patients.codes).
KNOWN_CODES = ("A-001", "a-001", "B-001", "N-1", "n-1", "N-2.x_3", "=N-3")
headers = st.one_of(
    st.just(list(COLUMNS)),
    st.just(list(COLUMNS)),
    st.permutations(COLUMNS).map(list),
    st.just([*COLUMNS, *csv_format.SCORE_COLUMNS, *csv_format.REVIEW_COLUMNS]),
    st.lists(st.sampled_from([*COLUMNS, "unknown", "PATIENT_CODE", SCRIPT_PAYLOADS[0]]), max_size=32),
)
stray_lines = st.lists(
    st.one_of(st.sampled_from(['"unclosed', ",,,", "\x00", "a,b", ""]), hostile_text(), huge_text()), max_size=1
)


def csv_file(header: list[str], rows: list[dict], extra_lines: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue() + "".join(line + "\r\n" for line in extra_lines)


@st.composite
def files(draw) -> str:
    """Good rows, numbered on from each patient's last session, then up to three cells made bad."""
    following: dict[str, int] = {}
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        code = draw(st.sampled_from(KNOWN_CODES))
        number = following.get(code.lower(), 1)
        following[code.lower()] = number + 1
        row = replace(draw(session_rows(latest=LATEST, today=TODAY)), patient_code=code, number=number)
        rows.append(dict(zip(COLUMNS, csv_format.row_cells(row), strict=True)))
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        row, column = draw(st.sampled_from(rows)), draw(st.sampled_from(COLUMNS))
        row[column] = draw(st.one_of(hostile_text(), session_cell(column, latest=LATEST)))
    return csv_file(draw(headers), rows, draw(stray_lines))


def exported_cells(user) -> dict[tuple[str, int], list[str]]:
    """The stored sessions as the export writes them: COLUMNS cells by (lower-case code, number)."""
    out = io.StringIO()
    csv_export.sessions_csv_write(patients_for_user(user), out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]
    return {(csv_format.code_read(row[0]).lower(), int(row[1])): row[: len(COLUMNS)] for row in rows}


@settings(max_examples=100)
@given(text=files())
@example(text=f"{','.join(COLUMNS)}\r\nA-001,2,2026-03-02,attended,,1e999,NaN,-1,Infinity" + "," * 18)
@example(text=f"{','.join(COLUMNS)}\r\nA-001,2,2026-11-09,attended,,-0,1e999999,-Infinity,sNaN,-0" + "," * 17)
@example(text=f"{','.join(COLUMNS)}\r\nA-001,2,2026-11-09,attended,,-0,-0.0,-0,0" + "," * 18)
@example(text=f"{','.join(COLUMNS)}\r\n\u202eA-001\u200b,1,2026-03-02,attended" + "," * 22)
def test_an_import_stores_every_row_as_written_or_nothing(world, fuzz, text):
    with fuzz.example():
        before = stored_rows()
        try:
            result = sessions_import(text=text, importer=world.therapist_a, therapist=world.therapist_a, today=TODAY)
        except SessionsImportError as error:
            event("refused")
            assert error.errors and all(error.errors)
            assert not changed_models(before, stored_rows()), "a refused import stored something"
            return
        event("imported")
        after = stored_rows()
        assert changed_models(before, after) <= IMPORT_MODELS
        assert row_count(before, after, "patients.Patient") == result.patients_created
        assert row_count(before, after, "therapy_sessions.TherapySession") == result.sessions_created
        rows, problems = csv_format.file_read(io.StringIO(text, newline=""), today=TODAY, max_rows=100)
        assert not problems
        stored = exported_cells(world.therapist_a)
        for read in rows:
            written = csv_format.row_cells(read.row)
            assert stored[(read.row.patient_code.lower(), read.row.number)][1:] == written[1:]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


file_names = st.one_of(
    st.just("sessions.csv"),
    st.sampled_from(["<script>alert('fz')</script>.csv", "../../etc/passwd", "x.xlsx", "noextension", "💥.csv"]),
)
encodings = st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1"])
uploads = st.one_of(
    st.tuples(files(), encodings).map(lambda pair: pair[0].encode(pair[1], errors="replace")),
    st.binary(max_size=200),
    st.sampled_from([b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00\x06\x00", b"%PDF-1.7\n%\xe2"]),
)


def assert_import_says_what_is_wrong(response) -> None:
    """The page lists every bad line (or what is wrong with the file) in the page."""
    context = response.context
    messages = list(context["errors"]) or error_messages(context["form"])
    assert messages, "the import was refused without saying why"
    body = response.content.decode()
    hidden = [message for message in messages[:ERRORS_SHOWN] if escape(message) not in body]
    assert not hidden, f"reasons not shown: {hidden}"


@pytest.mark.parametrize("actor", ["therapist_a", "admin"])
@settings(max_examples=40)
@given(contents=st.lists(uploads, min_size=1, max_size=2), name=file_names)
def test_uploading_a_sessions_file_never_fails_and_imports_all_or_nothing(world, login, fuzz, actor, contents, name):
    client = login(getattr(world, actor))
    data = {"file": [upload(name, content) for content in contents], "therapist": str(world.therapist_b.pk)}
    with fuzz.example():
        before = stored_rows()
        response = client.post(IMPORT_URL, data)
        assert_no_server_error(response)
        assert_escaped(response)
        changed = changed_models(before, stored_rows())
        event(f"status {response.status_code}")
        if response.status_code == 302:
            assert changed <= IMPORT_MODELS
            assert_escaped(client.get(response["Location"]))
            return
        assert response.status_code == 200
        assert not changed, f"a refused import changed {sorted(changed)}"
        assert_import_says_what_is_wrong(response)


def wording_file(rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["clinic", "instrument", "language", "item", "text"])
    writer.writerows(rows)
    return out.getvalue()


def wording_set(instrument: str, language: str, texts: list[str]) -> list[tuple]:
    return [("Clinic A", instrument, language, str(n), text) for n, text in enumerate(texts, start=1)]


@st.composite
def wording_rows(draw) -> list[tuple]:
    """A complete set of one instrument and language, with a few cells made hostile."""
    instrument = draw(st.sampled_from(list(INSTRUMENTS)))
    count = INSTRUMENTS[instrument].item_count
    texts = draw(st.lists(st.text(min_size=1, max_size=80), min_size=count, max_size=count))
    rows = [list(row) for row in wording_set(instrument, draw(st.sampled_from(["es", "en"])), texts)]
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        row, column = draw(st.integers(0, count - 1)), draw(st.integers(0, 4))
        rows[row][column] = draw(hostile_text())
    return [tuple(row) for row in rows]


wording_uploads = st.one_of(
    wording_rows().map(lambda rows: wording_file(rows).encode("utf-8")),
    st.tuples(wording_rows(), encodings).map(lambda pair: wording_file(pair[0]).encode(pair[1], errors="replace")),
    uploads,
)


@settings(max_examples=60)
@given(content=wording_uploads, name=file_names)
@example(content=wording_file([("Clinic A", "srs", "es", "1", "x" * 140_000)]).encode(), name="wording.csv")
def test_uploading_a_wording_file_never_fails_and_loads_all_or_nothing(world, login, fuzz, content, name):
    client = login(world.admin)
    with fuzz.example():
        before = stored_rows()
        response = client.post(WORDING_URL, {"file": upload(name, content)})
        assert_no_server_error(response)
        assert_escaped(response)
        changed = changed_models(before, stored_rows())
        event(f"status {response.status_code}")
        if response.status_code == 302:
            assert changed == {"measures.InstrumentWording"}
            assert_escaped(client.get(response["Location"]))
            return
        assert response.status_code == 200
        assert not changed
        messages = error_messages(response.context["form"])
        assert messages and all(escape(message) in response.content.decode() for message in messages)


# Uploaded files are limited in size and type.

BINARY = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
    "xlsx": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "utf-16 csv": ",".join(COLUMNS).encode("utf-16"),
    "utf-16 csv without a byte order mark": ",".join(COLUMNS).encode("utf-16-le"),
    "text with a NUL byte": ",".join(COLUMNS).encode() + b"\r\nA-001,\x00",
}


def refused(client, url: str, name: str, content: bytes) -> str:
    """Upload a file that must be refused: the page comes back (200) and nothing is stored. Returns the page."""
    before = stored_rows()
    response = client.post(url, {"file": upload(name, content)})
    assert response.status_code == 200
    assert not changed_models(before, stored_rows())
    return response.content.decode()


@pytest.mark.parametrize("kind", sorted(BINARY))
def test_a_binary_or_utf16_sessions_file_is_refused_as_not_utf8(world, login, kind):
    page = refused(login(world.therapist_a), IMPORT_URL, f"{kind}.csv", BINARY[kind])
    assert "The file is not UTF-8 text: save it as “CSV UTF-8”." in page


@pytest.mark.parametrize("kind", sorted(BINARY))
def test_a_binary_or_utf16_wording_file_is_refused_as_not_utf8(world, login, kind):
    page = refused(login(world.admin), WORDING_URL, f"{kind}.csv", BINARY[kind])
    assert "The file is not UTF-8 text." in page


def test_a_sessions_file_over_the_size_limit_is_refused_with_the_limit(world, login, settings):
    settings.SESSIONS_IMPORT_MAX_BYTES = 2_000
    text = csv_file(list(COLUMNS), [], []) + "N-1,1,2026-03-02,attended" + "," * 22 + "\r\n"
    text += "\r\n" * (2_001 - len(text.encode()))
    page = refused(login(world.therapist_a), IMPORT_URL, "big.csv", text.encode())
    assert "The file is larger than 2.0\xa0KB: split it into smaller files." in page


def test_a_wording_file_over_one_megabyte_is_refused(world, login):
    text = wording_file(wording_set("srs", "es", ["a", "b", "c", "d"])) + "#" * 1_000_000
    page = refused(login(world.admin), WORDING_URL, "big.csv", text.encode())
    assert "The file is larger than 1 MB." in page


def test_a_wording_cell_past_the_csv_field_limit_is_a_bad_line_not_a_server_error(world, login):
    text = wording_file([("Clinic A", "srs", "es", "1", "x" * 140_000)])
    response = login(world.admin).post(WORDING_URL, {"file": upload("wording.csv", text.encode())})
    assert response.status_code == 200
    assert "Line 2: this line is not valid CSV (field larger than field limit (131072))." in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!DOCTYPE html><html><body>Hi</body></html>", "Line 1: the header lacks the columns"),
        (b'{"patient_code": "A-001"}', "Line 1: the header lacks the columns"),
        (b"", "The submitted file is empty."),
    ],
)
def test_a_text_file_that_is_not_the_sessions_csv_says_what_is_missing(world, login, content, message):
    response = login(world.therapist_a).post(IMPORT_URL, {"file": upload("sessions.csv", content)})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_import_without_a_file_asks_for_one(world, login):
    response = login(world.therapist_a).post(IMPORT_URL, {"file": "not a file"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_a_hostile_code_in_an_import_comes_back_escaped_in_the_reasons(world, login):
    text = csv_file(list(COLUMNS), [{"patient_code": SCRIPT_PAYLOADS[0], "session_number": "x"}], [])
    response = login(world.therapist_a).post(IMPORT_URL, {"file": upload("sessions.csv", text.encode())})
    body = response.content.decode()
    assert "Line 2: session_number must be a whole number from 1 to 9999, not &#x27;x&#x27;." in body
    assert SCRIPT_PAYLOADS[0] not in body
