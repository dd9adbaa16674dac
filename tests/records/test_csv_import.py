"""The sessions CSV import: every row checked first, every bad row named, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from measures.models import SrsResponse, WaiResponse
from measures.services import MeasureError, paper_measures_record, srs_response_submit
from patients.models import Patient
from patients.services import patient_create
from records import csv_format
from records.csv_import import SessionsImportError, sessions_import
from sessions.models import TherapySession
from sessions.services import session_record
from tests.measures.helpers import wai_from_paper

from .csv_helpers import cells, csv_text, session_rows

# After the world's first sessions (A-001 on 2026-11-02, B-001 on 2026-11-03): the numbers follow the dates.
NOV_9 = "2026-11-09"


def counts():
    return (
        Patient.objects.count(),
        TherapySession.objects.count(),
        SrsResponse.objects.count(),
        WaiResponse.objects.count(),
    )


def run(text, importer, therapist=None):
    return sessions_import(text=text, importer=importer, therapist=therapist or importer)


def refused(text, importer, therapist=None) -> list[str]:
    """The errors of an import that must store nothing."""
    before = counts()
    with pytest.raises(SessionsImportError) as error:
        run(text, importer, therapist)
    assert counts() == before
    return error.value.errors


def test_it_creates_the_patient_sessions_and_measures_of_a_file(world):
    rows = session_rows("N-1", count=2, wai_1="4", wai_2="4", markers="silence", checklist_4="no")
    rows.append(cells(patient_code="N-1", session_number=3, session_date="2026-03-20", status="no_show", srs_goals=""))
    rows[2].update(srs_relationship="", srs_approach="", srs_overall="")
    result = run(csv_text(*rows), world.therapist_a)
    assert (result.patients_created, result.sessions_created, result.sessions_updated) == (1, 3, 0)
    patient = Patient.objects.get(code="N-1")
    assert (patient.clinic, patient.primary_therapist) == (world.clinic, world.therapist_a)
    sessions = list(TherapySession.objects.filter(patient=patient).order_by("number"))
    assert [s.attendance for s in sessions] == ["attended", "attended", "no_show"]
    assert sessions[0].therapist == world.therapist_a
    assert sessions[0].markers == ["silence"]
    assert sessions[0].checklist == (None, None, None, False, None)
    srs = SrsResponse.objects.get(session=sessions[0])
    assert srs.total == Decimal("36.0")
    assert (srs.channel, srs.submitted_by, srs.language, srs.respondent) == (
        "import",
        world.therapist_a,
        "es",
        "patient",
    )
    wai = WaiResponse.objects.get(session=sessions[1])
    assert (wai.instrument, wai.item_1, wai.item_3, wai.task, wai.total) == ("wai-sr", 4, None, None, None)
    assert not SrsResponse.objects.filter(session=sessions[2]).exists()


def test_it_continues_an_existing_patient_after_their_last_session(world):
    text = csv_text(
        cells(patient_code="a-001", session_number=2, session_date="2026-11-09"),
        cells(patient_code="A-001", session_number=3, session_date="2026-11-16"),
    )
    result = run(text, world.therapist_a)
    assert (result.patients_created, result.sessions_created) == (0, 2)
    numbers = TherapySession.objects.filter(patient=world.patient_a).values_list("number", flat=True)
    assert sorted(numbers) == [1, 2, 3]


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"srs_goals": "11"}, "srs_goals must be a number from 0.0 to 10.0, not '11'."),
        ({"srs_overall": ""}, "the SRS is partial: give all four SRS items or none (missing: srs_overall)."),
        ({"wai_7": "9"}, "wai_7 must be a whole number from 1 to 5, or empty, not '9'."),
        ({"session_date": "2026-13-01"}, "session_date must be a date written YYYY-MM-DD, not '2026-13-01'."),
        ({"session_date": "1970-01-01"}, "session_date must be from 1990-01-01 to"),
        (
            {
                "status": "no_show",
                "markers": "sarcasm",
                "srs_goals": "",
                "srs_relationship": "",
                "srs_approach": "",
                "srs_overall": "",
            },
            "markers can only be given for an attended session, not one with status 'no_show'.",
        ),
        ({"status": "cancelled_patient"}, "an SRS can only be given for an attended session"),
        ({"markers": "silence;yawning"}, "markers: 'yawning' is not a marker code"),
        ({"checklist_1": "y"}, "checklist_1 must be yes, no or empty, not 'y'."),
        ({"session_number": "x"}, "session_number must be a whole number from 1 to 9999, not 'x'."),
        ({"session_number": "3"}, "session_number 3 leaves a gap: the next session of patient N-1 is 2."),
        ({"session_number": "1"}, "session 1 of patient N-1 is already on line 2."),
        (
            {"patient_code": "B-001", "session_number": "2"},
            "another patient of the clinic, not one you may import for, already has the code B-001.",
        ),
    ],
)
def test_one_bad_row_among_good_ones_imports_nothing_and_names_the_row(world, bad, reason):
    rows = [cells(patient_code="N-1", session_number=1)]
    rows.append(cells(patient_code="A-001", session_number=2, session_date=NOV_9))
    rows.append(cells(**{"patient_code": "N-1", "session_number": 2, **bad}))
    rows.append(cells(patient_code="A-001", session_number=3, session_date=NOV_9))
    errors = refused(csv_text(*rows), world.therapist_a)
    assert len(errors) == 1
    assert errors[0].startswith(f"Line 4: {reason}")


def test_every_bad_row_is_reported_in_line_order(world):
    rows = session_rows("N-1", count=5)
    rows[1]["srs_goals"] = "11"
    rows[1]["wai_2"] = "0"
    rows[3]["session_number"] = "7"
    rows[4]["patient_code"] = "B-001"
    errors = refused(csv_text(*rows), world.therapist_a)
    assert [error.split(":")[0] for error in errors] == ["Line 3", "Line 3", "Line 5", "Line 6"]


def test_a_row_for_a_missing_session_below_the_last_is_bad(world):
    session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=datetime.date(2026, 11, 9), attendance="attended"
    )
    world.session_a.delete()
    errors = refused(csv_text(cells(patient_code="A-001", session_number=1)), world.therapist_a)
    assert errors == ["Line 2: patient A-001 has no session 1 to update (their sessions go up to 2)."]


def test_a_new_patient_starts_at_session_one(world):
    errors = refused(csv_text(cells(patient_code="N-9", session_number=2)), world.therapist_a)
    assert errors == ["Line 2: session_number 2 leaves a gap: the next session of patient N-9 is 1."]


def test_a_code_of_another_clinic_makes_a_new_patient_here(world):
    theirs = patient_create(clinic=world.other_clinic, primary_therapist=world.other_therapist, code="Z-9")
    result = run(csv_text(cells(patient_code="Z-9")), world.therapist_a)
    assert result.patients_created == 1
    assert Patient.objects.get(clinic=world.clinic, code="Z-9").primary_therapist == world.therapist_a
    assert not theirs.sessions.exists()


def test_an_import_in_another_clinic_never_touches_this_clinics_patient(world):
    run(csv_text(cells(patient_code="A-001"), cells(patient_code="Z-1")), world.other_therapist)
    assert list(TherapySession.objects.filter(patient=world.patient_a).values_list("number", flat=True)) == [1]
    assert TherapySession.objects.filter(patient=world.other_patient).count() == 1


def test_a_row_for_an_existing_session_updates_it_to_match_the_file(world):
    srs_response_submit(
        session=world.session_a, items=[Decimal(9)] * 4, channel="paper", language="es", submitted_by=world.therapist_a
    )
    row = cells(
        patient_code="A-001",
        session_number=1,
        session_date="2026-11-03",
        modality="phone",
        markers="control",
        checklist_2="yes",
        srs_goals="5.0",
        wai_4="2",
    )
    result = run(csv_text(row), world.therapist_a)
    assert (result.sessions_created, result.sessions_updated, result.sessions_unchanged) == (0, 1, 0)
    session = TherapySession.objects.get(pk=world.session_a.pk)
    assert (session.date, session.modality, session.markers) == (datetime.date(2026, 11, 3), "phone", ["control"])
    assert session.checklist[1] is True
    srs = SrsResponse.objects.get(session=session)
    assert (srs.goals, srs.total, srs.channel) == (Decimal("5.0"), Decimal("32.5"), "import")
    assert WaiResponse.objects.get(session=session).item_4 == 2


def test_an_empty_srs_removes_an_srs_entered_by_staff(world):
    srs_response_submit(
        session=world.session_a, items=[Decimal(9)] * 4, channel="paper", language="es", submitted_by=world.therapist_a
    )
    empty = dict.fromkeys(csv_format.SRS_COLUMNS, "")
    run(csv_text(cells(patient_code="A-001", session_number=1, session_date="2026-11-02", **empty)), world.therapist_a)
    assert not SrsResponse.objects.exists()


def test_importing_the_same_file_again_changes_nothing(world):
    text = csv_text(*session_rows("N-1", count=3, wai_1="3", markers="silence", checklist_5="yes"))
    run(text, world.therapist_a)
    sessions = {s.pk: s.updated_at for s in TherapySession.objects.all()}
    responses = set(SrsResponse.objects.values_list("pk", "submitted_at")) | set(
        WaiResponse.objects.values_list("pk", "submitted_at")
    )
    result = run(text, world.therapist_a)
    assert (result.sessions_created, result.sessions_updated, result.sessions_unchanged) == (0, 0, 3)
    assert {s.pk: s.updated_at for s in TherapySession.objects.all()} == sessions
    assert (
        set(SrsResponse.objects.values_list("pk", "submitted_at"))
        | set(WaiResponse.objects.values_list("pk", "submitted_at"))
        == responses
    )


def test_a_patients_own_answer_is_never_changed_by_an_import(world):
    srs_response_submit(session=world.session_a, items=[Decimal(9)] * 4, channel="tablet", language="es")
    errors = refused(csv_text(cells(patient_code="A-001", session_number=1, srs_goals="4.0")), world.therapist_a)
    assert errors == [
        "Line 2: session 1 of patient A-001 has the patient's own SRS (Clinic tablet), which an import cannot "
        "change or remove: give the same answers."
    ]
    same = dict(srs_relationship="9.0", srs_goals="9.0", srs_approach="9.0", srs_overall="9.0")
    run(csv_text(cells(patient_code="A-001", session_number=1, **same)), world.therapist_a)
    assert SrsResponse.objects.get().channel == "tablet"


def test_a_session_with_a_therapist_rating_stays_attended(world):
    wai_from_paper(world.session_a, world.therapist_a, items=[4] * 12)
    empty = dict.fromkeys(csv_format.SRS_COLUMNS, "")
    errors = refused(
        csv_text(cells(patient_code="A-001", session_number=1, status="no_show", **empty)), world.therapist_a
    )
    assert errors == ["Line 2: session 1 of patient A-001 has a WAI-SR rated by the therapist, so it stays attended."]


def test_a_clinic_admin_imports_for_the_therapist_they_choose(world):
    text = csv_text(cells(patient_code="N-1"), cells(patient_code="B-001", session_number=2, session_date=NOV_9))
    result = run(text, world.admin, world.therapist_b)
    assert (result.patients_created, result.sessions_created) == (1, 2)
    assert Patient.objects.get(code="N-1").primary_therapist == world.therapist_b
    added = TherapySession.objects.get(patient=world.patient_b, number=2)
    assert added.therapist == world.therapist_b
    assert SrsResponse.objects.get(session=added).submitted_by == world.admin


def test_an_admins_import_of_an_existing_patient_keeps_that_patients_therapist(world):
    run(csv_text(cells(patient_code="A-001", session_number=2, session_date=NOV_9)), world.admin, world.therapist_b)
    assert TherapySession.objects.get(patient=world.patient_a, number=2).therapist == world.therapist_a


@pytest.mark.parametrize(
    "importer, therapist, message",
    [
        ("supervisor", "therapist_a", "Only a therapist or a clinic admin may import sessions."),
        ("therapist_a", "therapist_b", "Only a therapist or a clinic admin may import sessions."),
        ("admin", "other_therapist", "is not an active therapist of your clinic."),
        ("admin", "supervisor", "is not an active therapist of your clinic."),
    ],
)
def test_only_a_therapist_for_themselves_or_a_clinic_admin_may_import(world, importer, therapist, message):
    errors = refused(csv_text(cells()), getattr(world, importer), getattr(world, therapist))
    assert message in errors[0]


def test_an_inactive_therapist_cannot_receive_new_patients(world):
    world.therapist_b.is_active = False
    world.therapist_b.save()
    assert "is not an active therapist" in refused(csv_text(cells()), world.admin, world.therapist_b)[0]


def test_a_formula_like_code_is_read_back_without_its_apostrophe(world):
    # Registered before codes were restricted (patients.codes), so not through the service.
    patient = Patient.objects.create(clinic=world.clinic, primary_therapist=world.therapist_a, code="=1+2")
    run(csv_text(cells(patient_code="'=1+2")), world.therapist_a)
    assert patient.sessions.count() == 1


def test_a_new_code_with_markup_is_a_bad_row(world):
    errors = refused(csv_text(cells(patient_code="<b>N-1</b>")), world.therapist_a)
    assert errors == [
        "Line 2: patient_code <b>N-1</b> is new, and a new patient's code may only have letters A-Z, digits "
        "and - _ . (no spaces or accents)."
    ]


def test_the_patients_a_file_creates_take_the_code_as_first_written(world):
    run(csv_text(cells(patient_code="n-7"), cells(patient_code="N-7", session_number=2)), world.therapist_a)
    assert list(Patient.objects.filter(code__iexact="n-7").values_list("code", flat=True)) == ["n-7"]


def test_a_file_level_problem_is_a_clear_error(world, settings):
    assert refused("", world.therapist_a) == ["The file is empty."]
    settings.SESSIONS_IMPORT_MAX_ROWS = 2
    errors = refused(csv_text(*session_rows(count=3)), world.therapist_a)
    assert errors == ["The file has more than 2 session rows: split it into smaller files."]


def test_a_code_taken_at_the_same_moment_is_a_clear_error_not_a_crash(world, monkeypatch):
    from records import csv_import

    real_apply = csv_import._apply

    def racing_apply(plan, **kwargs):
        patient_create(clinic=world.clinic, primary_therapist=world.therapist_b, code="N-1")
        return real_apply(plan, **kwargs)

    monkeypatch.setattr(csv_import, "_apply", racing_apply)
    errors = refused(csv_text(cells(patient_code="N-1")), world.therapist_a)
    assert errors == ["These patients changed while the file was being imported. Nothing was imported: try again."]


# The command.


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "sessions.csv"
    path.write_text(text, encoding=encoding, newline="")
    return str(path)


def test_the_command_imports_a_file_as_the_therapist(world, tmp_path, capsys):
    call_command(
        "import_sessions",
        write(tmp_path, csv_text(*session_rows("N-1", count=2)), "utf-8-sig"),
        therapist="therapist_a",
    )
    assert "2 new sessions, 0 updated, 0 unchanged; 1 new patients." in capsys.readouterr().out
    assert Patient.objects.get(code="N-1").primary_therapist == world.therapist_a


def test_the_command_lists_every_bad_row_and_imports_nothing(world, tmp_path):
    rows = session_rows("N-1", count=3)
    rows[0]["srs_goals"] = "11"
    rows[2]["status"] = "absent"
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_sessions", write(tmp_path, csv_text(*rows)), therapist="therapist_a")
    assert str(error.value).splitlines() == [
        "Nothing was imported:",
        "Line 2: srs_goals must be a number from 0.0 to 10.0, not '11'.",
        "Line 4: status must be one of attended, cancelled_patient, cancelled_therapist, no_show, scheduled, "
        "not 'absent'.",
    ]
    assert counts() == before


@pytest.mark.parametrize(
    "text, encoding, message",
    [
        (
            "patient_code;session_number\n",
            "utf-8",
            "Nothing was imported:\nLine 1: the columns are separated by semicolons",
        ),
        ("código\n", "latin-1", "not UTF-8 text"),
    ],
)
def test_the_command_explains_a_file_it_cannot_read(world, tmp_path, text, encoding, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_sessions", write(tmp_path, text, encoding), therapist="therapist_a")


def test_the_command_refuses_a_file_over_the_size_limit(world, tmp_path, settings):
    settings.SESSIONS_IMPORT_MAX_BYTES = 100
    with pytest.raises(CommandError, match="The file is larger than 100"):
        call_command("import_sessions", write(tmp_path, csv_text(*session_rows())), therapist="therapist_a")


def test_the_command_needs_a_readable_file_and_a_known_user(world, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_sessions", str(tmp_path / "nope.csv"), therapist="therapist_a")
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        call_command("import_sessions", write(tmp_path, csv_text(cells())), therapist="nobody")
    with pytest.raises(CommandError, match="Only a therapist or a clinic admin"):
        call_command("import_sessions", write(tmp_path, csv_text(cells())), therapist="supervisor_s")


def test_imported_sessions_are_marked_for_review_and_an_unchanged_import_marks_none(world):
    text = csv_text(*session_rows("N-1", count=2, status="no_show", **dict.fromkeys(csv_format.SRS_COLUMNS, "")))
    run(text, world.therapist_a)
    imported = TherapySession.objects.filter(patient__code="N-1")
    assert imported.count() == 2
    assert not imported.filter(review_requested_at__isnull=True).exists()
    TherapySession.objects.update(review_requested_at=None)
    run(text, world.therapist_a)
    assert not TherapySession.objects.filter(review_requested_at__isnull=False).exists()


def test_an_imported_srs_can_be_corrected_from_paper_but_not_overwritten_by_a_tablet(world):
    run(csv_text(cells(patient_code="A-001", session_number=1)), world.therapist_a)
    with pytest.raises(MeasureError, match="already has a Session Rating Scale \\(SRS\\) imported from a file"):
        srs_response_submit(session=world.session_a, items=[Decimal(5)] * 4, channel="tablet", language="es")
    paper_measures_record(
        session=world.session_a,
        entered_by=world.therapist_b,
        language="en",
        srs=[Decimal(5)] * 4,
        wai_patient=None,
        wai_therapist=None,
    )
    srs = SrsResponse.objects.get(session=world.session_a)
    assert (srs.channel, srs.total, srs.submitted_by) == ("paper", Decimal("20.0"), world.therapist_b)
