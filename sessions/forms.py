import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    CHECKLIST_FIELDS,
    CHECKLIST_ITEMS,
    CONFRONTATION_MARKERS,
    MARKER_FIELDS,
    WITHDRAWAL_MARKERS,
    Attendance,
    TherapySession,
)

DURATION_MESSAGE = _("Enter a duration in whole minutes, from 1 to 480.")
ANSWER_CHOICES = [("", _("Not answered")), ("yes", _("Yes")), ("no", _("No"))]
ANSWER_TO_VALUE = {"": None, "yes": True, "no": False}
VALUE_TO_ANSWER = {value: answer for answer, value in ANSWER_TO_VALUE.items()}


class SessionForm(forms.ModelForm):
    """A therapy session with its observed markers and the five-item checklist.

    `cleaned_data["fields"]` holds the model fields ready for the services.
    """

    # One message for every refused duration (0, -5, 481, NaN, 1.5); the input starts at 1.
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        min_value=1,
        max_value=480,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), DURATION_MESSAGE),
    )
    withdrawal_markers = forms.MultipleChoiceField(
        label=_("Withdrawal markers"),
        choices=list(WITHDRAWAL_MARKERS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confrontation_markers = forms.MultipleChoiceField(
        label=_("Confrontation markers"),
        choices=list(CONFRONTATION_MARKERS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TherapySession
        fields = ["date", "time", "attendance", "modality", "duration_minutes", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"note": _("Up to 2,000 characters.")}
        error_messages = {
            "note": {"max_length": _("The note has %(show_value)s characters; shorten it to %(limit_value)s at most.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength on the textarea: a browser cuts a longer paste without a word, the form says how long it is.
        self.fields["note"].widget.attrs.pop("maxlength")
        for number, name in CHECKLIST_FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=f"{number}. {CHECKLIST_ITEMS[number]}",
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=VALUE_TO_ANSWER[getattr(self.instance, name)],
            )
        markers = set(self.instance.markers) if self.instance.pk else set()
        self.fields["withdrawal_markers"].initial = [c for c in WITHDRAWAL_MARKERS if c in markers]
        self.fields["confrontation_markers"].initial = [c for c in CONFRONTATION_MARKERS if c in markers]
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()
            self.fields["attendance"].initial = Attendance.ATTENDED

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if date < datetime.date(1990, 1, 1) or date > today + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Enter a date between 1990 and one year from today."))
        return date

    def clean(self):
        cleaned = super().clean()
        markers = set(cleaned.get("withdrawal_markers", [])) | set(cleaned.get("confrontation_markers", []))
        attendance, date = cleaned.get("attendance"), cleaned.get("date")
        if markers and attendance not in (None, Attendance.ATTENDED):
            self.add_error(None, _("Rupture markers can only be recorded for a session that took place."))
        answered = any(cleaned.get(name) for name in CHECKLIST_FIELDS.values())
        if answered and attendance == Attendance.SCHEDULED:
            self.add_error(None, _("The checklist is answered once the session has taken place."))
        if date and date > timezone.localdate() and attendance not in (None, Attendance.SCHEDULED):
            self.add_error("attendance", _("A session dated after today can only be planned."))
        fields = {name: cleaned.get(name) for name in self._meta.fields}
        fields.update({name: code in markers for code, name in MARKER_FIELDS.items()})
        fields.update({name: ANSWER_TO_VALUE[cleaned.get(name) or ""] for name in CHECKLIST_FIELDS.values()})
        cleaned["fields"] = fields
        return cleaned

    def checklist_fields(self):
        """The checklist's bound fields, in item order, for the template."""
        return [self[name] for name in CHECKLIST_FIELDS.values()]
