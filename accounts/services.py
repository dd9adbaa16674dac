from collections.abc import Iterable

from django.db import transaction

from .models import Clinic, Role, Supervision, User


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
    supervision_set(supervisor=user, therapists=supervised)
    return user


@transaction.atomic
def staff_member_update(*, member: User, supervised: Iterable[User] = (), **fields) -> User:
    for name, value in fields.items():
        setattr(member, name, value)
    member.save()
    supervision_set(supervisor=member, therapists=supervised)
    return member


def supervision_set(*, supervisor: User, therapists: Iterable[User]) -> None:
    """Make `therapists` exactly the set `supervisor` supervises (none unless a supervisor)."""
    wanted = {t.pk for t in therapists if t.clinic_id == supervisor.clinic_id and t.pk != supervisor.pk}
    if supervisor.role != Role.SUPERVISOR:
        wanted = set()
    Supervision.objects.filter(supervisor=supervisor).exclude(therapist_id__in=wanted).delete()
    existing = set(Supervision.objects.filter(supervisor=supervisor).values_list("therapist_id", flat=True))
    Supervision.objects.bulk_create(
        [Supervision(supervisor=supervisor, therapist_id=pk) for pk in sorted(wanted - existing)]
    )
