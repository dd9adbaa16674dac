from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action

CODE_MAX_LENGTH = 32  # Patient.code


class AuditFilterForm(forms.Form):
    """The audit page's filters. A patient is asked for by code: `patients_with_code(code)` gives the
    ids of the patients with that code the reader may see (the layer above knows patients)."""

    username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Any"))] + Action.choices)
    patient_code = forms.CharField(label=_("Patient code"), required=False, max_length=CODE_MAX_LENGTH)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, patients_with_code, **kwargs):
        super().__init__(*args, **kwargs)
        self.patients_with_code = patients_with_code

    def clean_patient_code(self):
        code = self.cleaned_data["patient_code"].strip()
        if not code:
            return None
        ids = self.patients_with_code(code)
        if not ids:
            raise forms.ValidationError(_("No patient of your clinic has this code."))
        return ids

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The keyword arguments of `audit_events_filter` (call once the form is valid)."""
        cleaned = dict(self.cleaned_data)
        cleaned["patient_ids"] = cleaned.pop("patient_code")
        return cleaned
