"""The sessions CSV pages: the import for therapists and clinic admins, the exports for whoever sees the patients."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.services import audit_record
from patients.models import Patient
from patients.selectors import patient_for_user, patients_for_user

from . import csv_export, csv_format
from .csv_forms import SessionsImportForm
from .csv_import import SessionsImportError, import_therapists_for_user, sessions_import

ERRORS_SHOWN = 200


def sessions_import_page(request):
    therapists = import_therapists_for_user(request.user)
    form = SessionsImportForm(request.POST or None, request.FILES or None, user=request.user, therapists=therapists)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = sessions_import(text=data["text"], importer=request.user, therapist=data["therapist"])
        except SessionsImportError as error:
            errors = error.errors
        else:
            messages.success(request, _imported_message(result))
            return redirect("patients:list")
    context = {
        "form": form,
        "errors": errors[:ERRORS_SHOWN],
        "errors_hidden": len(errors[ERRORS_SHOWN:]),
        "columns": csv_format.COLUMNS,
        "extra_columns": (*csv_format.SCORE_COLUMNS, *csv_format.REVIEW_COLUMNS),
        "max_bytes": settings.SESSIONS_IMPORT_MAX_BYTES,
        "max_rows": settings.SESSIONS_IMPORT_MAX_ROWS,
    }
    return render(request, "records/sessions_import.html", context)


def _imported_message(result) -> str:
    message = _(
        "File imported: %(created)s new sessions, %(updated)s updated, %(unchanged)s unchanged; "
        "%(patients)s new patients."
    )
    return message % {
        "created": result.sessions_created,
        "updated": result.sessions_updated,
        "unchanged": result.sessions_unchanged,
        "patients": result.patients_created,
    }


@never_cache
def patient_export(request, pk):
    patient = patient_for_user(request.user, pk)
    return _csv_download(Patient.objects.filter(pk=patient.pk), name=f"sessions-{patient.code}")


@never_cache
def caseload_export(request):
    return _csv_download(patients_for_user(request.user), name="sessions")


def _csv_download(patients, *, name: str) -> HttpResponse:
    filename = f"{slugify(name) or 'sessions'}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    ids = list(patients.values_list("pk", flat=True))
    audit_record(action="export", object_type="sessions_csv", detail={"patients": ids}, patient_id=_only(ids))
    csv_export.sessions_csv_write(Patient.objects.filter(pk__in=ids), response)
    return response


def _only(ids: list[int]) -> int | None:
    return ids[0] if len(ids) == 1 else None
