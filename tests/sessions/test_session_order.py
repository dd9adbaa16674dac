"""Sessions are numbered in the order of their date and time (REVIEW_RULES.md "Session order").

A session logged late for an earlier date, or moved to another date, takes
its place; the later ones are renumbered and marked for review from that
place on. Renumbering keeps everything attached to the session it belongs to.
"""

import datetime

import pytest

from audit import models as audit_models
from patients.services import patient_create
from review.models import Flag, FlagStatus
from review.services.flags import flag_acknowledge
from review.tasks import review_patient
from sessions.models import TherapySession
from sessions.numbering import sessions_renumber
from sessions.services import session_record, session_update
from tests.review.helpers import even_items, marked_numbers, srs_submit

NOV_19, NOV_26, DEC_3 = datetime.date(2026, 11, 19), datetime.date(2026, 11, 26), datetime.date(2026, 12, 3)


@pytest.fixture
def patient(world):
    return patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="ORDER-1")


def record(world, patient, day, srs=None, **fields):
    session = session_record(patient=patient, therapist=world.therapist_a, date=day, attendance="attended", **fields)
    if srs:
        srs_submit(session, even_items(srs))
    return session


def order(patient) -> list[tuple[int, datetime.date, datetime.time | None]]:
    return list(patient.sessions.order_by("number").values_list("number", "date", "time"))


def test_a_session_logged_late_takes_the_place_of_its_date(world, patient):
    record(world, patient, NOV_19)
    record(world, patient, DEC_3)
    late = record(world, patient, NOV_26)
    assert late.number == 2
    assert order(patient) == [(1, NOV_19, None), (2, NOV_26, None), (3, DEC_3, None)]


def test_on_one_day_a_session_with_a_time_comes_first_then_by_when_it_was_recorded(world, patient):
    without_time = record(world, patient, NOV_19)
    record(world, patient, NOV_19, time=datetime.time(17, 0))
    record(world, patient, NOV_19, time=datetime.time(9, 30))
    also_without_time = record(world, patient, NOV_19)
    assert [time for _number, _date, time in order(patient)] == [
        datetime.time(9, 30),
        datetime.time(17, 0),
        None,
        None,
    ]
    without_time.refresh_from_db()
    assert (without_time.number, also_without_time.number) == (3, 4)


@pytest.mark.parametrize(
    ("moved_to", "expected"),
    [
        (datetime.date(2026, 12, 10), [NOV_26, DEC_3, datetime.date(2026, 12, 10)]),
        (datetime.date(2026, 11, 12), [datetime.date(2026, 11, 12), NOV_19, DEC_3]),
    ],
)
def test_a_session_moved_to_another_date_takes_its_new_place(world, patient, moved_to, expected):
    first, second, _third = (record(world, patient, day) for day in (NOV_19, NOV_26, DEC_3))
    moved = second if moved_to < NOV_19 else first
    session_update(session=moved, date=moved_to)
    assert [day for _number, day, _time in order(patient)] == expected
    assert TherapySession.objects.get(pk=moved.pk).number == expected.index(moved_to) + 1


def test_the_review_is_requested_from_the_place_the_session_took(world, patient):
    for day in (NOV_19, DEC_3, datetime.date(2026, 12, 10)):
        record(world, patient, day)
    review_patient(patient.pk)
    assert marked_numbers(patient) == []
    record(world, patient, NOV_26)
    assert marked_numbers(patient) == [2, 3, 4]


def test_renumbering_keeps_measures_flags_and_what_was_done_with_them_on_their_session(world, patient):
    record(world, patient, NOV_19, srs="38")
    dropped = record(world, patient, DEC_3, srs="35")
    review_patient(patient.pk)
    drop = Flag.objects.get(session=dropped, code="srs_drop")
    assert drop.evidence["previous_session"] == 1
    flag_acknowledge(flag=drop, user=world.therapist_a)

    late = record(world, patient, NOV_26, srs="37")
    review_patient(patient.pk)

    dropped.refresh_from_db()
    assert dropped.number == 3
    assert dropped.srsresponse_set.get().total == 35
    drop.refresh_from_db()
    assert drop.status == FlagStatus.ACKNOWLEDGED  # what was done with it is kept
    # One concern (docs/review-rules.md): the late 26 Nov session (#2, 37 after 38) now raises it,
    # and it fires again at 3 Dec, whose evidence names the session before it in the new order.
    firings = {firing.session_id: firing.evidence for firing in drop.firings.all()}
    assert (drop.session_id, set(firings)) == (late.pk, {late.pk, dropped.pk})
    assert (firings[dropped.pk]["previous_session"], firings[dropped.pk]["previous"]) == (2, "37.0")


@pytest.mark.postgres("the write triggers of the audit log")
def test_renumbering_updates_the_rows_in_place(world, patient):
    later = record(world, patient, DEC_3)
    record(world, patient, NOV_26)
    writes = audit_models.TherapySessionWrite.objects.filter(pgh_obj_id=later.pk)
    assert set(writes.values_list("pgh_label", flat=True)) == {"insert", "update"}
    assert TherapySession.objects.get(pk=later.pk).number == 2


def test_sessions_numbered_out_of_date_order_before_are_put_in_order(world, patient):
    """As main numbered a late 26 Nov session (#3 after 3 Dec): the migration renumbers such histories."""
    _first, late, last = (record(world, patient, day) for day in (NOV_19, NOV_26, DEC_3))
    TherapySession.objects.filter(pk=late.pk).update(number=9)
    TherapySession.objects.filter(pk=last.pk).update(number=2)
    TherapySession.objects.filter(pk=late.pk).update(number=3)
    assert sessions_renumber(patient_ids=[patient.pk]) == {patient.pk: 2}
    assert order(patient) == [(1, NOV_19, None), (2, NOV_26, None), (3, DEC_3, None)]
    assert sessions_renumber(patient_ids=[patient.pk]) == {}
