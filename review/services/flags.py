"""The clinician's side of a flag: acknowledge it, resolve it with a note.

The worker's recompute (`review.services.recompute`) raises and withdraws
flags but keeps what was done here; these steps never touch its fields.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Flag, FlagStatus


class FlagError(ValueError):
    """A workflow step that does not apply to the flag as it is; `message` is ready to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def flag_acknowledge(*, flag: Flag, user: User) -> Flag:
    """open → acknowledged by `user`. Acknowledging again (a double click) changes nothing."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status == FlagStatus.WITHDRAWN:
        raise FlagError(_("This flag was withdrawn: its rule no longer fires."))
    if flag.status == FlagStatus.OPEN:
        now = timezone.now()
        flag.status, flag.acknowledged_by, flag.acknowledged_at, flag.updated_at = (
            FlagStatus.ACKNOWLEDGED,
            user,
            now,
            now,
        )
        flag.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "updated_at"])
    return flag


@transaction.atomic
def flag_resolve(*, flag: Flag, user: User, note: str) -> Flag:
    """open or acknowledged → resolved by `user`, with a note on what was done.

    Resolving an open flag acknowledges it too. Resolving again changes nothing.
    """
    note = note.strip()
    if not note:
        raise FlagError(_("Say briefly what was done."))
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status == FlagStatus.WITHDRAWN:
        raise FlagError(_("This flag was withdrawn: its rule no longer fires."))
    if flag.status == FlagStatus.RESOLVED:
        return flag
    now = timezone.now()
    if flag.status == FlagStatus.OPEN:
        flag.acknowledged_by, flag.acknowledged_at = user, now
    flag.status, flag.resolved_by, flag.resolved_at, flag.resolution_note, flag.updated_at = (
        FlagStatus.RESOLVED,
        user,
        now,
        note,
        now,
    )
    flag.save()
    return flag
