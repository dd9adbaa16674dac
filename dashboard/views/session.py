"""The session page: what was recorded, the measures given, the patient forms to issue."""

from django.shortcuts import render

from measures.patient_forms.selectors import live_form_of_session
from measures.selectors import measures_of_session
from review.selectors import thresholds_in_force
from sessions.selectors import session_for_user


def session_detail(request, pk):
    session = session_for_user(request.user, pk)
    context = {
        "session": session,
        "patient": session.patient,
        "measures": measures_of_session(session),
        "live_form": live_form_of_session(session),
        "thresholds": thresholds_in_force(),
    }
    return render(request, "dashboard/session_detail.html", context)
