from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import PatientForm
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


def patient_edit(request, pk):
    patient = patient_for_user(request.user, pk)
    form = PatientForm(request.POST or None, instance=patient, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.patient_update(patient=patient, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(patient)
    return render(request, "patients/patient_form.html", {"form": form, "title": str(patient), "patient": patient})
