from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Clinic, Role, User


def clinic_id_managed_by(user: User) -> int | None:
    """The id of the clinic a signed-in clinic admin manages; None for anyone else."""
    if user.is_authenticated and user.is_clinic_admin:
        return user.clinic_id
    return None


def clinic_for_admin(user: User) -> Clinic:
    """The clinic a clinic admin manages; 404 for anyone else."""
    if clinic_id_managed_by(user) is None:
        raise Http404
    return user.clinic


def staff_for_user(user: User) -> QuerySet[User]:
    """The staff a user may manage: their clinic's, for a clinic admin; nobody otherwise."""
    clinic_id = clinic_id_managed_by(user)
    if clinic_id is None:
        return User.objects.none()
    staff = User.objects.filter(clinic_id=clinic_id).annotate(
        active_patients=Count("primary_patients", filter=Q(primary_patients__active=True))
    )
    return staff.order_by("last_name", "first_name", "username")


def staff_member_for_user(user: User, pk: int) -> User:
    return get_object_or_404(staff_for_user(user), pk=pk)


def therapists_of_clinic(clinic_id: int) -> QuerySet[User]:
    return User.objects.filter(clinic_id=clinic_id, role=Role.THERAPIST, is_active=True).order_by(
        "last_name", "first_name"
    )


def supervisable_therapists(clinic_id: int) -> QuerySet[User]:
    """The therapists a supervisor may be given: the active ones, and the inactive ones who still
    treat an active patient (until those patients are handed over), each with `active_patients`."""
    therapists = User.objects.filter(clinic_id=clinic_id, role=Role.THERAPIST).annotate(
        active_patients=Count("primary_patients", filter=Q(primary_patients__active=True))
    )
    return therapists.filter(Q(is_active=True) | Q(active_patients__gt=0)).order_by("last_name", "first_name")


def active_patient_count(member: User) -> int:
    """How many active patients `member` is the primary therapist of (a count, no patient data)."""
    return member.primary_patients.filter(active=True).count()


def is_last_active_admin(member: User) -> bool:
    """Whether `member` is, as saved, an active clinic admin and their clinic has no other."""
    admins = User.objects.filter(clinic_id=member.clinic_id, role=Role.CLINIC_ADMIN, is_active=True)
    return admins.filter(pk=member.pk).exists() and not admins.exclude(pk=member.pk).exists()


def therapists_for_user(user: User) -> QuerySet[User]:
    """The therapists whose caseload `user` oversees: the ones they supervise, for a supervisor;
    every therapist of the clinic, for a clinic admin; nobody for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.clinic_id is None:
        return User.objects.none()
    therapists = User.objects.filter(clinic_id=user.clinic_id, role=Role.THERAPIST)
    if user.is_clinic_admin:
        return therapists
    if user.is_supervisor:
        return therapists.filter(supervisions_received__supervisor=user)
    return User.objects.none()


def therapist_for_user(user: User, pk: int) -> User:
    """The therapist, or 404 when `user` does not oversee them."""
    return get_object_or_404(therapists_for_user(user), pk=pk)


def assignable_therapists_for_user(user: User, *, keeping_id: int | None = None) -> QuerySet[User]:
    """The therapists `user` may make a patient's primary therapist: themselves, for a therapist;
    the active ones among those they oversee (`therapists_for_user`), for anyone else.

    `keeping_id` (the patient's current therapist) stays a choice while inactive, if `user` oversees them.
    """
    if user.is_authenticated and user.is_active and user.is_therapist:
        return User.objects.filter(pk=user.pk)
    current = Q(pk=keeping_id) if keeping_id is not None else Q(pk__in=[])
    return therapists_for_user(user).filter(Q(is_active=True) | current).order_by("last_name", "first_name")
