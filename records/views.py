"""The privacy pages of one patient, for a clinic admin of their clinic: export everything, erase everything;
and deleting a session logged by mistake."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from measures.selectors import measures_of_session
from sessions.selectors import session_for_user

from . import privacy, session_delete
from .forms import EraseConfirmForm, SessionDeleteForm
from .privacy import patient_for_admin


@never_cache
def patient_privacy(request, pk):
    patient = patient_for_admin(request.user, pk)
    form = EraseConfirmForm(request.POST or None, patient=patient)
    if request.method == "POST" and form.is_valid():
        code = patient.code
        privacy.patient_erase(patient=patient, by=request.user)
        messages.success(request, _("Patient %(code)s and all their data were erased.") % {"code": code})
        return redirect("patients:list")
    return render(request, "records/patient_privacy.html", {"patient": patient, "form": form})


@never_cache
def patient_export_everything(request, pk):
    patient = patient_for_admin(request.user, pk)
    response = HttpResponse(privacy.patient_export_json(patient), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="patient-{patient.pk}.json"'
    return response


@never_cache
def session_delete_page(request, pk):
    session = session_for_user(request.user, pk)
    needs_reason = session_delete.reason_required(measures_of_session(session))
    form = SessionDeleteForm(request.POST if request.method == "POST" else None, reason_required=needs_reason)
    if request.method == "POST" and form.is_valid():
        patient, number = session.patient, session.number
        try:
            session_delete.session_delete(session=session, by=request.user, reason=form.cleaned_data.get("reason", ""))
        except session_delete.SessionDeleteError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Session %(number)s was deleted.") % {"number": number})
            return redirect(patient)
    context = {"session": session, "patient": session.patient, "form": form}
    return render(request, "records/session_delete.html", context)
