import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from review.models import RiskLevel

from .selectors.caseload import ACTIVE, EVERYONE, INACTIVE, CaseloadFilters
from .selectors.flag_report import Period


class CaseloadFilterForm(forms.Form):
    """The caseload filters, read from GET parameters; anything invalid falls back to the default."""

    risk = forms.ChoiceField(label=_("Risk level"), choices=[("", _("Any"))] + RiskLevel.choices, required=False)
    active = forms.ChoiceField(
        label=_("Patients"),
        choices=[(ACTIVE, _("Active")), (INACTIVE, _("Inactive")), (EVERYONE, _("All"))],
        required=False,
    )
    no_srs_weeks = forms.IntegerField(label=_("No SRS in the last … weeks"), min_value=1, max_value=52, required=False)

    def filters(self) -> CaseloadFilters:
        if not self.is_valid():
            return CaseloadFilters()
        data = self.cleaned_data
        return CaseloadFilters(risk=data["risk"], active=data["active"] or ACTIVE, no_srs_weeks=data["no_srs_weeks"])


class FlagReportPeriodForm(forms.Form):
    """The period of the flag report: the last 4, 12 or 26 weeks to today, or two dates (both needed)."""

    weeks = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("4", _("Last 4 weeks")),
            ("12", _("Last 12 weeks")),
            ("26", _("Last 26 weeks")),
            ("", _("Dates below")),
        ],
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, today: datetime.date):
        super().__init__(data if any(data.get(name) for name in ("weeks", "since", "until")) else {"weeks": "4"})
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        since, until = cleaned.get("since"), cleaned.get("until")
        if since or until:
            if not (since and until):
                raise forms.ValidationError(_("Give both dates, or choose a number of weeks."))
            if since > until:
                self.add_error("until", _("The end date is before the start date."))
            elif until > self.today:
                self.add_error("until", _("The end date is after today."))
        elif not cleaned.get("weeks"):
            raise forms.ValidationError(_("Give both dates, or choose a number of weeks."))
        return cleaned

    def period(self) -> Period:
        """The period asked for (call once the form is valid); dates win over weeks."""
        data = self.cleaned_data
        if data.get("since"):
            return Period(data["since"], data["until"])
        return Period(self.today - datetime.timedelta(weeks=data["weeks"]) + datetime.timedelta(days=1), self.today)
