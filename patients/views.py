from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.selectors import staff_member_for_user, therapists_for_user

from . import services
from .forms import HandOverForm, PatientForm
from .selectors import patient_for_user, patient_search, patients_to_hand_over


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


def hand_over(request, pk):
    """Deactivating a therapist: their active patients go to other therapists first (clinic admins only)."""
    therapist = staff_member_for_user(request.user, pk)
    patients = patients_to_hand_over(request.user, therapist=therapist)
    others = therapists_for_user(request.user).filter(is_active=True).exclude(pk=therapist.pk).order_by("last_name")
    form = HandOverForm(request.POST or None, patients=patients, therapists=others)
    if request.method == "POST" and form.is_valid():
        try:
            services.patients_hand_over(by=request.user, therapist=therapist, moves=form.cleaned_data["moves"])
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request, _("%(name)s is deactivated; their patients are handed over.") % {"name": therapist}
            )
            return redirect("accounts:staff_list")
    return render(request, "patients/hand_over.html", {"form": form, "therapist": therapist, "patients": patients})
