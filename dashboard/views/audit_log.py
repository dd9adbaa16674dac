import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.selectors import clinic_for_admin, staff_member_for_user
from accounts.two_factor.selectors import user_has_two_factor
from accounts.two_factor.services import two_factor_reset
from audit.csv_safety import cell_safe
from audit.forms import AuditFilterForm
from audit.selectors import audit_events_filter, audit_events_for_user, write_events_for_user
from audit.services import audit_record
from dashboard.selectors.audit_log import audit_log_rows
from patients.selectors import patient_ids_with_code

EXPORT_COLUMNS = ["at", "username", "action", "object_type", "object_id", "patient_id", "ip", "path"]


def _filtered(request):
    clinic_for_admin(request.user)
    form = AuditFilterForm(
        request.GET or None, patients_with_code=lambda code: patient_ids_with_code(request.user, code)
    )
    events = audit_events_for_user(request.user)
    if form.is_bound and not form.is_valid():
        events = events.none()  # filters that cannot be applied show nothing, rather than everything
    elif form.is_bound:
        events = audit_events_filter(events, **form.filters())
    return form, events.order_by("-at", "-id")


@never_cache
def audit_log(request):
    form, events = _filtered(request)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": audit_log_rows(request.user, page.object_list),
        "writes": write_events_for_user(request.user, limit=50),
    }
    return render(request, "audit/audit_log.html", context)


class _Echo:
    def write(self, value):
        return value


@never_cache
def audit_export(request):
    form, events = _filtered(request)
    # jsonb cannot hold a NUL character: the filters as asked, without it.
    filters = {name.replace("\x00", ""): value.replace("\x00", "") for name, value in request.GET.items()}
    audit_record(action="export", object_type="audit_log", detail={"filters": filters})
    writer = csv.writer(_Echo())
    rows = (
        writer.writerow([cell_safe(_cell(getattr(e, c))) for c in EXPORT_COLUMNS])
        for e in events.iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(_lines(writer, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


def _cell(value) -> str:
    return "" if value is None else str(value)


def _lines(writer, rows):
    yield writer.writerow(EXPORT_COLUMNS)
    yield from rows


def staff_two_factor_reset(request, pk):
    """A clinic admin resets a staff member's two-factor authentication (a lost phone), after a
    confirmation page; audited. Here rather than in accounts, which may not import the audit log."""
    member = staff_member_for_user(request.user, pk)
    if request.method != "POST":
        return render(request, "audit/two_factor_reset.html", {"member": member, "on": user_has_two_factor(member)})
    try:
        had_two_factor = two_factor_reset(member=member, by=request.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        detail = {"reset_by_admin": True, "had_two_factor": had_two_factor}
        audit_record(action="delete", object_type="two_factor", object_id=member.pk, detail=detail)
        messages.success(request, _("The two-factor authentication of %(name)s is reset.") % {"name": member})
    return redirect("accounts:staff_edit", member.pk)
