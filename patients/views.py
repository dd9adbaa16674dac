from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from dashboard.figures import timeline_chart
from dashboard.selectors import patient_timeline
from review.selectors import active_flags_of_patient
from sessions.selectors import sessions_of_patient

from . import privacy, services
from .forms import EraseConfirmForm, PatientForm
from .privacy import patient_for_admin
from .selectors import patient_for_user, patient_search


def patient_list(request):
    # PostgreSQL refuses a NUL character even in a search term.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:32]
    patients = patient_search(request.user, query=query)
    return render(request, "patients/patient_list.html", {"patients": patients, "query": query})


def patient_create(request):
    form = PatientForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        patient = services.patient_create(clinic=request.user.clinic, **form.cleaned_data)
        messages.success(request, _("Patient %(code)s added.") % {"code": patient.code})
        return redirect(patient)
    return render(request, "patients/patient_form.html", {"form": form, "title": _("New patient")})


def patient_detail(request, pk):
    patient = patient_for_user(request.user, pk)
    sessions = list(sessions_of_patient(patient).select_related("review"))
    context = {
        "patient": patient,
        "sessions": sessions,
        "flags": active_flags_of_patient(patient),
        "timeline": timeline_chart(patient_timeline(sessions)),
    }
    return render(request, "patients/patient_detail.html", context)


def patient_edit(request, pk):
    patient = patient_for_user(request.user, pk)
    form = PatientForm(request.POST or None, instance=patient, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.patient_update(patient=patient, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(patient)
    return render(request, "patients/patient_form.html", {"form": form, "title": str(patient), "patient": patient})


@never_cache
def patient_privacy(request, pk):
    patient = patient_for_admin(request.user, pk)
    form = EraseConfirmForm(request.POST or None, patient=patient)
    if request.method == "POST" and form.is_valid():
        code = patient.code
        privacy.patient_erase(patient=patient, by=request.user)
        messages.success(request, _("Patient %(code)s and all their data were erased.") % {"code": code})
        return redirect("patients:list")
    return render(request, "patients/patient_privacy.html", {"patient": patient, "form": form})


@never_cache
def patient_export_everything(request, pk):
    patient = patient_for_admin(request.user, pk)
    response = HttpResponse(privacy.patient_export_json(patient), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="patient-{patient.pk}.json"'
    return response
