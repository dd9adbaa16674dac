"""The sessions CSV and planned sessions: `scheduled` is a status; only it may be dated after today."""

import datetime

import pytest

from patients.models import Patient
from records import csv_format
from records.csv_export import sessions_export_rows
from records.csv_import import SessionsImportError, sessions_import
from review.services.recompute import patients_review
from sessions.models import TherapySession

from .csv_helpers import cells, csv_text

TODAY = datetime.date(2026, 12, 4)
NO_SRS = {"srs_relationship": "", "srs_goals": "", "srs_approach": "", "srs_overall": ""}


def read(**values) -> list[str]:
    _row, errors = csv_format.row_read(cells(**values), today=TODAY)
    return errors


def test_rows_dated_after_today_with_an_outcome_are_refused_naming_the_rows(world):
    text = csv_text(
        cells(patient_code="N-1", session_number=1, session_date="2026-12-04"),
        cells(patient_code="N-1", session_number=2, session_date="2027-01-15"),
        cells(patient_code="N-1", session_number=3, session_date="2027-01-22", status="no_show", **NO_SRS),
    )
    with pytest.raises(SessionsImportError) as error:
        sessions_import(text=text, importer=world.therapist_a, therapist=world.therapist_a, today=TODAY)
    assert error.value.errors == [
        "Line 3: a session dated after today can only be planned: its status must be scheduled, not 'attended'.",
        "Line 4: a session dated after today can only be planned: its status must be scheduled, not 'no_show'.",
    ]
    assert not TherapySession.objects.filter(patient__code="N-1").exists()


def test_scheduled_is_a_status_of_the_file(world):
    text = csv_text(
        cells(patient_code="N-1", session_number=1, session_date="2026-12-01"),
        cells(patient_code="N-1", session_number=2, session_date="2027-01-15", status="scheduled", **NO_SRS),
    )
    result = sessions_import(text=text, importer=world.therapist_a, therapist=world.therapist_a, today=TODAY)
    assert result.sessions_created == 2
    assert TherapySession.objects.get(patient__code="N-1", number=2).attendance == "scheduled"


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"markers": "silence", **NO_SRS}, "markers can only be given for an attended session"),
        ({}, "an SRS can only be given for an attended session"),
        ({"checklist_2": "yes", **NO_SRS}, "a checklist can only be answered for a session that took place"),
    ],
)
def test_a_scheduled_row_carries_nothing_of_a_session_held(values, reason):
    errors = read(status="scheduled", session_date="2027-01-15", **values)
    assert len(errors) == 1 and errors[0].startswith(reason), errors


def test_a_scheduled_session_is_exported_with_its_status_and_no_review(world):
    world.patient_a.sessions.create(
        therapist=world.therapist_a, number=2, date=datetime.date(2027, 1, 15), attendance="scheduled"
    )
    patients_review(patient_ids=[world.patient_a.pk], only_marked=False)
    rows = sessions_export_rows(Patient.objects.filter(pk=world.patient_a.pk))
    header, first, planned = rows
    status, risk = header.index("status"), header.index("risk_level")
    assert (first[status], first[risk]) == ("attended", "none")
    assert (planned[status], planned[risk], planned[header.index("session_date")]) == ("scheduled", "", "2027-01-15")
