"""Reads of the daily digest: who gets one, and the flags it lists.

`digest_flags_for_user` is the one place that reads flags for the e-mail; it goes
through `review.selectors.flags_for_user`, the flags' scoping function.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Coalesce

from accounts.models import Role, User
from review.models import FlagStatus, Severity
from review.selectors import ACTIVE_STATUSES, flags_for_user

from .models import DigestSent

FIRST_DIGEST_LOOKBACK = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class DigestLine:
    """One flag as the e-mail shows it: nothing clinical beyond the patient's code."""

    flag_id: int
    patient_id: int
    patient_code: str
    code: str
    session_id: int
    session_number: int
    raised_at: datetime.datetime


def digest_recipient_ids(*, day: datetime.date) -> list[int]:
    """The users due a digest for `day`: active therapists and supervisors with an address, not opted
    out, not yet sent one for that day."""
    users = (
        User.objects.filter(is_active=True, clinic__isnull=False, role__in=(Role.THERAPIST, Role.SUPERVISOR))
        .exclude(email="")
        .exclude(digest_opt_out=True)
        .exclude(digests_sent__day=day)
        .order_by("pk")
    )
    return list(users.values_list("pk", flat=True))


def digest_since(user: User, *, now: datetime.datetime) -> datetime.datetime:
    """Flags raised after this moment are new for `user`: since their last digest, or the last 24 hours."""
    last = DigestSent.objects.filter(user=user).order_by("-sent_at").values_list("sent_at", flat=True).first()
    return last or now - FIRST_DIGEST_LOOKBACK


def digest_flags_for_user(user: User, *, since: datetime.datetime) -> list[DigestLine]:
    """The high flags `user`'s digest lists, oldest first.

    A therapist: the new ones and the still-open ones (open or acknowledged) of their patients.
    A supervisor: the new ones of every patient they may see (their team's), and the still-open ones
    of patients they treat themselves. Withdrawn flags never; anyone else gets none.
    """
    new = Q(raised_at__gt=since)
    still_open = Q(status__in=ACTIVE_STATUSES)
    if user.is_therapist:
        listed = new | still_open
    elif user.is_supervisor:
        listed = new | (still_open & Q(patient__primary_therapist=user))
    else:
        return []
    flags = (
        flags_for_user(user)
        .filter(listed, severity=Severity.HIGH)
        .exclude(status=FlagStatus.WITHDRAWN)
        .order_by("raised_at", "pk")
        # A concern's latest session (where its rule last fired), else the one that raised it.
        .annotate(
            shown_session_id=Coalesce("latest_session_id", "session_id"),
            shown_session_number=Coalesce("latest_session__number", "session__number"),
        )
        .values_list(
            "pk", "patient_id", "patient__code", "code", "shown_session_id", "shown_session_number", "raised_at"
        )
    )
    return [DigestLine(*row) for row in flags]
