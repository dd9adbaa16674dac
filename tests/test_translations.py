"""Spanish and English are both first-class: every extracted string has a Spanish translation.

`make lint` runs makemessages first, so a new string that nobody translated
appears here as an empty msgstr and fails the suite.
"""

import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"
FUZZY = r"(#, fuzzy.*\n(?:#\|.*\n)*)?"
ENTRY = re.compile(
    FUZZY + r'(?:msgctxt ".*"\n)?msgid (".*")\n(?:msgid_plural ".*"\n)?((?:msgstr(?:\[\d\])? ".*"\n)+)', re.M
)


def entries():
    text = PO.read_text(encoding="utf-8")
    for match in ENTRY.finditer(text):
        yield match.group(2), bool(match.group(1)), re.findall(r'msgstr(?:\[\d\])? "(.*)"', match.group(3))


def test_every_string_has_a_spanish_translation():
    untranslated = [msgid for msgid, _, msgstrs in entries() if msgid != '""' and not all(msgstrs)]
    assert untranslated == []


def test_no_translation_is_left_fuzzy():
    assert [msgid for msgid, fuzzy, _ in entries() if fuzzy and msgid != '""'] == []


def test_placeholders_survive_translation():
    for msgid, _, msgstrs in entries():
        wanted = sorted(re.findall(r"%\(\w+\)s", msgid))
        for msgstr in msgstrs:
            if msgstr:
                assert sorted(set(re.findall(r"%\(\w+\)s", msgstr))) == sorted(set(wanted)), msgid
