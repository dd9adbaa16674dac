"""Recovery codes: making them, reading them as typed, and digesting them for storage.

Each code is stored as an HMAC keyed with SECRET_KEY (Django's salted_hmac, as
measures.patient_forms.tokens digests the tablet codes), cut to the 16 characters
django-otp's StaticToken holds: a copy of the database alone cannot tell the codes.
Rotating SECRET_KEY invalidates the codes still unused.
"""

import base64
import re
import secrets

from django.utils.crypto import salted_hmac

COUNT = 10
LENGTH = 10  # 10 base32 characters: 50 bits
ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_SALT = "alliance.accounts.two_factor.recovery_code"
_SEPARATORS = re.compile(r"[\s\-]")


def recovery_code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def recovery_code_digest(code: str) -> str:
    """16 characters (96 bits of the HMAC, URL-safe base64): what StaticToken.token stores."""
    digest = salted_hmac(_SALT, code, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:12]).decode()


def recovery_code_normalise(typed: str) -> str | None:
    """The code as made, forgiving case, spaces and dashes; None when it cannot be a recovery code."""
    code = _SEPARATORS.sub("", typed or "").lower()
    if len(code) != LENGTH or any(character not in ALPHABET for character in code):
        return None
    return code


def recovery_code_display(code: str) -> str:
    """ "abcdefghij" → "abcde-fghij", easier to copy by hand."""
    return f"{code[:5]}-{code[5:]}"
