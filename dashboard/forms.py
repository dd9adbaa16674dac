from django import forms
from django.utils.translation import gettext_lazy as _

from review.models import RiskLevel

from .selectors.caseload import ACTIVE, EVERYONE, INACTIVE, CaseloadFilters


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
