from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import csv_format


class SessionsImportForm(forms.Form):
    """The sessions CSV to import; `cleaned_data` gives its `text` and the `therapist` of new patients.

    A clinic admin picks the therapist; a therapist imports for themselves.
    """

    file = forms.FileField(label=_("Sessions file (CSV)"))
    therapist = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Primary therapist of new patients"),
        help_text=_("Patients of the file who are not in the clinic yet are created with this therapist."),
    )

    def __init__(self, *args, user: User, therapists, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_therapist:
            del self.fields["therapist"]
        else:
            self.fields["therapist"].queryset = therapists

    def clean_file(self):
        upload = self.cleaned_data["file"]
        max_bytes = settings.SESSIONS_IMPORT_MAX_BYTES
        # Read one byte more than allowed: enough to tell that a file is too large.
        try:
            self.cleaned_data["text"] = csv_format.file_decode(upload.read(max_bytes + 1), max_bytes=max_bytes)
        except csv_format.FileError as error:
            raise forms.ValidationError([str(problem) for problem in error.problems]) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.user.is_therapist:
            cleaned["therapist"] = self.user
        return cleaned
