import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .recovery_codes import recovery_code_normalise


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The code your authenticator app shows now for Alliance."),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())  # "123 456" as some apps show it
        if not re.fullmatch(r"[0-9]{6}", token):
            raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows."), code="format")
        return token


class VerifyForm(TokenForm):
    """At sign-in, a code of the authenticator app or, instead, one of the recovery codes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].label = _("6-digit code or recovery code")
        self.fields["token"].widget.attrs["inputmode"] = "text"
        self.fields["token"].help_text = _(
            "The code your authenticator app shows now for Alliance, or one of your recovery codes."
        )

    def clean_token(self) -> str:
        typed = self.cleaned_data["token"]
        digits = "".join(typed.split())
        if re.fullmatch(r"[0-9]{6}", digits):
            return digits
        code = recovery_code_normalise(typed)
        if code is None:
            raise forms.ValidationError(
                _("Enter the 6 digits your authenticator app shows, or one of your recovery codes."), code="format"
            )
        return code
