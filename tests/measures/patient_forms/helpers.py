"""Builders shared by the patient-form tests: everything goes through the services and endpoints."""

import datetime
import re

from django.utils import timezone

from measures.patient_forms import services
from measures.patient_forms.models import PatientFormAccess

LINES = ("srs_relationship", "srs_goals", "srs_approach", "srs_overall")


def code_for(session, user=None):
    """A new tablet code for `session`: (clear code, access row)."""
    issued = services.tablet_code_issue(session=session, issued_by=user or session.therapist)
    return issued.secret, issued.access


def link_for(session, user=None):
    """A new telehealth link token for `session`: (clear token, access row)."""
    issued = services.telehealth_link_issue(session=session, issued_by=user or session.therapist)
    return issued.secret, issued.access


def open_code(client, code):
    """Type `code` on the tablet page; the response (a redirect to the form when right)."""
    return client.post("/tablet/", {"code": code})


def form_url_after(response) -> str:
    assert response.status_code == 302, response.content.decode()[:500]
    assert re.fullmatch(r"/p/[A-Za-z0-9_-]{43}/", response.url)
    return response.url


def answers(access: PatientFormAccess, positions=(90, 85, 72, 88), wai=None, **overrides) -> dict:
    """The POST data of a filled form: line positions 0-100 and, when given, the twelve WAI answers."""
    data = {"submission_key": str(access.submission_key), **dict(zip(LINES, map(str, positions), strict=True))}
    if wai is not None:
        data.update({f"wai_{n}": str(value) for n, value in enumerate(wai, start=1)})
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def expire(access: PatientFormAccess) -> None:
    """Move the access back in time until it expired a second ago (the row, not the clock)."""
    shift = access.expires_at - timezone.now() + datetime.timedelta(seconds=1)
    PatientFormAccess.objects.filter(pk=access.pk).update(
        issued_at=access.issued_at - shift, expires_at=access.expires_at - shift
    )
