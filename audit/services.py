"""Recording audit events.

Inside a request, events are collected and written in one insert by
`AuditMiddleware` before the response leaves, so a page costs one audit
query however many objects it shows; outside a request (commands, the
worker) they are written at once.
"""

from collections.abc import Iterable

from django.db import models
from django.http import Http404

from .context import RequestInfo, current
from .models import AuditEvent


def audit_record(
    *,
    action: str,
    object_type: str,
    object_id: object = "",
    patient_id: int | None = None,
    detail: dict | None = None,
    user=None,
) -> None:
    info = current.get()
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        patient_id=patient_id,
        detail=detail or {},
        **_who(info, user),
    )
    if info is not None:
        info.pending.append(event)
    else:
        event.save()


def audit_record_objects(*, action: str, objects: Iterable[models.Model], object_type: str, patient_of) -> None:
    """One event for a list of objects (a caseload page, an export): their ids in `detail`."""
    objects = list(objects)
    patient_ids = sorted({patient_of(obj) for obj in objects})
    audit_record(
        action=action,
        object_type=object_type,
        detail={"ids": [obj.pk for obj in objects], "patients": patient_ids},
        patient_id=patient_ids[0] if len(patient_ids) == 1 else None,
    )


def _who(info: RequestInfo | None, user) -> dict:
    if user is not None:
        return {
            "user_id": user.pk,
            "username": user.get_username(),
            "clinic_id": getattr(user, "clinic_id", None),
            "ip": info.ip if info else None,
            "path": info.path if info else "",
        }
    if info is None:
        return {}
    return {
        "user_id": info.user_id,
        "username": info.username,
        "clinic_id": info.clinic_id,
        "ip": info.ip,
        "path": info.path,
    }


def audit_flush(info: RequestInfo) -> None:
    if info.pending:
        AuditEvent.objects.bulk_create(info.pending)
        info.pending.clear()


def audited_get(queryset: models.QuerySet, pk, *, object_type: str, patient_of) -> models.Model:
    """The object with `pk` in `queryset` (a scoped queryset), or 404; either way recorded.

    Access functions call this, so every read of one patient's data leaves a
    "read" event, and every refused attempt a "denied" one.
    """
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        audit_record(action="denied", object_type=object_type, object_id=pk)
        raise Http404 from None
    audit_record(action="read", object_type=object_type, object_id=obj.pk, patient_id=patient_of(obj))
    return obj
