from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .display import flag_view
from .forms import FlagResolveForm
from .selectors import flag_for_user
from .services import flags


def _back_to_patient(flag):
    return redirect(f"{flag.session.patient.get_absolute_url()}#flags")


def _back(request, flag):
    """Back to the page the form came from when it says so (the supervisor's inbox), else to the patient."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)  # a URL, never a URL name (redirect() would try to reverse it)
    return _back_to_patient(flag)


@require_POST
def flag_acknowledge(request, pk):
    flag = flag_for_user(request.user, pk)
    back = _back(request, flag)  # reads the body first: one Django refuses (400) must leave the flag untouched
    try:
        flags.flag_acknowledge(flag=flag, user=request.user)
    except flags.FlagError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Flag acknowledged."))
    return back


def flag_resolve(request, pk):
    flag = flag_for_user(request.user, pk)
    form = FlagResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flags.flag_resolve(flag=flag, user=request.user, note=form.cleaned_data["note"])
        except flags.FlagError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Flag resolved."))
            return _back_to_patient(flag)
    context = {"form": form, "item": flag_view(flag), "patient": flag.session.patient}
    return render(request, "review/flag_resolve.html", context)
