"""The demo clinic comes with every session reviewed, so the first page already shows flags."""

from collections import Counter
from unittest import mock

from dashboard.demo import demo_build
from review.models import Flag, PatientChecklistReview, SessionReview, TherapistChecklistReview
from sessions import review_marks
from sessions.models import TherapySession


def test_every_demo_session_is_reviewed_and_nothing_is_left_pending(db, django_capture_on_commit_callbacks):
    with mock.patch.object(review_marks, "task_send") as send, django_capture_on_commit_callbacks(execute=True):
        demo_build(seed=1)
    sessions = TherapySession.objects.count()
    assert SessionReview.objects.count() == sessions > 500
    assert not TherapySession.objects.filter(review_requested_at__isnull=False).exists()
    assert send.call_count <= 60  # one prompt per patient at most, not one per session
    levels = Counter(SessionReview.objects.values_list("risk_level", flat=True))
    assert set(levels) == {"none", "low", "medium", "high"}
    assert {"srs_v_rupture", "rupture_unrepaired", "attendance"} <= set(Flag.objects.values_list("code", flat=True))
    assert not Flag.objects.filter(code__in=["srs_ceiling", "rupture_repaired"]).exists()  # notes, not flags
    assert TherapistChecklistReview.objects.count() == 6
    assert PatientChecklistReview.objects.count() == 60
