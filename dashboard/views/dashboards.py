from django.shortcuts import redirect, render
from django.utils import timezone

from dashboard import charts
from dashboard.forms import CaseloadFilterForm
from dashboard.selectors import supervisor_dashboard, therapist_dashboard, therapist_home


def home(request):
    """The landing page: a therapist's caseload, or the dashboard of those who oversee therapists."""
    user = request.user
    if user.is_superuser and user.clinic_id is None:
        return redirect("admin:index")
    if user.is_supervisor or user.is_clinic_admin:
        return redirect("dashboard:supervisor")
    return redirect("dashboard:caseload")


def caseload(request):
    form = CaseloadFilterForm(request.GET)
    page = therapist_home(request.user, filters=form.filters(), today=timezone.localdate())
    return render(request, "dashboard/caseload.html", {"page": page, "form": form})


def supervisor(request):
    page = supervisor_dashboard(request.user, today=timezone.localdate())
    context = {
        "page": page,
        "alliance": charts.alliance_chart(page.alliance, thresholds=page.thresholds),
        "adherence": charts.adherence_chart(page.adherence),
        "clinic": charts.clinic_chart(page.clinic, thresholds=page.thresholds),
    }
    return render(request, "dashboard/supervisor.html", context)


def therapist(request, pk):
    form = CaseloadFilterForm(request.GET)
    page = therapist_dashboard(request.user, pk, filters=form.filters(), today=timezone.localdate())
    context = {
        "page": page,
        "form": form,
        "alliance": charts.alliance_chart(page.alliance, thresholds=page.thresholds),
        "adherence": charts.adherence_chart(page.adherence),
    }
    return render(request, "dashboard/therapist.html", context)
