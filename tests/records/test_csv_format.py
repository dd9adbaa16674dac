"""The sessions CSV format: reading one row, reading a file, writing a row. No database."""

import datetime
import io
from decimal import Decimal

import pytest

from records import csv_format
from records.csv_format import FileError, file_decode, file_read, row_read

from .csv_helpers import HEADER, cells, csv_text

TODAY = datetime.date(2026, 6, 1)


def read(**values):
    read_row, errors = row_read(cells(**values), today=TODAY, line=7)
    return read_row, errors


def reasons(**values) -> list[str]:
    return read(**values)[1]


def read_file(text, max_rows=100):
    return file_read(io.StringIO(text, newline=""), today=TODAY, max_rows=max_rows)


def test_the_columns_are_those_of_the_design_in_order():
    assert csv_format.COLUMNS[:5] == ("patient_code", "session_number", "session_date", "status", "modality")
    assert csv_format.COLUMNS[5:9] == ("srs_relationship", "srs_goals", "srs_approach", "srs_overall")
    assert csv_format.COLUMNS[9:21] == tuple(f"wai_{n}" for n in range(1, 13))
    assert csv_format.COLUMNS[21:] == ("markers", *(f"checklist_{n}" for n in range(1, 6)))
    assert csv_format.EXPORT_COLUMNS[len(csv_format.COLUMNS) :] == (
        "srs_total",
        "wai_task",
        "wai_bond",
        "wai_goal",
        "wai_total",
        "risk_level",
        "rules_fired",
    )


def test_it_reads_a_good_row_into_typed_values():
    read_row, errors = read(
        wai_1="4", wai_2="5", wai_12="3", markers="sarcasm; silence", checklist_1="yes", checklist_4="NO"
    )
    assert errors == []
    row = read_row.row
    assert read_row.key == ("P-1", 1)
    assert (row.patient_code, row.number, row.date, row.line) == ("P-1", 1, datetime.date(2026, 3, 2), 7)
    assert (row.attendance, row.modality) == ("attended", "video")
    assert row.srs == (Decimal("9.0"), Decimal("8.5"), Decimal("9.5"), Decimal("9.0"))
    assert row.wai == (4, 5, *[None] * 9, 3)
    assert row.markers == ("silence", "sarcasm")  # in the order of the marker list
    assert row.checklist == (True, None, None, False, None)
    assert row.session_fields["marker_sarcasm"] is True
    assert row.session_fields["marker_control"] is False
    assert row.session_fields["checklist_4"] is False


def test_empty_modality_means_in_person_and_empty_measures_mean_none():
    row = read(modality="", **dict.fromkeys(csv_format.SRS_COLUMNS, ""))[0].row
    assert row.modality == "in_person"
    assert row.srs is None
    assert row.wai is None


def test_an_srs_item_may_use_a_comma_and_trailing_zeros():
    row = read(srs_goals="8,5", srs_overall="10.00")[0].row
    assert row.srs[1] == Decimal("8.5")
    assert row.srs[3] == Decimal("10.0")


@pytest.mark.parametrize(
    "values, reason",
    [
        ({"patient_code": " "}, "patient_code is empty."),
        ({"patient_code": "X" * 33}, "patient_code is longer than 32 characters."),
        ({"patient_code": "P\x001"}, "patient_code contains control characters: 'P\\x001'."),
        ({"session_number": "0"}, "session_number must be a whole number from 1 to 9999, not '0'."),
        ({"session_number": "2.0"}, "session_number must be a whole number from 1 to 9999, not '2.0'."),
        ({"session_number": "١"}, "session_number must be a whole number from 1 to 9999, not '١'."),
        ({"session_date": "02/03/2026"}, "session_date must be a date written YYYY-MM-DD, not '02/03/2026'."),
        ({"session_date": "2026-02-30"}, "session_date must be a date written YYYY-MM-DD, not '2026-02-30'."),
        (
            {"session_date": "1989-12-31"},
            "session_date must be from 1990-01-01 to 2027-06-02 (a year from today), not '1989-12-31'.",
        ),
        (
            {"session_date": "2027-06-03"},
            "session_date must be from 1990-01-01 to 2027-06-02 (a year from today), not '2027-06-03'.",
        ),
        (
            {"status": "came"},
            "status must be one of attended, cancelled_patient, cancelled_therapist, no_show, scheduled, not 'came'.",
        ),
        ({"modality": "email"}, "modality must be one of in_person, video, phone, not 'email'."),
        ({"srs_goals": "11"}, "srs_goals must be a number from 0.0 to 10.0, not '11'."),
        ({"srs_goals": "-1"}, "srs_goals must be a number from 0.0 to 10.0, not '-1'."),
        ({"srs_goals": "NaN"}, "srs_goals must be a number from 0.0 to 10.0, not 'NaN'."),
        ({"srs_goals": "1e1"}, "srs_goals must be a number from 0.0 to 10.0, not '1e1'."),
        ({"srs_goals": "8.25"}, "srs_goals must have at most one decimal, not '8.25'."),
        ({"srs_goals": ""}, "the SRS is partial: give all four SRS items or none (missing: srs_goals)."),
        ({"wai_3": "6"}, "wai_3 must be a whole number from 1 to 5, or empty, not '6'."),
        ({"wai_3": "4.0"}, "wai_3 must be a whole number from 1 to 5, or empty, not '4.0'."),
        (
            {"markers": "silence;shouting"},
            "markers: 'shouting' is not a marker code; use silence, minimal_response, topic_shift, sleepiness, "
            "deference, complaint_therapist, complaint_work, sarcasm, control, joined with “;”.",
        ),
        ({"checklist_2": "maybe"}, "checklist_2 must be yes, no or empty, not 'maybe'."),
    ],
)
def test_each_bad_value_gets_its_reason(values, reason):
    read_row, errors = read(**values)
    assert errors == [reason]
    assert read_row.row is None


@pytest.mark.parametrize("status", ["cancelled_patient", "cancelled_therapist", "no_show"])
def test_measures_and_markers_need_an_attended_session(status):
    assert reasons(status=status, wai_1="3", markers="silence") == [
        f"markers can only be given for an attended session, not one with status '{status}'.",
        f"an SRS can only be given for an attended session, not one with status '{status}'.",
        f"a WAI-SR can only be given for an attended session, not one with status '{status}'.",
    ]


def test_a_session_that_did_not_take_place_reads_without_measures():
    no_srs = dict.fromkeys(csv_format.SRS_COLUMNS, "")
    read_row, errors = read(status="no_show", checklist_1="no", **no_srs)
    assert errors == []
    assert read_row.row.attendance == "no_show"


def test_every_problem_of_a_row_is_reported_and_the_key_survives_other_errors():
    read_row, errors = read(srs_goals="11", wai_3="0", checklist_5="si")
    assert len(errors) == 3
    assert read_row.key == ("P-1", 1)
    assert read_row.row is None


@pytest.mark.parametrize("code", ["=1+2", "+34 600", "-7", "@SUM(A1)", "'quoted", "P-0001", "Ñu-3"])
def test_every_patient_code_survives_writing_and_reading(code):
    written = csv_format.code_write(code)
    assert not written.startswith(("=", "+", "-", "@"))
    assert csv_format.code_read(written) == code


def test_a_formula_code_is_written_with_an_apostrophe():
    assert csv_format.code_write("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_format.code_write("P-1") == "P-1"


def test_it_writes_a_row_and_its_scores():
    row = read(wai_1="4", wai_2="", markers="control;silence", checklist_3="no")[0].row
    written = csv_format.row_cells(row)
    assert written[:9] == ["P-1", "1", "2026-03-02", "attended", "video", "9.0", "8.5", "9.5", "9.0"]
    assert written[9:12] == ["4", "", ""]
    assert written[21:] == ["silence;control", "", "", "no", "", ""]
    assert csv_format.score_cells(srs_total=Decimal("36"), wai_means=[Decimal("3.5"), None, Decimal("4"), None]) == [
        "36.0",
        "3.50",
        "",
        "4.00",
        "",
    ]


def test_a_written_row_reads_back_the_same():
    row = read(wai_5="2", markers="deference", checklist_1="yes", checklist_2="no")[0].row
    cells_written = dict(zip(csv_format.COLUMNS, csv_format.row_cells(row), strict=True))
    again, errors = row_read(cells_written, today=TODAY, line=7)
    assert errors == []
    assert again.row == row


def test_it_reads_a_file_with_extra_export_columns_and_blank_rows():
    columns = csv_format.EXPORT_COLUMNS
    text = csv_text(cells(), cells(session_number=2), columns=columns)
    text = text.replace("\r\n", "\r\n,,,\r\n", 1)
    rows, problems = read_file(text)
    assert problems == []
    assert [row.line for row in rows] == [3, 4]


def test_header_names_are_read_without_case_or_spaces():
    text = csv_text(cells()).replace("patient_code,session_number", " Patient_Code ,SESSION_NUMBER")
    rows, problems = read_file(text)
    assert problems == []
    assert rows[0].row.patient_code == "P-1"


@pytest.mark.parametrize(
    "header, message",
    [
        (HEADER.replace("srs_goals,", ""), "Line 1: the header lacks the columns srs_goals."),
        (HEADER + ",comment", "Line 1: unknown columns 'comment'."),
        (HEADER + ",status", "Line 1: the columns status appear more than once."),
        (
            HEADER.replace(",", ";"),
            "Line 1: the columns are separated by semicolons; the file must be comma-separated.",
        ),
    ],
)
def test_a_bad_header_refuses_the_file(header, message):
    with pytest.raises(FileError) as error:
        read_file(header + "\r\n")
    assert [str(problem) for problem in error.value.problems] == [message]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "The file is empty."),
        (HEADER + "\r\n", "The file has no session rows."),
        (HEADER + '\r\nP-1,"1"x\r\n', "Line 2: this line is not valid CSV"),
        (HEADER + "\r\n" + "x" * 200_000 + "\r\n", "Line 2: this line is not valid CSV"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_reason(text, message):
    with pytest.raises(FileError) as error:
        read_file(text)
    assert str(error.value).startswith(message)


def test_a_row_with_the_wrong_number_of_cells_is_bad():
    text = csv_text(cells()) + "P-1,2,2026-03-09\r\n"
    rows, problems = read_file(text)
    assert [str(problem) for problem in problems] == ["Line 3: this row has 3 cells, but the header has 27."]
    assert rows[1].key is None


def test_more_rows_than_the_limit_refuse_the_file():
    text = csv_text(*[cells(session_number=n) for n in range(1, 5)])
    with pytest.raises(FileError, match="The file has more than 3 session rows: split it into smaller files."):
        read_file(text, max_rows=3)
    assert len(read_file(text, max_rows=4)[0]) == 4


def test_decoding_accepts_a_byte_order_mark_and_refuses_other_encodings():
    assert file_decode("\ufeffpatient_code".encode(), max_bytes=100) == "patient_code"
    with pytest.raises(FileError, match="not UTF-8 text"):
        file_decode("Relación".encode("latin-1"), max_bytes=100)
    with pytest.raises(FileError, match="The file is larger than 10"):
        file_decode(b"x" * 11, max_bytes=10)
