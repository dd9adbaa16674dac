"""The audit events of privileges and sign-in, from the signals of the layer below and of Django.

Connected in AuditConfig.ready. Sign-in events name the account the attempt
was for (its clinic's admins see them), or only the name typed when no
account has it.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import User
from accounts.signals import staff_changed

from .models import Action
from .services import audit_record

USERNAME_MAX_LENGTH = 150  # AuditEvent.username


@receiver(staff_changed)
def staff_change_record(sender, *, member: User, change: str, detail: dict | None = None, **kwargs):
    audit_record(action=change, object_type="user", object_id=member.pk, detail=detail)


@receiver(user_logged_in)
def sign_in_record(sender, *, user, **kwargs):
    audit_record(action=Action.SIGN_IN, object_type="user", object_id=user.pk, user=user)


@receiver(user_logged_out)
def sign_out_record(sender, *, user, **kwargs):
    if user is not None:
        audit_record(action=Action.SIGN_OUT, object_type="user", object_id=user.pk, user=user)


@receiver(user_login_failed)
def sign_in_failure_record(sender, *, credentials, **kwargs):
    _attempt_record(Action.SIGN_IN_FAILED, credentials.get("username"))


@receiver(user_locked_out)
def lockout_record(sender, *, username=None, **kwargs):
    _attempt_record(Action.LOCKED_OUT, username)


def _attempt_record(action: str, username) -> None:
    # What was typed: PostgreSQL refuses a NUL character, the column holds 150.
    typed = str(username or "").replace("\x00", "")[:USERNAME_MAX_LENGTH]
    account = User.objects.filter(username=typed).first() if typed else None
    if account is not None:
        audit_record(action=action, object_type="user", object_id=account.pk, user=account)
    else:
        audit_record(action=action, object_type="user", user=_Unknown(typed))


class _Unknown:
    """Who an attempt for a name no account has is recorded as."""

    pk = None
    clinic_id = None

    def __init__(self, username: str):
        self.username = username

    def get_username(self) -> str:
        return self.username
