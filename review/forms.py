from django import forms
from django.utils.translation import gettext_lazy as _


class FlagResolveForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: talked about the last session at the start; agreed a slower pace."),
    )
