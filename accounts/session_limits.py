"""Idle and absolute limits of a signed-in session.

A session ends after SESSION_IDLE_MINUTES without a request from the person
(requests marked as background, such as the idle timer's own check, do not
count) and, whatever the activity, SESSION_MAX_HOURS after signing in.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

BACKGROUND_HEADER = "HTTP_X_ALLIANCE_BACKGROUND"
SIGNED_IN_AT = "signed_in_at"
LAST_ACTIVITY = "last_activity"


def is_background(request) -> bool:
    return request.META.get(BACKGROUND_HEADER) == "1"


def seconds_left(request, now: float) -> float:
    idle_left = settings.SESSION_IDLE_SECONDS - (now - request.session.get(LAST_ACTIVITY, now))
    absolute_left = settings.SESSION_MAX_SECONDS - (now - request.session.get(SIGNED_IN_AT, now))
    return min(idle_left, absolute_left)


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            request.session.setdefault(SIGNED_IN_AT, now)
            if seconds_left(request, now) <= 0:
                logout(request)
                messages.info(
                    request, _("You were signed out after a period without activity, to protect patient data.")
                )
                return redirect_to_login(request.get_full_path())
            if not is_background(request):
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


@require_GET
def session_status(request):
    """Seconds left before the session ends; a background request, so it extends nothing."""
    return JsonResponse({"seconds_left": max(0, int(seconds_left(request, time.time())))})


@require_POST
def session_keepalive(request):
    """The person chose to stay signed in: a foreground request, which the middleware counted."""
    return JsonResponse({"seconds_left": max(0, int(seconds_left(request, time.time())))})
