"""The patient page: the alliance timeline, the open flags and the sessions of one patient."""

from django.shortcuts import render

from dashboard.charts import timeline_chart
from dashboard.selectors import patient_timeline
from patients.selectors import patient_for_user
from review.selectors import active_flags_of_patient, thresholds_in_force
from sessions.selectors import sessions_of_patient


def patient_detail(request, pk):
    patient = patient_for_user(request.user, pk)
    sessions = list(sessions_of_patient(patient).select_related("review"))
    thresholds = thresholds_in_force()
    context = {
        "patient": patient,
        "sessions": sessions,
        "flags": active_flags_of_patient(patient),
        "timeline": timeline_chart(patient_timeline(sessions), thresholds=thresholds),
        "thresholds": thresholds,
    }
    return render(request, "dashboard/patient_detail.html", context)
