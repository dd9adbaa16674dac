import datetime

import pghistory.models
from django.apps import apps
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import User
from accounts.selectors import clinic_id_managed_by

from .models import AuditEvent


def audit_events_for_user(user: User) -> QuerySet[AuditEvent]:
    """The audit log a user may read: their clinic's, for a clinic admin; nothing otherwise."""
    clinic_id = clinic_id_managed_by(user)
    if clinic_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(clinic_id=clinic_id)


def audit_events_filter(
    events: QuerySet[AuditEvent],
    *,
    username: str = "",
    action: str = "",
    patient_ids: list[int] | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The events matching every filter given; `patient_ids`: the events about one of these patients,
    or of a list or a dashboard that showed one of them (audit_record_objects keeps their ids)."""
    if username:
        events = events.filter(username=username)
    if action:
        events = events.filter(action=action)
    if patient_ids:
        events = events.filter(_about_patients(patient_ids))
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-id")


def _about_patients(patient_ids: list[int]) -> Q:
    about = Q(patient_id__in=patient_ids)
    for patient_id in patient_ids:
        about |= _listed(patient_id)
    return about


def _listed(patient_id: int) -> Q:
    """The list events that showed the patient: `detail["patients"]` holds their id."""
    if connection.vendor == "postgresql":
        return Q(detail__patients__contains=[patient_id])
    # SQLite (the embedded mode) has no JSON containment: the JSON array's own elements.
    listed = RawSQL(
        "EXISTS (SELECT 1 FROM json_each(audit_auditevent.detail, '$.patients') WHERE json_each.value = %s)",
        [patient_id],
        output_field=BooleanField(),
    )
    return Q(listed)


def write_event_models() -> list:
    return [model for model in apps.get_app_config("audit").get_models() if model.__name__.endswith("Write")]


def write_events_for_user(user: User, *, limit: int = 200) -> list | None:
    """The latest changes (captured by PostgreSQL triggers) made by the admin's clinic staff.

    None on SQLite (the embedded demo): it has no such triggers, so no write history.
    """
    if not user.is_authenticated or not user.is_clinic_admin:
        return []
    if connection.vendor != "postgresql":
        return None
    staff_ids = list(User.objects.filter(clinic_id=user.clinic_id).values_list("pk", flat=True))
    since = timezone.now() - datetime.timedelta(days=90)
    events = pghistory.models.Events.objects.across(*write_event_models())
    events = events.filter(pgh_context__user__in=staff_ids, pgh_created_at__gte=since)
    return list(events.order_by("-pgh_created_at")[:limit])
