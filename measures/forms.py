import io
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Clinic
from patients.models import Language

from . import scoring
from .instruments import SRS, WAI_SR, WAI_SR_THERAPIST, Instrument, Labels
from .selectors import SessionMeasures
from .wording_file import WordingFileError, wording_rows_read

ONE_DECIMAL = Decimal("0.1")
WORDING_FILE_MAX_BYTES = 1_000_000

# Form section -> the instrument it enters and the SessionMeasures attribute holding it.
SECTIONS = {"srs": SRS, "wai_patient": WAI_SR, "wai_therapist": WAI_SR_THERAPIST}


class SrsItemField(forms.DecimalField):
    """0.0-10.0 with at most one decimal; a comma works as the decimal mark too."""

    default_error_messages = {
        "invalid": _("Enter a number from 0.0 to 10.0, e.g. 7.5."),
        "min_value": _("Enter a value from 0.0 to 10.0."),
        "max_value": _("Enter a value from 0.0 to 10.0."),
        "max_decimal_places": _("Use at most one decimal, e.g. 7.5."),
    }

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            min_value=scoring.SRS_ITEM_MIN,
            max_value=scoring.SRS_ITEM_MAX,
            decimal_places=1,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        number = super().to_python(value)
        if number is None or not number.is_finite():
            return number  # NaN and ±Infinity cannot be compared: validate() refuses them as "invalid"
        # Out of range ("1e30") is left to the range check: quantizing it would overflow.
        in_range = scoring.SRS_ITEM_MIN <= number <= scoring.SRS_ITEM_MAX
        if in_range and number == number.quantize(ONE_DECIMAL):
            number = abs(number.quantize(ONE_DECIMAL))  # "7.50" is 7.5, and "-0" is 0.0
        return number


class WaiItemField(forms.IntegerField):
    default_error_messages = {
        "invalid": _("Enter a whole number from 1 to 5, or leave it empty."),
        "min_value": _("Enter a whole number from 1 to 5, or leave it empty."),
        "max_value": _("Enter a whole number from 1 to 5, or leave it empty."),
    }

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            min_value=scoring.WAI_ITEM_MIN,
            max_value=scoring.WAI_ITEM_MAX,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 2}),
            **kwargs,
        )


class PaperMeasuresForm(forms.Form):
    """The SRS and WAI-SR answers of one session, typed in from paper.

    A section left empty records nothing (and removes an earlier paper entry).
    A section the patient already answered on the tablet or by link is not
    offered. `cleaned_data["measures"]` holds the arguments of
    `services.paper_measures_record`.
    """

    language = forms.ChoiceField(label=_("Language of the paper form"), choices=Language.choices)

    def __init__(self, *args, measures: SessionMeasures, labels: dict[str, Labels], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = measures
        self.labels = labels
        self.locked = {key: getattr(measures, key) for key in SECTIONS if _is_locked(getattr(measures, key))}
        self.fields["language"].initial = _paper_language(measures) or language
        for key, instrument in SECTIONS.items():
            if key not in self.locked:
                self._add_section(key, instrument, getattr(measures, key))

    def _add_section(self, key: str, instrument: Instrument, stored) -> None:
        texts = self.labels[instrument.code].texts
        for item, text in zip(instrument.items, texts, strict=True):
            field = SrsItemField() if instrument is SRS else WaiItemField()
            field.label = text if instrument is SRS else f"{item.number}. {text}"
            field.initial = getattr(stored, item.code) if stored else None
            self.fields[f"{key}_{item.code}"] = field

    @property
    def sections(self) -> list[dict]:
        """What the template shows per instrument: its labels and fields, or the locked response."""
        return [
            {
                "key": key,
                "instrument": instrument,
                "labels": self.labels[instrument.code],
                "locked": self.locked.get(key),
                "fields": [self[f"{key}_{item.code}"] for item in instrument.items] if key not in self.locked else [],
            }
            for key, instrument in SECTIONS.items()
        ]

    def clean(self):
        cleaned = super().clean()
        measures = {"language": cleaned.get("language"), "srs": None, "wai_patient": None, "wai_therapist": None}
        if "srs" not in self.locked:
            measures["srs"] = self._srs_items(cleaned)
        for key in ("wai_patient", "wai_therapist"):
            if key not in self.locked:
                measures[key] = self._values(cleaned, key, SECTIONS[key])
        cleaned["measures"] = measures
        return cleaned

    def _values(self, cleaned: dict, key: str, instrument: Instrument) -> list | None:
        values = [cleaned.get(f"{key}_{item.code}") for item in instrument.items]
        return None if all(value is None for value in values) else values

    def _srs_items(self, cleaned: dict) -> list[Decimal] | None:
        names = [f"srs_{code}" for code in scoring.SRS_ITEMS]
        if any(name in self.errors for name in names):
            return None
        values = self._values(cleaned, "srs", SRS)
        if values is not None and None in values:
            self.add_error(None, _("Enter all four SRS items or none."))
            return None
        return values


def _is_locked(response) -> bool:
    return response is not None and not response.entered_by_staff


def _paper_language(measures: SessionMeasures) -> str | None:
    for key in SECTIONS:
        response = getattr(measures, key)
        if response is not None and response.entered_by_staff:
            return response.language
    return None


class WordingUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Wording file (CSV)"),
        help_text=_("UTF-8 CSV with the columns clinic,instrument,language,item,text."),
    )

    def __init__(self, *args, clinic: Clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > WORDING_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        data = upload.read()
        if b"\x00" in data:  # valid UTF-8, but never in a text file: UTF-16 text or binary data
            raise forms.ValidationError(_("The file is not UTF-8 text."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        try:
            self.cleaned_data["rows"] = wording_rows_read(io.StringIO(text, newline=""), clinic=self.clinic)
        except WordingFileError as error:
            raise forms.ValidationError(error.errors) from None
        return upload
