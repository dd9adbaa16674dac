import secrets

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from measures.services import MeasureError
from sessions.selectors import session_for_user

from . import selectors, services, tokens
from .forms import NO_SCRIPT_STOPS, PatientAnswersForm, TabletCodeForm
from .models import AccessKind, PatientFormAccess
from .selectors import FormState
from .throttle import Requester

DEVICE_COOKIE = "alliance_tablet"
DEVICE_COOKIE_SALT = "alliance.measures.patient_forms.device"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600


# The therapist's side: issuing a code or a link for a session they may see.


def issued_page(request, pk, issue, template, details):
    """Issue with `issue` for the user's session `pk` and show `template` with the session, the access and
    `details(issued)`; back to the session, with the reason as a message, when the service refuses."""
    session = session_for_user(request.user, pk)
    try:
        issued = issue(session=session, issued_by=request.user)
    except MeasureError as error:
        messages.error(request, error.message)
        return redirect(session)
    context = {"session": session, "patient": session.patient, "access": issued.access}
    return render(request, template, context | details(issued))


@require_POST
@never_cache
def tablet_code_issue(request, pk):
    def details(issued):
        tablet_url = request.build_absolute_uri(reverse("patient_forms:tablet"))
        return {
            "code": tokens.code_display(issued.secret),
            "tablet_url": tablet_url,
            "qr": segno.make(f"{tablet_url}#code={issued.secret}", error="m").svg_data_uri(scale=6, border=2),
        }

    return issued_page(request, pk, services.tablet_code_issue, "measures/patient_forms/tablet_code.html", details)


@require_POST
@never_cache
def telehealth_link_issue(request, pk):
    def details(issued):
        return {"link": request.build_absolute_uri(reverse("patient_forms:form", args=[issued.secret]))}

    return issued_page(
        request, pk, services.telehealth_link_issue, "measures/patient_forms/telehealth_link.html", details
    )


WITHDRAWN = {
    AccessKind.TABLET: gettext_lazy("The tablet code was withdrawn."),
    AccessKind.LINK: gettext_lazy("The telehealth link was withdrawn."),
}


@require_POST
def patient_form_withdraw(request, pk, access_pk):
    session = session_for_user(request.user, pk)
    access = selectors.access_of_session(session, access_pk)
    try:
        services.patient_form_withdraw(access=access)
    except MeasureError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, WITHDRAWN[access.kind])
    return redirect(session)


# The patient's side: no login; a code or a token is the only key, and it opens one session's form.


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def tablet(request):
    form = TabletCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            token = services.tablet_code_open(typed=form.cleaned_data["code"], requester=_requester(request))
        except services.CodeRefused as error:
            form.add_error("code", error.message)
            status = 429 if error.throttled else 400
        else:
            return redirect("patient_forms:form", token=token)
    elif request.method == "POST":
        status = 400
    response = render(request, "measures/patient_forms/code_entry.html", {"form": form}, status=status)
    _keep_device_cookie(request, response)
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def patient_form(request, token):
    access = selectors.access_for_token(token)
    if access is None:
        return render(request, "measures/patient_forms/unknown.html", status=404)
    with translation.override(access.language):
        response = _form_post(request, access) if request.method == "POST" else _form_get(request, access)
    response.headers["Content-Language"] = access.language
    return response


def _form_get(request: HttpRequest, access: PatientFormAccess) -> HttpResponse:
    state = selectors.form_state(access)
    if state != FormState.OPEN:
        return _closed(request, access, state, status=200)
    form = PatientAnswersForm(initial={"submission_key": access.submission_key}, content=selectors.form_content(access))
    return _form_page(request, access, form, status=200)


def _form_post(request: HttpRequest, access: PatientFormAccess) -> HttpResponse:
    state = selectors.form_state(access)
    if state != FormState.OPEN and access.submitted_at is None:
        return _closed(request, access, state, status=410)
    form = PatientAnswersForm(request.POST, content=selectors.form_content(access))
    if form.is_valid():
        try:
            services.patient_form_submit(access=access, **form.answers)
        except services.FormClosed:
            return _closed(request, access, selectors.form_state(access), status=410)
        except services.AnswersDiffer as error:
            return _differ(request, access, error.message)
        except MeasureError as error:
            form.add_error(None, error.message)
        else:
            if _wants_json(request):
                return JsonResponse({"stored": True, "next": request.path})
            return redirect(request.path)
    if _wants_json(request):
        body = {"stored": False, "message": _("Some answers are missing or not valid."), "errors": form.errors}
        return JsonResponse(body, status=400)
    return _form_page(request, access, form, status=400)


def _form_page(request, access, form, *, status: int) -> HttpResponse:
    context = {"form": form, "kind": access.kind, "stops": NO_SCRIPT_STOPS}
    return render(request, "measures/patient_forms/form.html", context, status=status)


def _closed(request, access: PatientFormAccess, state: FormState, *, status: int) -> HttpResponse:
    """The end of a form: thanks, or why it takes no answer. Nothing about the patient or the session."""
    if _wants_json(request):
        body = {"stored": False, "closed": True, "message": services.closed_message(state)}
        return JsonResponse(body, status=status)
    context = {"state": state.value, "kind": access.kind, "tablet": access.kind == AccessKind.TABLET}
    return render(request, "measures/patient_forms/closed.html", context, status=status)


def _differ(request, access: PatientFormAccess, message: str) -> HttpResponse:
    """A re-send that is not the stored answer: its own status, so that the outbox tells the patient."""
    if _wants_json(request):
        return JsonResponse({"stored": False, "conflict": True, "message": message}, status=409)
    context = {"state": "differ", "message": message, "tablet": access.kind == AccessKind.TABLET}
    return render(request, "measures/patient_forms/closed.html", context, status=409)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _requester(request: HttpRequest) -> Requester:
    device = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_COOKIE_SALT)
    return Requester(device=device, address=request.META.get("REMOTE_ADDR", ""))


def _keep_device_cookie(request: HttpRequest, response: HttpResponse) -> None:
    """Give the tablet a random id, so that its wrong codes are counted apart from other devices'."""
    if request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_COOKIE_SALT):
        return
    response.set_signed_cookie(
        DEVICE_COOKIE,
        secrets.token_urlsafe(16),
        salt=DEVICE_COOKIE_SALT,
        max_age=DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
