from django.shortcuts import redirect


def home(request):
    if request.user.is_superuser and request.user.clinic_id is None:
        return redirect("admin:index")
    return redirect("patients:list")
