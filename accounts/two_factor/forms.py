import re

from django import forms
from django.utils.translation import gettext_lazy as _


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
