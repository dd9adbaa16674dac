"""Setting up, checking and turning off a user's authenticator device, and its recovery codes.

Every token is checked against the user's own device inside a transaction that
locks its row, so two requests cannot both use one code, and django-otp's
throttle (a wait that doubles with each wrong code) is checked first. The
recovery codes are the tokens of the user's django-otp StaticDevice, stored as
digests (`recovery_codes`); each works once, instead of an authenticator code.
"""

import logging
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.signals import staff_changed

from . import recovery_codes
from .selectors import two_factor_required

logger = logging.getLogger(__name__)

DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device, made on the first call: a reloaded set-up page shows the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def totp_device_confirm(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Turn two-factor authentication on with the first code from the pending device; with it, a
    first set of recovery codes, returned in plain this once."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Two-factor authentication is already on."), code="already_on")
    device = _token_check(user=user, token=token, confirmed=False)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
    staff_changed.send(sender=User, member=user, change="two_factor_on")
    logger.info("two-factor authentication turned on for user %s", user.pk)
    return device, codes


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    """The user's confirmed device, when `token` is its current code; else a ValidationError."""
    return _token_check(user=user, token=token, confirmed=True)


def two_factor_verify(*, user: User, token: str) -> Device:
    """The device `token` opens: the authenticator app for six digits, else the recovery codes (the
    code is used up). `token` as the verify form cleans it."""
    if len(token) == 6 and token.isdigit():  # a recovery code is longer (recovery_codes.LENGTH)
        return totp_verify(user=user, token=token)
    return recovery_code_use(user=user, code=token)


def recovery_code_use(*, user: User, code: str) -> StaticDevice:
    """The user's recovery-code device, when `code` is one of its unused codes, which is then used up."""
    with transaction.atomic():
        device = StaticDevice.objects.select_for_update().filter(user=user, name=RECOVERY_DEVICE_NAME).first()
        refusal = _recovery_refusal(device, code)
    if refusal is not None:
        raise refusal
    logger.info("a recovery code was used by user %s", user.pk)
    return device


def recovery_codes_renew(*, user: User, token: str) -> list[str]:
    """A new set of recovery codes for a code of the authenticator app; the old set stops working."""
    _token_check(user=user, token=token, confirmed=True)
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
    logger.info("recovery codes renewed for user %s", user.pk)
    return codes


def totp_disable(*, user: User, token: str) -> None:
    if two_factor_required(user):
        raise ValidationError(
            _("Two-factor authentication is required for your role; it cannot be turned off."), code="required"
        )
    _token_check(user=user, token=token, confirmed=True)
    _devices_delete(user)
    staff_changed.send(sender=User, member=user, change="two_factor_off")
    logger.info("two-factor authentication turned off for user %s", user.pk)


def two_factor_reset(*, member: User, by: User) -> bool:
    """A clinic admin's reset of a staff member's two-factor authentication (a lost phone): their
    authenticator app and recovery codes go, and they sign in with their password alone (or set up
    again, when their role requires it). Whether there was anything to reset. `member` comes from
    `staff_member_for_user(by, …)`; the caller records the audit event."""
    if member.pk == by.pk:
        raise ValidationError(
            _("You cannot reset your own two-factor authentication here; use your Two-factor authentication page."),
            code="self",
        )
    had_two_factor = TOTPDevice.objects.filter(user=member, confirmed=True).exists()
    _devices_delete(member)
    logger.info("two-factor authentication of user %s reset by user %s", member.pk, by.pk)
    return had_two_factor


@transaction.atomic
def _devices_delete(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _recovery_codes_replace(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [recovery_codes.recovery_code_new() for _number in range(recovery_codes.COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_codes.recovery_code_digest(code)) for code in codes]
    )
    return [recovery_codes.recovery_code_display(code) for code in codes]


def _recovery_refusal(device: StaticDevice | None, code: str) -> ValidationError | None:
    if device is None:
        return ValidationError(
            _("You have no recovery codes. Enter the code your authenticator app shows."), code="no_device"
        )
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        return _throttled(detail)
    if not device.verify_token(recovery_codes.recovery_code_digest(code)):
        return ValidationError(_("That recovery code is not right, or it was used already."), code="wrong")
    return None


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
