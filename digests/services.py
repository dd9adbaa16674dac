"""The daily digest: one e-mail per user per day, recorded in the transaction that sends it.

Delivery is at least once: the record is created, the message handed to the SMTP server, then the
transaction commits. A refused or failed send rolls the record back, so a later run sends it again;
a worker that dies after the server took the message but before the commit also leaves no record,
and that user gets the digest twice. We chose that side because a high flag nobody hears about
costs more than a duplicate e-mail, and the window is a few milliseconds wide. Two runs at once
never both send: the second waits on the unique (user, day) key and backs out before sending.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from review.texts import RULE_TITLES

from .models import DigestSent
from .selectors import DigestLine, digest_flags_for_user, digest_recipient_ids, digest_since

logger = logging.getLogger(__name__)

# What a send can fail with that a later try may not: the server refusing or unreachable.
SEND_ERRORS = (smtplib.SMTPException, OSError)


def digest_message(user: User, lines: list[DigestLine], *, now: datetime.datetime) -> EmailMessage:
    """The e-mail, in the user's language: codes, rules, session numbers, ages and links, nothing more."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "count": len(lines),
            "lines": [
                {
                    "line": line,
                    "rule": RULE_TITLES.get(line.code, line.code),
                    "age_days": (now - line.raised_at).days,
                    "session_url": settings.SITE_URL + reverse("dashboard:session", args=[line.session_id]),
                    "patient_url": settings.SITE_URL + reverse("dashboard:patient", args=[line.patient_id]),
                }
                for line in lines
            ],
            "dashboard_url": settings.SITE_URL + reverse("dashboard:caseload"),
            "settings_url": settings.SITE_URL + reverse("my_settings"),
        }
        subject = " ".join(render_to_string("digests/subject.txt", context).split())
        body = render_to_string("digests/email.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def digest_send(*, user_id: int, day: datetime.date) -> bool:
    """Send `user`'s digest for `day` unless already sent or empty; True when it went.

    Raises what the SMTP server answered when it failed (nothing is recorded then).
    """
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").exclude(digest_opt_out=True).first()
    if user is None:
        return False
    now = timezone.now()
    lines = digest_flags_for_user(user, since=digest_since(user, now=now))
    if not lines:
        return False
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=day, sent_at=now, flag_count=len(lines))
            digest_message(user, lines, now=now).send()
    except IntegrityError:
        return False  # another run sent it
    return True


def digests_send(*, day: datetime.date) -> list[int]:
    """Send every digest due for `day`; the ids of the users whose send failed (to try again later)."""
    failed = []
    for user_id in digest_recipient_ids(day=day):
        try:
            digest_send(user_id=user_id, day=day)
        except SEND_ERRORS as error:
            logger.warning("Daily digest to user %s not sent (tried again later): %r", user_id, error)
            failed.append(user_id)
    return failed
