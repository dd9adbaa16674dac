"""Issue 10, point 1, end to end: a session logged late for an earlier date takes its place.

After 19 Nov (#1) and 3 Dec (#2), a forgotten 26 Nov session with SRS 16 is
logged: it becomes #2, 3 Dec becomes #3, and the caseload's "last session"
is 3 Dec #3 with its SRS of 38, as the worker leaves it after each write.
"""

import datetime

from dashboard.selectors import CaseloadFilters, therapist_home
from patients.services import patient_create
from review.models import SessionReview, TherapistWeek
from review.summaries import week_of
from review.tasks import review_patient
from sessions.models import TherapySession

SRS = ("srs_relationship", "srs_goals", "srs_approach", "srs_overall")


def log_session(client, patient, day: datetime.date, items: tuple[str, str, str, str]) -> TherapySession:
    """Log an attended session through the form, enter its SRS from paper, then let the worker review."""
    fields = {"date": day.isoformat(), "attendance": "attended", "modality": "video"}
    response = client.post(f"/patients/{patient.pk}/sessions/new/", fields)
    assert response.status_code == 302, response.context["form"].errors
    session = TherapySession.objects.get(pk=response["Location"].strip("/").split("/")[-1])
    paper = {"language": "es", **dict(zip(SRS, items, strict=True))}
    response = client.post(f"/sessions/{session.pk}/measures/paper/", paper)
    assert response.status_code == 302
    review_patient(patient.pk)
    return session


def numbers_by_date(patient) -> list[tuple[datetime.date, int]]:
    return list(patient.sessions.order_by("date").values_list("date", "number"))


def test_a_forgotten_session_takes_its_place_and_the_caseload_shows_the_latest_one(world, login):
    client = login(world.therapist_a)
    patient = patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="LATE-1")
    log_session(client, patient, datetime.date(2026, 11, 19), ("9.3", "9.3", "9.2", "9.2"))
    third = log_session(client, patient, datetime.date(2026, 12, 3), ("9.5", "9.5", "9.5", "9.5"))
    late = log_session(client, patient, datetime.date(2026, 11, 26), ("4.0", "4.0", "4.0", "4.0"))

    assert numbers_by_date(patient) == [
        (datetime.date(2026, 11, 19), 1),
        (datetime.date(2026, 11, 26), 2),
        (datetime.date(2026, 12, 3), 3),
    ]
    home = therapist_home(world.therapist_a, filters=CaseloadFilters(), today=datetime.date(2026, 12, 4))
    row = next(row for row in home.rows if row.patient == patient)
    status = row.status
    assert (status.last_session_number, status.last_session_date) == (3, datetime.date(2026, 12, 3))
    assert (str(status.last_srs_total), str(status.previous_srs_total), row.srs_trend) == ("38.0", "16.0", "up")
    assert status.risk_level == "none"
    assert status.recent_srs == ["37.0", "16.0", "38.0"]
    # The reviews were recomputed from the late session's place on: 26 Nov is the drop, 3 Dec is not.
    assert SessionReview.objects.get(session=late).risk_level == "high"
    assert SessionReview.objects.get(session=third).codes == []
    week = TherapistWeek.objects.get(therapist=world.therapist_a, week=week_of(datetime.date(2026, 11, 26)))
    assert week.srs_tenths == [160]

    page = client.get("/dashboard/").content.decode()
    shown = page[page.index("LATE-1") :]
    shown = shown[: shown.index("</tr>")]
    assert "#3" in shown and "38.0" in shown and "↑" in shown and "No risk" in shown
    assert "#2" not in shown and "↓" not in shown and "High" not in shown


def test_the_timeline_draws_the_sessions_in_date_order(world, login):
    client = login(world.therapist_a)
    patient = patient_create(clinic=world.clinic, primary_therapist=world.therapist_a, code="LATE-2")
    for day, items in (
        (datetime.date(2026, 11, 19), ("9.3", "9.3", "9.2", "9.2")),
        (datetime.date(2026, 12, 3), ("9.5", "9.5", "9.5", "9.5")),
        (datetime.date(2026, 11, 26), ("4.0", "4.0", "4.0", "4.0")),
    ):
        log_session(client, patient, day, items)
    srs = client.get(f"/patients/{patient.pk}/").context["timeline"].figure["data"][0]
    assert list(srs["x"]) == [1, 2, 3]
    assert list(srs["customdata"]) == ["2026-11-19", "2026-11-26", "2026-12-03"]
    assert list(srs["y"]) == [37.0, 16.0, 38.0]
