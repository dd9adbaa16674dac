"""The audit page's rows: each event with the names of its user, its object and its patients."""

from collections.abc import Iterable
from dataclasses import dataclass

from accounts.models import User
from accounts.selectors import staff_for_user
from audit.models import AuditEvent
from patients.selectors import patients_for_user

SHOWN_PATIENTS = 5  # the codes a list event shows; "…" for more


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    user_name: str
    object_name: str
    patients: str


def audit_log_rows(user: User, events: Iterable[AuditEvent]) -> list[AuditRow]:
    """One row per event, in two queries whatever their number; what is gone (an erased patient,
    a member of another clinic) is shown by id."""
    events = list(events)
    user_ids = {e.user_id for e in events if e.user_id} | {_id(e) for e in events if e.object_type == "user"}
    patient_ids = {pk for e in events for pk in _patient_ids(e)} | {
        _id(e) for e in events if e.object_type == "patient"
    }
    names = {member.pk: str(member) for member in staff_for_user(user).filter(pk__in=user_ids - {None})}
    codes = dict(patients_for_user(user).filter(pk__in=patient_ids - {None}).values_list("pk", "code"))
    return [_row(event, names, codes) for event in events]


def _row(event: AuditEvent, names: dict, codes: dict) -> AuditRow:
    known = {"user": names, "patient": codes}.get(event.object_type, {})
    object_name = known.get(_id(event)) or (f"#{event.object_id}" if event.object_id else "")
    shown = [codes.get(pk, f"#{pk}") for pk in _patient_ids(event)]
    patients = ", ".join(shown[:SHOWN_PATIENTS]) + (", …" if len(shown) > SHOWN_PATIENTS else "")
    return AuditRow(event, names.get(event.user_id, event.username), object_name, patients)


def _id(event: AuditEvent) -> int | None:
    """The object's id, when it can be one (a refused attempt keeps whatever was asked)."""
    if not event.object_id.isascii() or not event.object_id.isdigit():
        return None
    pk = int(event.object_id)
    return pk if pk < 2**63 else None


def _patient_ids(event: AuditEvent) -> list[int]:
    if event.patient_id is not None:
        return [event.patient_id]
    listed = event.detail.get("patients", []) if isinstance(event.detail, dict) else []
    return [pk for pk in listed if isinstance(pk, int)]
