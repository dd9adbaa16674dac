from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import assignable_therapists_for_user

from .models import Patient


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["code", "alias", "birth_year", "language", "primary_therapist", "active", "consent_date"]
        widgets = {"consent_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = user.clinic
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
        clash = Patient.objects.filter(clinic=self.clinic, code__iexact=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another patient of this clinic already has this code."))
        return code

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Enter a year between 1900 and %(year)s.") % {"year": timezone.localdate().year}
            )
        return year

    def clean_consent_date(self):
        consent = self.cleaned_data.get("consent_date")
        if consent and consent > timezone.localdate():
            raise forms.ValidationError(_("The consent date cannot be in the future."))
        return consent


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
