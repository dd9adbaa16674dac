from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from measures import scoring

from .selectors import PatientFormContent

LINE_STEPS = 100  # the range input runs 0-100; the SRS item is that / 10, 0.0-10.0 to one decimal
ONE_DECIMAL = Decimal("0.1")
# The radio stops offered on a line when the page runs without JavaScript.
NO_SCRIPT_STOPS = range(0, LINE_STEPS + 1, 10)
WAI_CHOICES = [
    (1, _("Rarely")),
    (2, _("Sometimes")),
    (3, _("Fairly often")),
    (4, _("Very often")),
    (5, _("Always")),
]


class TabletCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        error_messages={"required": _("Type the code your therapist gives you.")},
    )


class LineField(forms.IntegerField):
    """One SRS line: the position 0-100 the patient marked, cleaned to 0.0-10.0 with one decimal."""

    default_error_messages = {
        "required": _("Mark a point on this line."),
        "invalid": _("This answer was not understood. Mark the line again."),
        "min_value": _("This answer was not understood. Mark the line again."),
        "max_value": _("This answer was not understood. Mark the line again."),
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=LINE_STEPS, **kwargs)

    def clean(self, value):
        position = super().clean(value)
        return (Decimal(position) * scoring.SRS_ITEM_MAX / LINE_STEPS).quantize(ONE_DECIMAL)


class PatientAnswersForm(forms.Form):
    """The patient's SRS (four lines) and, when offered, the WAI-SR (twelve answers 1-5), all required.

    The fields are rendered by templates/measures/patient_forms/form.html,
    not by crispy: the lines are range inputs enhanced by static/js/patient-form.js.
    """

    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form is incomplete. Reload the page."),
            "invalid": _("This form is incomplete. Reload the page."),
        },
    )

    def __init__(self, *args, content: PatientFormContent, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content
        for item, text in content.srs.items:
            self.fields[f"srs_{item.code}"] = LineField(label=text)
        if content.wai is not None:
            for item, text in content.wai.items:
                self.fields[f"wai_{item.number}"] = forms.TypedChoiceField(
                    label=text,
                    choices=WAI_CHOICES,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Choose an answer."),
                        "invalid_choice": _("Choose one of the five answers."),
                    },
                )

    @property
    def lines(self) -> list[dict]:
        """Per SRS item: its field, and its position 0-100 when the patient has marked it validly."""
        return [
            {"field": self[f"srs_{item.code}"], "item": item, "position": self._position(f"srs_{item.code}")}
            for item, _text in self.content.srs.items
        ]

    @property
    def questions(self) -> list[dict]:
        if self.content.wai is None:
            return []
        return [{"field": self[f"wai_{item.number}"], "item": item} for item, _text in self.content.wai.items]

    def _position(self, name: str) -> int | None:
        if not self.is_bound or name in self.errors:
            return None
        value = self.data.get(name)
        return int(value) if value is not None and str(value).isdigit() else None

    @property
    def answers(self) -> dict:
        """The arguments of services.patient_form_submit; only after is_valid()."""
        data = self.cleaned_data
        wai = None
        if self.content.wai is not None:
            wai = [data[f"wai_{item.number}"] for item, _text in self.content.wai.items]
        return {
            "submission_key": data["submission_key"],
            "srs": [data[f"srs_{item.code}"] for item, _text in self.content.srs.items],
            "wai": wai,
        }
