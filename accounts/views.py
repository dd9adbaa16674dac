from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import MySettingsForm, StaffCreateForm, StaffForm
from .selectors import clinic_for_admin, staff_for_user, staff_member_for_user
from .two_factor.selectors import user_has_two_factor, with_two_factor


def staff_list(request):
    clinic_for_admin(request.user)
    staff = with_two_factor(staff_for_user(request.user)).prefetch_related("supervisions_given__therapist")
    return render(request, "accounts/staff_list.html", {"staff": staff})


def staff_create(request):
    clinic = clinic_for_admin(request.user)
    form = StaffCreateForm(request.POST or None, clinic=clinic)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = services.staff_member_create(
            clinic=clinic,
            username=data["username"],
            password=data["password1"],
            role=data["role"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            supervised=data["supervised"],
        )
        messages.success(request, _("%(name)s can now sign in.") % {"name": member})
        return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "title": _("New staff member")})


def staff_edit(request, pk):
    member = staff_member_for_user(request.user, pk)
    form = StaffForm(request.POST or None, instance=member, clinic=request.user.clinic)
    if request.method == "POST" and form.is_valid():
        supervised = form.cleaned_data.pop("supervised")
        try:
            services.staff_member_update(member=member, supervised=supervised, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:staff_list")
    context = {"form": form, "title": str(member), "member": member, "has_two_factor": user_has_two_factor(member)}
    return render(request, "accounts/staff_form.html", context)


def my_settings(request):
    """The signed-in user's own settings: their e-mail address and the daily e-mail."""
    form = MySettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("my_settings")
    return render(request, "accounts/my_settings.html", {"form": form})


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when an account or an address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
