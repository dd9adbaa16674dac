"""The patient page: the alliance timeline, the open flags and the sessions of one patient."""

from django.shortcuts import render

from dashboard.figures import timeline_chart
from dashboard.selectors import patient_timeline
from patients.selectors import patient_for_user
from review.selectors import active_flags_of_patient
from sessions.selectors import sessions_of_patient


def patient_detail(request, pk):
    patient = patient_for_user(request.user, pk)
    sessions = list(sessions_of_patient(patient).select_related("review"))
    context = {
        "patient": patient,
        "sessions": sessions,
        "flags": active_flags_of_patient(patient),
        "timeline": timeline_chart(patient_timeline(sessions)),
    }
    return render(request, "dashboard/patient_detail.html", context)
