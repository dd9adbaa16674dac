"""One flag per concern (docs/review-rules.md, "Flags: one per concern"), and the migration that folds old flags."""

import datetime
import importlib

from django.apps import apps
from django.db import connection
from django.utils import timezone

from review.models import Flag, FlagFiring, FlagStatus
from review.services.flags import flag_acknowledge, flag_resolve
from review.services.recompute import patients_review
from review.tasks import review_patient
from sessions.models import TherapySession
from sessions.services import session_update

from .helpers import patient_with_history, session_add

fold = importlib.import_module("review.migrations.0008_flags_fold")


def _numbers(flag) -> list[int]:
    return list(flag.firings.order_by("-session__number").values_list("session__number", flat=True))


def test_worked_example_10_one_flag_lists_its_sessions_latest_first(world):
    patient, _ = patient_with_history(world, "34", "33", "35", "38", "34")
    review_patient(patient.pk)
    [flag] = Flag.objects.filter(patient=patient, code="srs_below_cutoff")
    assert _numbers(flag) == [5, 3, 2, 1]
    assert (flag.session.number, flag.latest_session.number, flag.status) == (1, 5, FlagStatus.OPEN)
    review_patient(patient.pk)  # the same flags again, never duplicates
    assert Flag.objects.filter(patient=patient, code="srs_below_cutoff").count() == 1


def test_a_firing_after_the_flag_was_resolved_raises_a_new_one(world):
    patient, sessions = patient_with_history(world, "34", "33", "35", "38", "34")
    review_patient(patient.pk)
    flag = Flag.objects.get(patient=patient, code="srs_below_cutoff")
    flag_resolve(flag=flag, user=world.therapist_a, note="Talked it over.")
    resolved_on = datetime.datetime.combine(sessions[3].date, datetime.time(12), tzinfo=timezone.get_current_timezone())
    Flag.objects.filter(pk=flag.pk).update(resolved_at=resolved_on, acknowledged_at=resolved_on)
    TherapySession.objects.filter(patient=patient).update(review_requested_at=timezone.now())
    patients_review(patient_ids=[patient.pk], only_marked=False)
    first, second = Flag.objects.filter(patient=patient, code="srs_below_cutoff").order_by("pk")
    assert (first.status, _numbers(first)) == (FlagStatus.RESOLVED, [3, 2, 1])
    assert (second.status, _numbers(second)) == (FlagStatus.OPEN, [5])


def test_an_acknowledged_flag_that_fires_again_stays_acknowledged(world, login):
    patient, _ = patient_with_history(world, "34", "33")
    review_patient(patient.pk)
    flag = flag_acknowledge(flag=Flag.objects.get(patient=patient, code="srs_below_cutoff"), user=world.therapist_a)
    session_add(patient, world.therapist_a, "32")
    review_patient(patient.pk)
    flag.refresh_from_db()
    assert (flag.status, _numbers(flag)) == (FlagStatus.ACKNOWLEDGED, [3, 2, 1])
    html = login(world.therapist_a).get(patient.get_absolute_url()).content.decode()
    assert "fired again at session 3" in html


def test_info_rules_make_notes_not_flags(world):
    patient, _ = patient_with_history(world, "40", "40", "40")
    review_patient(patient.pk)
    assert not Flag.objects.filter(patient=patient).exists()


def test_the_migration_folds_per_session_flags_into_concerns(world):
    patient, sessions = patient_with_history(world, "34", "33", "35", "38", "34", "40", "40", "40")
    now = timezone.now()
    with connection.cursor() as cursor:  # the rows as before the migrations (rolled back with the test)
        cursor.execute("DROP INDEX flag_one_active_per_patient_and_rule")
    common = {"patient": patient, "severity": "medium", "source": "s", "raised_at": now, "updated_at": now}
    for index in (0, 1, 2, 4):
        Flag.objects.create(session=sessions[index], code="srs_below_cutoff", evidence={"n": index + 1}, **common)
    Flag.objects.create(session=sessions[7], code="srs_ceiling", **common)
    Flag.objects.filter(session=sessions[1]).update(
        status=FlagStatus.ACKNOWLEDGED, acknowledged_by=world.therapist_a, acknowledged_at=now
    )
    fold.flags_fold(apps, None)
    [flag] = Flag.objects.filter(patient=patient)
    assert (flag.code, flag.status, flag.session_id, flag.latest_session_id) == (
        "srs_below_cutoff",
        FlagStatus.ACKNOWLEDGED,
        sessions[0].pk,
        sessions[4].pk,
    )
    assert _numbers(flag) == [5, 3, 2, 1]
    assert flag.evidence == {"n": 5}
    assert FlagFiring.objects.get(session=sessions[2]).evidence == {"n": 3}


def test_sessions_leave_a_flag_when_an_edit_stops_its_rule_and_it_is_withdrawn_when_none_is_left(world):
    patient, sessions = patient_with_history(world, "-", "-", "-")
    for session in sessions:
        session_update(session=session, marker_sarcasm=True)
    review_patient(patient.pk)
    flag = flag_acknowledge(
        flag=Flag.objects.get(patient=patient, code="markers_confrontation"), user=world.therapist_a
    )
    assert _numbers(flag) == [3, 2, 1]
    session_update(session=sessions[0], marker_sarcasm=False)
    review_patient(patient.pk)
    flag.refresh_from_db()
    assert (flag.status, _numbers(flag), flag.session_id) == (FlagStatus.ACKNOWLEDGED, [3, 2], sessions[1].pk)
    for session in sessions[1:]:
        session_update(session=session, marker_sarcasm=False)
    review_patient(patient.pk)
    flag.refresh_from_db()
    assert (flag.status, _numbers(flag)) == (FlagStatus.WITHDRAWN, [])
    session_update(session=sessions[1], marker_sarcasm=True)
    review_patient(patient.pk)
    flag.refresh_from_db()  # the rule fires again where it was raised: back as it was, not a new flag
    assert (flag.status, _numbers(flag)) == (FlagStatus.ACKNOWLEDGED, [2])
    assert Flag.objects.filter(patient=patient, code="markers_confrontation").count() == 1
