"""The review through the services and the task: worked examples, idempotence, flag state, re-review scope."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from review import selectors
from review.models import Flag, FlagFiring, FlagStatus, SessionReview
from review.services.flags import flag_acknowledge, flag_resolve
from review.services.recompute import patients_review
from review.tasks import review_patient
from sessions.models import TherapySession
from sessions.services import session_update

from ..helpers import (
    codes,
    flag_rows,
    marked_numbers,
    patient_with_history,
    review_rows,
    risk,
    session_add,
    srs_submit,
    wai_submit,
)

INFO_RULES = ("srs_ceiling", "rupture_repaired")  # notes, not flags (docs/review-rules.md, "Flags: one per concern")

WORKED_EXAMPLES = [
    # docs/review-rules.md, "Worked examples": history, session number, rules fired, risk level.
    (("38", "37.5", "35"), 3, ["srs_below_cutoff", "srs_drop"], "high"),
    (("39", "39", "38.5"), 3, [], "none"),
    (("38", "38.5", "38", "38.5", "30", "38"), 5, ["srs_below_cutoff", "srs_drop", "srs_v_rupture"], "high"),
    (("38", "38.5", "38", "38.5", "30", "38"), 6, ["rupture_repaired"], "none"),
    (("x", "x"), 2, ["attendance"], "medium"),
    (("40", "40", "40"), 3, ["srs_ceiling"], "none"),
]


@pytest.mark.parametrize(("entries", "number", "fired", "level"), WORKED_EXAMPLES)
def test_the_worked_examples_come_out_exactly(world, entries, number, fired, level):
    patient, sessions = patient_with_history(world, *entries)
    review_patient(patient.pk)
    assert codes(sessions[number - 1]) == fired
    assert risk(sessions[number - 1]) == level
    # Flags are per concern now: the session is one of the sessions of a flag for each rule that is not info.
    flagged = FlagFiring.objects.filter(session=sessions[number - 1]).values_list("code", flat=True)
    assert sorted(flagged) == [code for code in fired if code not in INFO_RULES]


def test_the_worked_example_with_items_fires_srs_item_low(world):
    patient, [session] = patient_with_history(world, "-")
    srs_submit(session, ["10", "10", "10", "8"])
    review_patient(patient.pk)
    assert codes(session) == ["srs_item_low"]
    assert risk(session) == "low"


def test_the_first_sessions_of_the_v_example_fire_nothing(world):
    patient, sessions = patient_with_history(world, "38", "38.5", "38", "38.5", "30", "38")
    review_patient(patient.pk)
    assert [codes(s) for s in sessions[:4]] == [[], [], [], []]


def test_a_rupture_carries_its_numbers_as_evidence(world):
    patient, sessions = patient_with_history(world, "38", "38.5", "38", "38.5", "30")
    review_patient(patient.pk)
    flag = Flag.objects.get(session=sessions[4], code="srs_v_rupture")
    assert flag.evidence["baseline"] == "38.5"
    assert flag.evidence["sd"] == "0.289"
    assert flag.evidence["spread"] == "1.0"
    assert flag.evidence["deflection"] == "8.5"
    assert flag.severity == "high"
    assert "Stiles et al. 2004" in flag.source
    assert flag.status == FlagStatus.OPEN


def test_a_review_records_when_and_with_which_thresholds(world, settings):
    settings.REVIEW_THRESHOLDS = {"srs_cutoff": "38.0"}
    patient, [session] = patient_with_history(world, "37.5")
    before = timezone.now()
    review_patient(patient.pk)
    review = SessionReview.objects.get(session=session)
    assert review.codes == ["srs_below_cutoff"]
    assert review.thresholds.values["srs_cutoff"] == "38.0"
    assert review.thresholds.values["srs_drop"] == "1.0"
    assert review.computed_at >= before


def test_the_therapists_wai_sr_is_compared_with_the_patients(world):
    patient, [session] = patient_with_history(world, "-")
    wai_submit(session, [3] * 12)
    wai_submit(session, [4] * 12, respondent="therapist")
    review_patient(patient.pk)
    assert codes(session) == ["rater_gap"]
    assert Flag.objects.get(session=session).evidence["gap"] == "1.00"


def test_checklist_gaps_list_the_items_answered_no_or_left_unanswered(world):
    patient, [attended, missed] = patient_with_history(world, "38", "x")
    session_update(session=attended, checklist_1=True, checklist_2=False, checklist_4=False)
    review_patient(patient.pk)
    assert SessionReview.objects.get(session=attended).checklist_gaps == {"no": [2, 4], "unanswered": [3, 5]}
    assert SessionReview.objects.get(session=missed).checklist_gaps == {"no": [], "unanswered": []}


def test_running_the_task_twice_gives_the_same_rows(world):
    patient, _ = patient_with_history(world, "38", "37.5", "35", "x", "x")
    review_patient(patient.pk)
    reviews, flags = review_rows(patient), flag_rows(patient)
    review_patient(patient.pk)
    assert review_rows(patient) == reviews
    assert flag_rows(patient) == flags
    assert marked_numbers(patient) == []


def test_reviewing_the_same_rows_again_writes_the_same_flags(world):
    patient, _ = patient_with_history(world, "38", "38.5", "38", "38.5", "30", "38", "x", "x")
    review_patient(patient.pk)
    reviews, flags = review_rows(patient), flag_rows(patient)
    TherapySession.objects.filter(patient=patient).update(review_requested_at=timezone.now())
    review_patient(patient.pk)
    assert flag_rows(patient) == flags
    assert [row[:-1] for row in review_rows(patient)] == [row[:-1] for row in reviews]  # all but computed_at
    assert SessionReview.objects.filter(session__patient=patient).count() == 8


def test_a_flag_that_still_fires_keeps_its_acknowledgement_and_resolution(world):
    patient, sessions = patient_with_history(world, "38", "37.5", "35")
    review_patient(patient.pk)
    cutoff = Flag.objects.get(session=sessions[2], code="srs_below_cutoff")
    drop = Flag.objects.get(session=sessions[2], code="srs_drop")
    flag_acknowledge(flag=cutoff, user=world.therapist_a)
    flag_resolve(flag=drop, user=world.supervisor, note="Talked about it.")
    session_update(session=sessions[0], note="edited")
    review_patient(patient.pk)
    cutoff.refresh_from_db()
    drop.refresh_from_db()
    assert (cutoff.status, cutoff.acknowledged_by) == (FlagStatus.ACKNOWLEDGED, world.therapist_a)
    assert (drop.status, drop.resolved_by, drop.resolution_note) == (
        FlagStatus.RESOLVED,
        world.supervisor,
        "Talked about it.",
    )


def test_a_flag_that_no_longer_fires_is_withdrawn_not_left_open(world):
    patient, [session] = patient_with_history(world, "38")
    session_update(session=session, marker_sarcasm=True)
    review_patient(patient.pk)
    flag = Flag.objects.get(session=session, code="markers_confrontation")
    session_update(session=session, marker_sarcasm=False)
    review_patient(patient.pk)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.WITHDRAWN
    assert flag.withdrawn_at is not None
    assert codes(session) == []
    assert risk(session) == "none"


def test_a_withdrawn_flag_that_fires_again_returns_to_what_was_done(world):
    patient, [session] = patient_with_history(world, "38")
    session_update(session=session, marker_sarcasm=True)
    review_patient(patient.pk)
    flag = flag_acknowledge(flag=Flag.objects.get(session=session), user=world.therapist_a)
    session_update(session=session, marker_sarcasm=False)
    review_patient(patient.pk)
    session_update(session=session, marker_control=True)
    review_patient(patient.pk)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.ACKNOWLEDGED
    assert flag.withdrawn_at is None
    assert flag.evidence["markers"] == ["control"]
    assert Flag.objects.filter(session=session).count() == 1


def test_editing_session_3_of_8_re_reviews_sessions_3_to_8_only(world):
    patient, sessions = patient_with_history(world, "38", "38", "38", "38", "38", "38", "38", "38")
    review_patient(patient.pk)
    before = dict(SessionReview.objects.filter(session__patient=patient).values_list("session__number", "computed_at"))
    session_update(session=sessions[2], marker_complaint_work=True)
    assert marked_numbers(patient) == [3, 4, 5, 6, 7, 8]
    review_patient(patient.pk)
    after = dict(SessionReview.objects.filter(session__patient=patient).values_list("session__number", "computed_at"))
    assert [n for n in range(1, 9) if after[n] != before[n]] == [3, 4, 5, 6, 7, 8]
    assert codes(sessions[2]) == ["markers_confrontation"]
    assert marked_numbers(patient) == []


def test_a_late_srs_changes_the_reviews_of_the_sessions_after_it(world):
    patient, sessions = patient_with_history(world, "38", "-", "35")
    review_patient(patient.pk)
    assert codes(sessions[2]) == ["srs_below_cutoff", "srs_drop"]
    srs_submit(sessions[1], ["9.0", "9.0", "9.0", "8.5"])  # 35.5: the drop to 35 is now only 0.5
    review_patient(patient.pk)
    assert codes(sessions[2]) == ["srs_below_cutoff"]
    assert Flag.objects.get(session=sessions[2], code="srs_drop").status == FlagStatus.WITHDRAWN


def test_a_mark_set_while_the_review_runs_stays_for_the_next_review(world):
    patient, [session] = patient_with_history(world, "38")
    read = selectors.history_frames

    def read_then_someone_edits(patient_ids):
        frames = read(patient_ids)
        TherapySession.objects.filter(pk=session.pk).update(review_requested_at=timezone.now())
        return frames

    with mock.patch.object(selectors, "history_frames", read_then_someone_edits):
        review_patient(patient.pk)
    assert marked_numbers(patient) == [1]
    review_patient(patient.pk)
    assert marked_numbers(patient) == []


@pytest.mark.postgres("counts the query of the advisory lock")
def test_a_patient_with_nothing_marked_costs_three_queries(world, django_assert_num_queries):
    patient, _ = patient_with_history(world, "38", "35")
    review_patient(patient.pk)
    # The advisory lock and the marks, in a savepoint here; then the sweep's queued record is removed.
    with django_assert_num_queries(5):
        review_patient(patient.pk)


def test_a_patient_deleted_before_the_task_runs_is_skipped_quietly(world):
    patient, _ = patient_with_history(world, "38")
    patient_id = patient.pk
    TherapySession.objects.filter(patient=patient).delete()
    patient.delete()
    review_patient(patient_id)
    assert not SessionReview.objects.filter(session__patient_id=patient_id).exists()


def test_reviewing_every_session_does_not_need_marks(world):
    patient, sessions = patient_with_history(world, "38", "35")
    TherapySession.objects.filter(patient=patient).update(review_requested_at=None)
    counts = patients_review(patient_ids=[patient.pk], only_marked=False)
    assert counts.sessions == 2
    assert codes(sessions[1]) == ["srs_below_cutoff", "srs_drop"]


def test_the_task_retries_a_transient_database_error(world):
    patient, [session] = patient_with_history(world, "35")
    real = patients_review
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    with mock.patch("review.services.recompute.patients_review", flaky):
        result = review_patient.apply(args=[patient.pk], throw=False)
    assert result.successful()
    assert len(calls) == 2
    assert codes(session) == ["srs_below_cutoff"]


def test_the_tasks_are_acknowledged_late_and_requeued_when_their_worker_dies():
    for task in (review_patient,):
        assert task.acks_late is True
        assert task.reject_on_worker_lost is True
        assert OperationalError in task.autoretry_for
        assert task.retry_backoff


def test_a_session_added_later_gets_its_own_review(world):
    patient, sessions = patient_with_history(world, "38", "37.5")
    review_patient(patient.pk)
    third = session_add(patient, world.therapist_a, "35")
    assert marked_numbers(patient) == [3]
    review_patient(patient.pk)
    assert codes(third) == ["srs_below_cutoff", "srs_drop"]
    assert SessionReview.objects.filter(session__patient=patient).count() == 3
