from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from patients.selectors import patient_for_user

from . import services
from .forms import SessionForm
from .selectors import session_for_user


def session_create(request, patient_pk):
    patient = patient_for_user(request.user, patient_pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        therapist = request.user if request.user.is_therapist else patient.primary_therapist
        session = services.session_record(patient=patient, therapist=therapist, **form.cleaned_data["fields"])
        messages.success(request, _("Session %(number)s recorded.") % {"number": session.number})
        return redirect(session)
    context = {"form": form, "patient": patient, "title": _("New session")}
    return render(request, "sessions/session_form.html", context)


def session_edit(request, pk):
    session = session_for_user(request.user, pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        services.session_update(session=session, **form.cleaned_data["fields"])
        messages.success(request, _("Saved."))
        return redirect(session)
    context = {"form": form, "patient": session.patient, "session": session, "title": str(session)}
    return render(request, "sessions/session_form.html", context)
