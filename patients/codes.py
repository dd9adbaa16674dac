"""What a new patient code may hold: ASCII letters, digits, "-", "_" and ".".

Codes are pseudonyms that travel into links, spreadsheets and exports: no
markup, spaces or look-alike letters (a Cyrillic "А" beside a Latin "A" would
make two codes that read the same). Patients registered before the rule keep
their codes; only a new or changed code is checked.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED = re.compile(r"[A-Za-z0-9._-]+")
MESSAGE = _("Use only letters A-Z, digits and - _ . in a code (no spaces or accents).")


def code_is_allowed(code: str) -> bool:
    return ALLOWED.fullmatch(code) is not None


def code_check(code: str) -> None:
    """Raise ValidationError (on the field `code`) unless `code` may be given to a patient."""
    if not code_is_allowed(code):
        raise ValidationError({"code": MESSAGE}, code="code_characters")
