import pghistory
from django.db import connection

from .context import RequestInfo, current
from .services import audit_flush

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def client_ip(request) -> str | None:
    # Behind a proxy, Django sees the proxy's address unless the proxy is trusted to
    # set REMOTE_ADDR (gunicorn --forwarded-allow-ips); we never trust X-Forwarded-For blindly.
    return request.META.get("REMOTE_ADDR") or None


class AuditMiddleware:
    """Collects the audit events of a request and writes them before the response leaves.

    Writes are also captured by PostgreSQL triggers (django-pghistory); this
    middleware labels them with the user, page and address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        info = RequestInfo(
            user_id=user.pk if signed_in else None,
            username=user.get_username() if signed_in else "",
            clinic_id=getattr(user, "clinic_id", None) if signed_in else None,
            ip=client_ip(request),
            path=request.path[:300],
        )
        token = current.set(info)
        try:
            if request.method in UNSAFE_METHODS and connection.vendor == "postgresql":
                with pghistory.context(user=info.user_id, url=info.path, ip=info.ip):
                    response = self.get_response(request)
            else:
                response = self.get_response(request)
            audit_flush(info)
        finally:
            current.reset(token)
        return response
