"""The sessions CSV import and the session order: a file's numbers must agree with its dates."""

import datetime

import pytest

from patients.services import patient_create
from records.csv_import import SessionsImportError, sessions_import
from sessions.models import TherapySession
from sessions.services import session_record

from .csv_helpers import cells, csv_text

TODAY = datetime.date(2026, 12, 4)


def refused(text, importer) -> list[str]:
    before = TherapySession.objects.count()
    with pytest.raises(SessionsImportError) as error:
        sessions_import(text=text, importer=importer, therapist=importer, today=TODAY)
    assert TherapySession.objects.count() == before
    return error.value.errors


def test_a_new_patients_numbers_out_of_date_order_are_refused_naming_the_row(world):
    text = csv_text(
        cells(patient_code="N-1", session_number=1, session_date="2026-03-10"),
        cells(patient_code="N-1", session_number=2, session_date="2026-03-03"),
        cells(patient_code="N-1", session_number=3, session_date="2026-03-17"),
    )
    assert refused(text, world.therapist_a) == [
        "Line 3: session 2 of patient N-1 is dated 2026-03-03, before session 1 (dated 2026-03-10): "
        "number each patient's sessions in the order of their dates."
    ]


def test_a_new_session_dated_before_the_patients_last_one_is_refused(world):
    # Patient A-001 has session 1 on 2026-11-02.
    text = csv_text(cells(patient_code="A-001", session_number=2, session_date="2026-10-26"))
    assert refused(text, world.therapist_a) == [
        "Line 2: session 2 of patient A-001 is dated 2026-10-26, before session 1 (dated 2026-11-02): "
        "number each patient's sessions in the order of their dates."
    ]


def test_an_update_that_moves_a_session_past_the_next_one_is_refused_naming_its_row(world):
    session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=datetime.date(2026, 11, 9), attendance="attended"
    )
    text = csv_text(cells(patient_code="A-001", session_number=1, session_date="2026-11-16"))
    assert refused(text, world.therapist_a) == [
        "Line 2: session 2 of patient A-001 is dated 2026-11-09, before session 1 (dated 2026-11-16): "
        "number each patient's sessions in the order of their dates."
    ]


def test_two_sessions_of_one_day_follow_the_time_of_the_day(world):
    patient = patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="T-1")
    session_record(patient=patient, therapist=world.therapist_a, date=datetime.date(2026, 11, 9), attendance="attended")
    session_record(
        patient=patient,
        therapist=world.therapist_a,
        date=datetime.date(2026, 11, 16),
        time=datetime.time(10, 0),
        attendance="attended",
    )
    # Moved to 9 Nov, the 10:00 session #2 would come before #1, which has no time.
    text = csv_text(cells(patient_code="T-1", session_number=2, session_date="2026-11-09"))
    assert refused(text, world.therapist_a) == [
        "Line 2: sessions 1 and 2 of patient T-1 are both on 2026-11-09, where session 2 comes first "
        "(by its time, or as the one recorded first): swap their numbers."
    ]


def test_a_file_in_date_order_imports_as_before(world):
    text = csv_text(
        cells(patient_code="A-001", session_number=2, session_date="2026-11-02"),
        cells(patient_code="A-001", session_number=3, session_date="2026-11-09"),
    )
    result = sessions_import(text=text, importer=world.therapist_a, therapist=world.therapist_a, today=TODAY)
    assert result.sessions_created == 2
    assert list(world.patient_a.sessions.order_by("number").values_list("date", flat=True)) == [
        datetime.date(2026, 11, 2),
        datetime.date(2026, 11, 2),
        datetime.date(2026, 11, 9),
    ]
