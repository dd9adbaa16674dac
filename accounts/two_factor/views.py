from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from . import services
from .forms import TokenForm, VerifyForm
from .selectors import recovery_codes_left, totp_device_for_user, totp_setup_details, two_factor_required


def status(request):
    return _status_page(request, TokenForm())


@never_cache
def setup(request):
    if totp_device_for_user(request.user) is not None:
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("two_factor:status")
    device = services.totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = _token_checked(request, form, services.totp_device_confirm)
        if confirmed is not None:
            device, codes = confirmed
            _mark_verified(request, device)
            messages.success(request, _("Two-factor authentication is on. Keep your authenticator app at hand."))
            return _codes_page(request, codes, next_url=_next_url(request, default="two_factor:status"))
    context = {"form": form, "next": _next_url(request), "required": two_factor_required(request.user)}
    return render(request, "accounts/two_factor/setup.html", context | totp_setup_details(device))


def verify(request):
    if totp_device_for_user(request.user) is None:
        return redirect("two_factor:status")
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _token_checked(request, form, services.two_factor_verify)
        if device is not None:
            _mark_verified(request, device)
            if isinstance(device, StaticDevice):
                _recovery_code_used_message(request)
            return redirect(_next_url(request))
    return render(request, "accounts/two_factor/verify.html", {"form": form, "next": _next_url(request)})


@require_POST
def disable(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            services.totp_disable(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as refusal:
            form.add_error("token", refusal)
        else:
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("two_factor:status")
    return _status_page(request, form, status=400)


@never_cache
def recovery_codes(request):
    """The count of recovery codes left; a new set (shown once) for a code of the authenticator app."""
    if totp_device_for_user(request.user) is None:
        return redirect("two_factor:status")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = _token_checked(request, form, services.recovery_codes_renew)
        if codes is not None:
            return _codes_page(request, codes, next_url=resolve_url("two_factor:status"))
    context = {"form": form, "left": recovery_codes_left(request.user)}
    return render(request, "accounts/two_factor/recovery_codes.html", context)


def _token_checked(request, form, service):
    """What `service` gives for the user and the form's code; None, with the refusal on the form, if it refuses."""
    try:
        return service(user=request.user, token=form.cleaned_data["token"])
    except ValidationError as refusal:
        form.add_error("token", refusal)
        return None


def _codes_page(request, codes: list[str], *, next_url: str):
    # The codes exist in plain only in this response: never stored, never cached.
    return render(request, "accounts/two_factor/recovery_codes_new.html", {"codes": codes, "next": next_url})


def _recovery_code_used_message(request) -> None:
    left = recovery_codes_left(request.user)
    messages.warning(
        request,
        ngettext(
            "You signed in with a recovery code; %(count)d is left. Make new ones on your two-factor page.",
            "You signed in with a recovery code; %(count)d are left. Make new ones on your two-factor page.",
            left,
        )
        % {"count": left},
    )


def _status_page(request, disable_form, *, status=200):
    context = {
        "device": totp_device_for_user(request.user),
        "required": two_factor_required(request.user),
        "disable_form": disable_form,
        "recovery_codes_left": recovery_codes_left(request.user),
    }
    return render(request, "accounts/two_factor/status.html", context, status=status)


def _mark_verified(request, device) -> None:
    # A new session key once the second factor is in, as after signing in.
    request.session.cycle_key()
    otp_login(request, device)


def _next_url(request, default: str | None = None) -> str:
    """The page the user was on their way to, when it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else resolve_url(default or settings.LOGIN_REDIRECT_URL)
