from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from .selectors import two_factor_required, user_has_two_factor

# Pages a signed-in user reaches before the second factor, by URL name: signing in and out, the
# language switch, the health probe, the patients' tablet and link forms (patients have no
# account), and the idle timer's checks (they show only the seconds left). Named one by one, so
# that a new page is protected until someone decides otherwise. The two-factor pages are allowed
# each in the state that needs it (`process_view`); static files never reach a view.
OPEN_VIEWS = {
    "login",
    "logout",
    "set_language",
    "healthz",
    "patient_forms:tablet",
    "patient_forms:form",
    "session_status",
    "session_keepalive",
}


class TwoFactorMiddleware:
    """Sends a signed-in user who has an authenticator app to enter its code once per session,
    and a user who must have one (`two_factor_required`) to set it up; then on to the page asked
    for. Needs django-otp's OTPMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        view_name = request.resolver_match.view_name
        if view_name in OPEN_VIEWS:
            return None
        if user_has_two_factor(user):
            target = "two_factor:verify"
        elif two_factor_required(user):
            target = "two_factor:setup"
        else:
            return None
        if view_name == target:
            return None
        return redirect_to_login(request.get_full_path(), reverse(target))
