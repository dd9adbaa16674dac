"""Setting up, checking and turning off a user's authenticator device.

Every token is checked against the user's own device inside a transaction that
locks its row, so two requests cannot both use one code, and django-otp's
throttle (a wait that doubles with each wrong code) is checked first.
"""

import logging
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.signals import staff_changed

from .selectors import two_factor_required

logger = logging.getLogger(__name__)

DEVICE_NAME = "Authenticator app"


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device, made on the first call: a reloaded set-up page shows the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def totp_device_confirm(*, user: User, token: str) -> TOTPDevice:
    """Turn two-factor authentication on with the first code from the pending device."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Two-factor authentication is already on."), code="already_on")
    device = _token_check(user=user, token=token, confirmed=False)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    staff_changed.send(sender=User, member=user, change="two_factor_on")
    logger.info("two-factor authentication turned on for user %s", user.pk)
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    """The user's confirmed device, when `token` is its current code; else a ValidationError."""
    return _token_check(user=user, token=token, confirmed=True)


def totp_disable(*, user: User, token: str) -> None:
    if two_factor_required(user):
        raise ValidationError(
            _("Two-factor authentication is required for your role; it cannot be turned off."), code="required"
        )
    _token_check(user=user, token=token, confirmed=True)
    TOTPDevice.objects.filter(user=user).delete()
    staff_changed.send(sender=User, member=user, change="two_factor_off")
    logger.info("two-factor authentication turned off for user %s", user.pk)


def _token_check(*, user: User, token: str, confirmed: bool) -> TOTPDevice:
    # The refusal is raised after the transaction, so that a wrong code's throttle count is kept.
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=confirmed).order_by("pk").first()
        refusal = _refusal(device, token)
    if refusal is not None:
        raise refusal
    return device


def _refusal(device: TOTPDevice | None, token: str) -> ValidationError | None:
    if device is None:
        return ValidationError(_("There is no authenticator app to check this code against."), code="no_device")
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        return _throttled(detail)
    if not device.verify_token(token):
        return ValidationError(
            _("That code is not right. Enter the code your app shows now, and check that your phone's clock is right."),
            code="wrong",
        )
    return None


def _throttled(detail: dict) -> ValidationError:
    if detail.get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return ValidationError(_("Codes cannot be checked right now. Try again shortly."), code="not_allowed")
    seconds = max(1, math.ceil((detail["locked_until"] - timezone.now()).total_seconds()))
    return ValidationError(
        ngettext(
            "Too many wrong codes. Wait %(seconds)d second, then try again.",
            "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
            seconds,
        )
        % {"seconds": seconds},
        code="throttled",
    )
