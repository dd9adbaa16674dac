"""A flag as a clinician reads it, rendered in the active language from its code and evidence."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from measures.instruments import SRS_ITEM_LABELS
from measures.models import WAI_SCORE_NAMES
from sessions.models import MARKERS, Attendance

from .models import Flag
from .texts import EXPLANATIONS, REPAIR_WAI_BOND, REPAIR_WAI_GOAL_TASK, REPAIRS, RULE_TITLES, SOURCES


@dataclass(frozen=True)
class FiringView:
    """One session at which a flag's rule fired, with that session's evidence."""

    session: object
    explanation: str
    fired_again: bool  # after the flag was acknowledged


@dataclass(frozen=True)
class FlagView:
    flag: Flag
    title: str
    explanation: str
    source: str
    repair: tuple[str, ...]
    firings: tuple[FiringView, ...] = ()  # latest session first; given only where they are shown


def flag_view(flag: Flag, firings=None) -> FlagView:
    """The flag as a clinician reads it; `firings` (FlagFiring rows with their session) lists its sessions."""
    acknowledged = flag.acknowledged_at
    shown = sorted(firings or (), key=lambda firing: firing.session.number, reverse=True)
    return FlagView(
        flag=flag,
        title=str(RULE_TITLES[flag.code]),
        explanation=explanation_for(flag.code, flag.evidence),
        source=str(SOURCES[flag.code]),
        repair=repair_for(flag.code, flag.evidence),
        firings=tuple(
            FiringView(
                session=firing.session,
                explanation=explanation_for(flag.code, firing.evidence),
                fired_again=acknowledged is not None and firing.added_at > acknowledged,
            )
            for firing in shown
        ),
    )


def explanation_for(code: str, evidence: dict) -> str:
    values = {name: _plain(name, value) for name, value in evidence.items()}
    if code == "unrepaired_in_session":
        signs = [MARKERS[m] for m in evidence.get("markers", [])]
        signs += [RULE_TITLES[r] for r in evidence.get("srs_rules", [])]
        values["signs"] = _join(signs)
    try:
        return str(EXPLANATIONS[code]) % values
    except (KeyError, TypeError, ValueError):
        # Evidence written by an older version of a rule: show the numbers as they are.
        return "; ".join(f"{name}: {value}" for name, value in values.items())


def repair_for(code: str, evidence: dict) -> tuple[str, ...]:
    if code == "wai_low":
        low = set(evidence.get("low_subscales", {}))
        texts = []
        if "bond" in low:
            texts.append(str(REPAIR_WAI_BOND))
        if low - {"bond"}:
            texts.append(str(REPAIR_WAI_GOAL_TASK))
        return tuple(texts)
    return (str(REPAIRS[code]),)


def _plain(name: str, value) -> str:
    """One evidence value in plain words and local number format."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return _join([_plain(name, item) for item in value])
    if isinstance(value, dict):
        if {"session", "attendance"} <= set(value):
            label = format_lazy(_("session {number}"), number=value["session"])
            return f"{label} ({Attendance(value['attendance']).label})"
        return _join([f"{_label(key)} {_plain(key, item)}" for key, item in value.items()])
    if name in ("current", "attendance") and value in Attendance.values:
        return str(Attendance(value).label)
    if name == "markers" and value in MARKERS:
        return str(MARKERS[value])
    return _number(value)


def _label(key: str) -> str:
    if key in SRS_ITEM_LABELS:
        return str(SRS_ITEM_LABELS[key][0])
    if key in WAI_SCORE_NAMES:
        return str(WAI_SCORE_NAMES[key])
    return key


def _number(value) -> str:
    try:
        return formats.localize(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _join(values) -> str:
    return ", ".join(str(v) for v in values)
