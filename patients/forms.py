from django import forms
from django.core import validators
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from . import codes
from .models import Patient


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["code", "alias", "birth_year", "language", "primary_therapist", "active", "consent_date"]
        widgets = {"consent_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = user.clinic
        self._birth_year_field(self.fields["birth_year"])
        field = self.fields["primary_therapist"]
        if user.is_therapist:
            # A therapist registers and keeps their own patients.
            field.queryset = User.objects.filter(pk=user.pk)
            field.initial = user.pk
            field.disabled = True
        else:
            field.queryset = User.objects.filter(clinic_id=user.clinic_id, role=Role.THERAPIST).filter(
                Q(is_active=True) | Q(pk=self.instance.primary_therapist_id)
            )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code:
            raise forms.ValidationError(_("Enter a code."))
        if code != self.instance.code and not codes.code_is_allowed(code):
            raise forms.ValidationError(codes.MESSAGE, code="code_characters")
        clash = Patient.objects.filter(clinic=self.clinic, code__iexact=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another patient of this clinic already has this code."))
        return code

    def clean_consent_date(self):
        consent = self.cleaned_data.get("consent_date")
        if consent and consent > timezone.localdate():
            raise forms.ValidationError(_("The consent date cannot be in the future."))
        return consent

    @staticmethod
    def _birth_year_field(field: forms.IntegerField) -> None:
        """One message for every refused year (1800, -5, 3000, NaN), and an input from 1900 to this year."""
        this_year = timezone.localdate().year
        field.min_value, field.max_value = 1900, this_year
        field.validators = [validators.MinValueValidator(1900), validators.MaxValueValidator(this_year)]
        field.widget.attrs.update(min=1900, max=this_year)
        message = _("Enter a year between 1900 and %(year)s.") % {"year": this_year}
        field.error_messages.update(dict.fromkeys(("invalid", "min_value", "max_value"), message))
