from django import forms
from django.utils.translation import gettext_lazy as _


class EraseConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Type the patient's code to confirm"),
        max_length=32,
        help_text=_("Erasing deletes the patient, their sessions, measures, reviews and flags. It cannot be undone."),
    )

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if code.casefold() != self.patient.code.casefold():
            raise forms.ValidationError(_("This is not the patient's code; nothing was erased."))
        return code
