import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.csv_safety import cell_safe
from audit.services import audit_record
from dashboard.forms import FlagReportPeriodForm
from dashboard.selectors.flag_report import SEVERITIES, FlagReport, ReportRow, flag_report

# Documented in README.md ("Dashboards"); shares are fractions (0–1), medians days, both empty when n = 0.
CSV_COLUMNS = [
    "therapist",
    "period_start",
    "period_end",
    "raised",
    *[f"raised_{severity}" for severity in SEVERITIES],
    "acknowledged",
    "median_days_to_acknowledge",
    "resolved",
    "median_days_to_resolve",
    "share_resolved_with_note",
    "raised_7_days_before_end",
    "share_open_after_7_days",
    "v_ruptures",
    "v_ruptures_with_outcome",
    "share_v_ruptures_repaired",
]


def _report(request) -> tuple[FlagReportPeriodForm, FlagReport | None]:
    user = request.user
    if not (user.is_supervisor or user.is_clinic_admin):
        raise Http404
    form = FlagReportPeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return form, None
    overall = _("Clinic") if user.is_clinic_admin else _("All your therapists")
    return form, flag_report(user, period=form.period(), now=timezone.now(), overall_name=overall)


@never_cache
def flag_report_page(request):
    form, report = _report(request)
    return render(request, "dashboard/flag_report.html", {"form": form, "report": report})


@never_cache
def flag_report_csv(request):
    form, report = _report(request)
    if report is None:
        return HttpResponse(
            " ".join(str(message) for messages in form.errors.values() for message in messages),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    audit_record(
        action="export",
        object_type="flag_report",
        detail={"start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="flag-report.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in [*report.rows, report.overall]:
        writer.writerow([cell_safe(cell) for cell in _csv_cells(row, report)])
    return response


def _csv_cells(row: ReportRow, report: FlagReport) -> list[str]:
    f = row.figures
    return [
        row.name,
        report.period.start.isoformat(),
        report.period.end.isoformat(),
        str(f.raised),
        *[str(f.by_severity[severity]) for severity in SEVERITIES],
        str(f.acknowledge_days.n),
        _number(f.acknowledge_days.value, 2),
        str(f.resolve_days.n),
        _number(f.resolve_days.value, 2),
        _number(f.resolved_with_note.value, 3),
        str(f.open_after_7_days.n),
        _number(f.open_after_7_days.value, 3),
        str(f.v_ruptures),
        str(f.v_repaired.n),
        _number(f.v_repaired.value, 3),
    ]


def _number(value: float | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"
