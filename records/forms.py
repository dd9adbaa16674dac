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


class SessionDeleteForm(forms.Form):
    """The confirmation of a deletion; a reason when the patient answered a form of the session themselves."""

    reason = forms.CharField(
        label=_("Why is this session deleted?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The patient answered a form of this session themselves. The reason is kept in the audit log."),
        error_messages={"required": _("Say why this session is deleted: the patient answered its form themselves.")},
    )

    def __init__(self, *args, reason_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not reason_required:
            del self.fields["reason"]
