"""Making and digesting tablet codes and form tokens.

Digests are HMAC-SHA256 keyed with SECRET_KEY (Django's salted_hmac), so a
copy of the database alone cannot tell the codes or open a link; rotating
SECRET_KEY invalidates every code and link still open.
"""

import re
import secrets

from django.utils.crypto import salted_hmac

CODE_DIGITS = 6
TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 43 characters, 256 bits
_SALT = "alliance.measures.patient_forms"
_NOT_DIGITS = re.compile(r"[\s\-.]")


def code_new() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def code_digest(code: str) -> str:
    return salted_hmac(f"{_SALT}.code", code, algorithm="sha256").hexdigest()


def token_digest(token: str) -> str:
    return salted_hmac(f"{_SALT}.token", token, algorithm="sha256").hexdigest()


def code_normalise(typed: str) -> str | None:
    """The code as digits, forgiving spaces, dashes and dots; None when it cannot be a code."""
    code = _NOT_DIGITS.sub("", typed or "")
    if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
        return None
    return code


def code_display(code: str) -> str:
    """ "123456" → "123 456", easier to read aloud and type."""
    return f"{code[:3]} {code[3:]}"
