"""What was done about the flags: the figures of one therapist by hand, small counts, the period, the CSV,
who may see it, and its query count.

Flags are raised by the real review of histories, acknowledged and resolved through the flag services; the
test then sets their times.
"""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from dashboard.selectors.flag_report import Period, flag_report
from review.models import Flag, FlagStatus
from review.services.flags import flag_acknowledge, flag_resolve

from .helpers import history, reviewed

V_REPAIRED = ("38", "38.5", "38", "38.5", "30", "38")  # session 5: below cutoff, drop, V-rupture; 6: repaired
V_UNREPAIRED = ("38", "38.5", "38", "38.5", "30", "31", "-", "31", "31")  # three SRS sessions after 5, none repaired
DAY = datetime.timedelta(days=1)
# The 8 of every signed-in page (tests/dashboard/test_queries.py) less the audit insert (the page names no
# patient) or, for the CSV, less the clinic of the navigation bar; plus therapists, flags, and the sessions with
# an SRS after the V-shaped ruptures.
FLAG_REPORT = 8 - 1 + 3


def at(flag: Flag, *, raised: datetime.datetime, acknowledged=None, resolved=None):
    fields = {"raised_at": raised}
    if acknowledged is not None:
        fields["acknowledged_at"] = raised + acknowledged * DAY
    if resolved is not None:
        fields["resolved_at"] = raised + resolved * DAY
    Flag.objects.filter(pk=flag.pk).update(**fields)


@pytest.fixture
def flags_of_a(world):
    """Six flags (three concerns each) of therapist A's two patients, raised 20 days ago, all acknowledged after
    1–6 days, three of them resolved after 2, 5 and 10 days; both V-shaped ruptures repaired at the next session
    (a note, `rupture_repaired`, not a flag)."""
    patients = reviewed(history(world.therapist_a, "V-1", *V_REPAIRED), history(world.therapist_a, "V-3", *V_REPAIRED))
    flags = list(Flag.objects.filter(patient__in=patients).order_by("patient_id", "session__number", "code"))
    assert len(flags) == 6
    raised = timezone.now() - 20 * DAY
    for index, flag in enumerate(flags):
        if index < 3:
            flag_resolve(flag=flag, user=world.therapist_a, note="Talked it through")
        elif index < 6:
            flag_acknowledge(flag=flag, user=world.therapist_a)
        at(
            flag,
            raised=raised,
            acknowledged=index + 1 if index < 6 else None,
            resolved=(2, 5, 10)[index] if index < 3 else None,
        )
    return flags


def last_weeks(weeks: int) -> Period:
    today = timezone.localdate()
    return Period(today - datetime.timedelta(weeks=weeks) + DAY, today)


def report_of(user, period=None):
    return flag_report(user, period=period or last_weeks(4), now=timezone.now(), overall_name="All")


def test_the_figures_of_one_therapist_computed_by_hand(world, flags_of_a):
    report = report_of(world.supervisor)
    [row] = report.rows
    figures = row.figures
    assert row.therapist == world.therapist_a
    assert figures.raised == 6
    assert figures.by_severity == {"high": 2, "medium": 4, "low": 0, "info": 0}
    assert (figures.acknowledge_days.value, figures.acknowledge_days.n) == (pytest.approx(3.5), 6)
    assert (figures.resolve_days.value, figures.resolve_days.n) == (pytest.approx(5), 3)
    assert (figures.resolved_with_note.value, figures.resolved_with_note.n) == (3 / 6, 6)
    # Resolved after 2 and 5 days: closed in time; after 10 days, or not at all: still open after 7 days.
    assert (figures.open_after_7_days.value, figures.open_after_7_days.n) == (4 / 6, 6)
    assert figures.v_ruptures == 2
    assert (figures.v_repaired.value, figures.v_repaired.n) == (1, 2)
    # A supervisor's comparison row is over the therapists they supervise: here A alone.
    assert report.overall.figures == figures


def test_the_clinic_row_of_a_clinic_admin_takes_in_every_therapist(world, flags_of_a):
    reviewed(history(world.therapist_b, "V-B", *V_UNREPAIRED))
    report = report_of(world.admin)
    rows = {row.therapist: row.figures for row in report.rows}
    assert rows[world.therapist_a] == report_of(world.supervisor).rows[0].figures
    b = rows[world.therapist_b]
    assert b.raised == Flag.objects.filter(patient__primary_therapist=world.therapist_b).count()
    assert (b.v_ruptures, b.v_repaired.value, b.v_repaired.n) == (1, 0, 1)  # sessions 6, 8 and 9: not repaired
    overall = report.overall.figures
    assert overall.raised == 6 + b.raised
    assert (overall.v_ruptures, overall.v_repaired.value, overall.v_repaired.n) == (3, 2 / 3, 3)
    # B's flags were raised just now: not yet 7 days old, so not in "still open after 7 days".
    assert overall.open_after_7_days.n == 6


def test_a_rupture_without_three_srs_sessions_after_it_is_not_counted_yet(world):
    reviewed(history(world.therapist_a, "V-4", "38", "38.5", "38", "38.5", "30", "33"))
    figures = report_of(world.supervisor).rows[0].figures
    assert (figures.v_ruptures, figures.v_repaired.n, figures.v_repaired.value) == (1, 0, None)


def test_withdrawn_flags_are_not_counted_as_raised(world, flags_of_a):
    Flag.objects.filter(pk=flags_of_a[-1].pk).update(status=FlagStatus.WITHDRAWN, withdrawn_at=timezone.now())
    assert report_of(world.supervisor).rows[0].figures.raised == 5


def test_the_period_counts_the_flags_raised_in_it(world, flags_of_a):
    at(flags_of_a[-1], raised=timezone.now() - 40 * DAY)
    assert report_of(world.supervisor, last_weeks(4)).rows[0].figures.raised == 5
    assert report_of(world.supervisor, last_weeks(12)).rows[0].figures.raised == 6
    day = (timezone.now() - 40 * DAY).astimezone(timezone.get_current_timezone()).date()
    assert report_of(world.supervisor, Period(day, day)).rows[0].figures.raised == 1


def test_the_page_marks_small_counts_and_formats_numbers(world, login, flags_of_a):
    html = login(world.supervisor).get("/dashboard/flag-report/").content.decode()
    row = html.split(f'id="flag-report-{world.therapist_a.pk}"')[1].split("</tr>")[0]
    assert "3.5" in row  # median days to acknowledge, n = 6
    assert "50 %" in row and "67 %" in row  # resolved with a note, still open after 7 days
    assert row.count("too few to compare") == 2  # median days to resolve (n = 3), ruptures repaired (n = 2)
    assert 'id="flag-report-overall"' in html and "All your therapists" in html
    html_es = login(world.supervisor).get("/dashboard/flag-report/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "3,5" in html_es and "demasiado pocas para comparar" in html_es


def test_the_clinic_admin_compares_with_the_clinic(world, login, flags_of_a):
    html = login(world.admin).get("/dashboard/flag-report/").content.decode()
    assert f'id="flag-report-{world.therapist_b.pk}"' in html and ">Clinic<" in html


@pytest.mark.parametrize(
    "query",
    [
        "?weeks=4",
        "?weeks=12",
        "?weeks=26",
        "?weeks=&since=2026-01-01&until=2026-02-01",
        "?weeks=&since=&until=",  # nothing asked: the last 4 weeks
    ],
)
def test_the_period_filter_accepts_its_choices(world, login, query):
    response = login(world.supervisor).get(f"/dashboard/flag-report/{query}")
    assert response.status_code == 200 and 'id="flag-report"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?weeks=5",
        "?weeks=NaN",
        "?weeks=Infinity",
        "?weeks=1e999999",
        "?weeks=-0",
        "?since=2026-02-01&until=2026-01-01",
        "?since=2026-01-01",
        "?since=nonsense&until=2026-01-01",
        "?since=NaN&until=NaN",
        "?since=2026-01-01&until=9999-12-31",
        "?since=0001-01-01&until=2026-13-01",
        "?since=%00&until=2026-01-01",
        "?since=" + "1" * 300 + "&until=2026-01-01",
    ],
)
def test_a_bad_period_is_a_form_error_not_a_500(world, login, query):
    client = login(world.supervisor)
    response = client.get(f"/dashboard/flag-report/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="flag-report"' not in html and ("invalid-feedback" in html or "alert-danger" in html)
    assert client.get(f"/dashboard/flag-report.csv{query}").status_code == 400


def test_the_csv_gives_the_numbers(world, login, flags_of_a):
    response = login(world.admin).get("/dashboard/flag-report.csv?weeks=12")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["therapist"] for row in rows] == ["therapist_a", "therapist_b", "Clinic"]
    a = rows[0]
    assert (a["raised"], a["raised_high"], a["raised_medium"], a["raised_low"], a["raised_info"]) == (
        "6",
        "2",
        "4",
        "0",
        "0",
    )
    assert (a["acknowledged"], a["median_days_to_acknowledge"]) == ("6", "3.50")
    assert (a["resolved"], a["median_days_to_resolve"]) == ("3", "5.00")
    assert (a["share_resolved_with_note"], a["share_open_after_7_days"]) == ("0.500", "0.667")
    assert (a["v_ruptures"], a["v_ruptures_with_outcome"], a["share_v_ruptures_repaired"]) == ("2", "2", "1.000")
    assert rows[1]["raised"] == "0" and rows[1]["median_days_to_acknowledge"] == ""


def test_the_csv_cells_are_safe_from_formulas(world, login):
    world.therapist_a.first_name = "=HYPERLINK(1)"
    world.therapist_a.save()
    text = login(world.supervisor).get("/dashboard/flag-report.csv").content.decode()
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize("actor", ["therapist_a", "therapist_b", "other_therapist"])
def test_a_therapist_gets_404(world, login, actor):
    client = login(getattr(world, actor))
    assert client.get("/dashboard/flag-report/").status_code == 404
    assert client.get("/dashboard/flag-report.csv").status_code == 404


def test_a_supervisor_sees_only_the_therapists_they_supervise(world, login, flags_of_a):
    reviewed(history(world.therapist_b, "V-B", *V_REPAIRED))
    html = login(world.supervisor).get("/dashboard/flag-report/").content.decode()
    assert f'id="flag-report-{world.therapist_a.pk}"' in html
    assert f'id="flag-report-{world.therapist_b.pk}"' not in html
    assert report_of(world.supervisor).overall.figures.raised == 6
    assert report_of(world.idle_supervisor).overall.figures.raised == 0
    assert report_of(world.other_admin).overall.figures.raised == 0


def test_the_supervisor_dashboard_links_to_the_report(world, login):
    html = login(world.supervisor).get("/dashboard/supervisor/").content.decode()
    assert 'href="/dashboard/flag-report/"' in html


@pytest.fixture(params=[1, 3], ids=["one patient each", "three patients each"])
def caseloads(request, world):
    patients = []
    for therapist in (world.therapist_a, world.therapist_b):
        patients += [history(therapist, f"{therapist.pk}-{n}", *V_UNREPAIRED) for n in range(request.param)]
    reviewed(*patients)
    for flag in Flag.objects.filter(patient__in=patients)[::2]:
        flag_resolve(flag=flag, user=world.admin, note="Done")
    return patients


@pytest.mark.parametrize("path", ["/dashboard/flag-report/", "/dashboard/flag-report.csv"])
def test_the_report_costs_a_fixed_number_of_queries(world, login, caseloads, path, django_assert_num_queries):
    client = login(world.admin)
    client.get(path)
    with django_assert_num_queries(FLAG_REPORT):
        response = client.get(path)
    assert response.status_code == 200
