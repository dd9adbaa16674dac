"""The privacy pages of one patient, for a clinic admin of their clinic: export everything, erase everything."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import privacy
from .forms import EraseConfirmForm
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
