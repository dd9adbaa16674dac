from django import forms
from django.core import validators
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import assignable_therapists_for_user

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
        # Only therapists the user may see: a patient given to anyone else would vanish from their view.
        field.queryset = assignable_therapists_for_user(user, keeping_id=self.instance.primary_therapist_id)
        if user.is_therapist:
            # A therapist registers and keeps their own patients.
            field.initial = user.pk
            field.disabled = True

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


class HandOverForm(forms.Form):
    """Where the active patients of a leaving therapist go: one therapist for all, or one for each."""

    to_all = forms.ModelChoiceField(
        label=_("Hand every patient over to"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Or choose a therapist for each patient below."),
    )

    def __init__(self, *args, patients: list[Patient], therapists, **kwargs):
        super().__init__(*args, **kwargs)
        self.patients = patients
        self.fields["to_all"].queryset = therapists
        for patient in patients:
            self.fields[f"patient_{patient.pk}"] = forms.ModelChoiceField(
                label=str(patient), queryset=therapists, required=False
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        everyone = cleaned.get("to_all")
        moves = {patient.pk: everyone or cleaned.get(f"patient_{patient.pk}") for patient in self.patients}
        if None in moves.values():
            raise forms.ValidationError(_("Choose a therapist for every patient, or one for all of them."))
        cleaned["moves"] = moves
        return cleaned
