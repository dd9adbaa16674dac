from base64 import b32encode

import segno
from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def totp_device_for_user(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    """The user's own confirmed (or pending) authenticator device, if any."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def user_has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def with_two_factor(users: QuerySet[User]) -> QuerySet[User]:
    """The users, each with `has_two_factor` (a confirmed authenticator app), in the same query."""
    return users.annotate(has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))


def recovery_codes_left(user: User) -> int:
    """How many of the user's recovery codes are still unused."""
    return StaticToken.objects.filter(device__user=user).count()


def two_factor_required(user: User) -> bool:
    """Whether the user may not work without two-factor authentication: clinic admins and
    superusers, when TWO_FACTOR_REQUIRED_FOR_CLINIC_ADMINS is on."""
    if not settings.TWO_FACTOR_REQUIRED_FOR_CLINIC_ADMINS:
        return False
    return user.is_clinic_admin or user.is_superuser


def totp_setup_details(device: TOTPDevice) -> dict[str, str]:
    """What the set-up page shows: the QR code (an SVG data URI, which the CSP allows as an
    image) and the same secret in base32, in groups of four, for typing into the app."""
    secret = b32encode(device.bin_key).decode()
    return {
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
