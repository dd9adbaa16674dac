from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .login_slowdown import sign_in_failure_record, sign_in_success_record, sign_in_wait
from .models import Role, User
from .selectors import supervisable_therapists


class SupervisedField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.is_active:
            return str(obj)
        return _("%(name)s (inactive)") % {"name": obj}


class StaffForm(forms.ModelForm):
    supervised = SupervisedField(
        label=_("Supervises"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for supervisors: the therapists whose patients they review."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "is_active"]

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        therapists = supervisable_therapists(clinic.pk)
        if self.instance.pk:
            therapists = therapists.exclude(pk=self.instance.pk)
            self.fields["supervised"].initial = list(
                self.instance.supervisions_given.values_list("therapist_id", flat=True)
            )
        self.fields["supervised"].queryset = therapists

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("supervised") and cleaned.get("role") != Role.SUPERVISOR:
            self.add_error("supervised", _("Only a supervisor can supervise therapists."))
        return cleaned


class StaffCreateForm(SetPasswordMixin, StaffForm):
    password1, password2 = SetPasswordMixin.create_password_fields()

    class Meta(StaffForm.Meta):
        fields = ["username", "first_name", "last_name", "email", "role"]

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        self.validate_password_for_user(self.instance)


class ProtectedSignIn:
    """What every sign-in form does besides Django's: the app's and the Django admin's.

    It refuses a username longer than any account's: Django only sets the
    field's max_length for the widget, and a longer name reached django-axes,
    whose failure log cannot store it (a server error). And it slows down an
    account that keeps failing (accounts/login_slowdown.py).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()  # nothing is checked
        sign_in_wait(username)
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                sign_in_failure_record(username)
            raise
        sign_in_success_record(username)
        return cleaned


class SignInForm(ProtectedSignIn, AuthenticationForm):
    pass


class AdminSignInForm(ProtectedSignIn, AdminAuthenticationForm):
    pass


class MySettingsForm(forms.ModelForm):
    """What a signed-in user changes about themselves: where and how the daily e-mail reaches them."""

    class Meta:
        model = User
        fields = ["email", "language", "digest_opt_out"]
        labels = {"language": _("Language of e-mails")}
        help_texts = {"language": _("Empty: the clinic's language.")}
