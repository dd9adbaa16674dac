from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Clinic, Role, Supervision, User
from .selectors import active_patient_count, is_last_active_admin
from .signals import staff_changed

# What an edit may change and the log names (a password or a key never).
NAMED_FIELDS = ("username", "first_name", "last_name", "email")


@transaction.atomic
def staff_member_create(
    *,
    clinic: Clinic,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    supervised: Iterable[User] = (),
) -> User:
    user = User(clinic=clinic, username=username, role=role, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.save()
    _changed(user, "create", {"role": role})
    supervision_set(supervisor=user, therapists=supervised)
    return user


@transaction.atomic
def staff_member_update(*, member: User, supervised: Iterable[User] = (), **fields) -> User:
    """Save the edit of `member`; a deactivation or a demotion is refused as `staff_member_deactivate` says."""
    # As saved, not as the form's instance already shows it.
    was = User.objects.select_for_update().filter(pk=member.pk).values(*NAMED_FIELDS, "role", "is_active").get()
    for name, value in fields.items():
        setattr(member, name, value)
    if was["is_active"] and not member.is_active:
        _deactivation_check(member)
    if was["role"] == Role.CLINIC_ADMIN and member.role != Role.CLINIC_ADMIN:
        _last_admin_check(member)
    member.save()
    edited = [name for name in NAMED_FIELDS if getattr(member, name) != was[name]]
    if edited:
        _changed(member, "update", {"fields": edited})
    if member.role != was["role"]:
        _changed(member, "role", {"from": was["role"], "to": member.role})
    if member.is_active != was["is_active"]:
        _changed(member, "reactivate" if member.is_active else "deactivate")
    supervision_set(supervisor=member, therapists=supervised)
    return member


@transaction.atomic
def staff_member_deactivate(*, member: User) -> User:
    """Deactivate `member`: refused (ValidationError) while they treat an active patient, or when
    they are their clinic's last active admin."""
    return staff_member_update(
        member=member, supervised=member.supervisions_given.values_list("therapist", flat=True), is_active=False
    )


def _deactivation_check(member: User) -> None:
    count = active_patient_count(member)
    if count:
        raise ValidationError(
            ngettext(
                "%(name)s still treats %(count)d active patient: hand them over to another therapist first.",
                "%(name)s still treats %(count)d active patients: hand them over to other therapists first.",
                count,
            )
            % {"name": member, "count": count},
            code="patients_left",
        )
    _last_admin_check(member)


def _last_admin_check(member: User) -> None:
    # Locked, so that two admins demoting each other at once cannot both succeed.
    list(User.objects.select_for_update().filter(clinic_id=member.clinic_id, role=Role.CLINIC_ADMIN, is_active=True))
    if is_last_active_admin(member):
        raise ValidationError(
            _("%(name)s is the last active clinic admin: make someone else a clinic admin first.") % {"name": member},
            code="last_admin",
        )


def supervision_set(*, supervisor: User, therapists: Iterable) -> None:
    """Make `therapists` (users or their ids) exactly the set `supervisor` supervises (none unless a supervisor)."""
    ids = {getattr(t, "pk", t) for t in therapists}
    in_clinic = User.objects.filter(pk__in=ids, clinic_id=supervisor.clinic_id).exclude(pk=supervisor.pk)
    wanted = set(in_clinic.values_list("pk", flat=True))
    if supervisor.role != Role.SUPERVISOR:
        wanted = set()
    existing = set(Supervision.objects.filter(supervisor=supervisor).values_list("therapist_id", flat=True))
    Supervision.objects.filter(supervisor=supervisor, therapist_id__in=existing - wanted).delete()
    Supervision.objects.bulk_create(
        [Supervision(supervisor=supervisor, therapist_id=pk) for pk in sorted(wanted - existing)]
    )
    if wanted != existing:
        _changed(supervisor, "supervision", {"added": sorted(wanted - existing), "removed": sorted(existing - wanted)})


def _changed(member: User, change: str, detail: dict | None = None) -> None:
    staff_changed.send(sender=User, member=member, change=change, detail=detail or {})
