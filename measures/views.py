from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.selectors import clinic_for_admin
from sessions.selectors import session_for_user

from . import services
from .forms import PaperMeasuresForm, WordingUploadForm
from .instruments import INSTRUMENTS
from .selectors import measures_of_session, paper_labels, wording_sets_for_user


def paper_entry(request, pk):
    session = session_for_user(request.user, pk)
    patient = session.patient
    labels = paper_labels(patient.clinic, get_language())
    measures = measures_of_session(session)
    form = PaperMeasuresForm(request.POST or None, measures=measures, labels=labels, language=patient.language)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_measures_record(session=session, entered_by=request.user, **form.cleaned_data["measures"])
        except services.MeasureError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Measures saved."))
            return redirect(session)
    context = {"form": form, "session": session, "patient": patient}
    return render(request, "measures/paper_entry.html", context)


def wording(request):
    clinic = clinic_for_admin(request.user)
    form = WordingUploadForm(request.POST or None, request.FILES or None, clinic=clinic)
    if request.method == "POST" and form.is_valid():
        count = services.instrument_wording_load(rows=form.cleaned_data["rows"])
        messages.success(request, _("Licensed wording loaded: %(count)s items.") % {"count": count})
        return redirect("measures:wording")
    sets = wording_sets_for_user(request.user)
    context = {"form": form, "clinic": clinic, "sets": sets, "instruments": INSTRUMENTS.values()}
    return render(request, "measures/wording.html", context)
