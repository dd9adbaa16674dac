from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import session_limits
from accounts import views as accounts_views
from accounts.forms import AdminSignInForm, SignInForm
from dashboard.views import home

from .health import healthz

# The admin's sign-in checks what the app's does (length, django-axes, the per-account slow-down).
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", include("accounts.two_factor.urls")),
    path("accounts/settings/", accounts_views.my_settings, name="my_settings"),
    path("accounts/session/", session_limits.session_status, name="session_status"),
    path("accounts/session/keepalive/", session_limits.session_keepalive, name="session_keepalive"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("clinic/", include("accounts.urls")),
    path("clinic/audit/", include("dashboard.audit_urls")),
    path("", include("dashboard.urls")),
    path("patients/", include("patients.urls")),
    path("", include("sessions.urls")),
    path("", include("measures.urls")),
    path("review/", include("review.urls")),
    path("", include("records.urls")),
    path("", include("measures.patient_forms.urls")),
    path("admin/", admin.site.urls),
]
