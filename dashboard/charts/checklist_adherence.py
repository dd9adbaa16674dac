"""The checklist chart: the share of "yes" by week, one line per checklist item.

The frame (dashboard.selectors.weekly.adherence_frame): week, item, rate (0-1).
"""

import pandas as pd
from django.utils.translation import gettext as _

from .tables import Chart
from .weekly import weekly_lines, weekly_table


def adherence_chart(weekly: pd.DataFrame) -> Chart:
    return Chart("chart-adherence", adherence_figure(weekly), weekly_table(weekly, "item", "rate", True))


def adherence_figure(weekly: pd.DataFrame) -> dict | None:
    return weekly_lines(
        weekly, series="item", value="rate", y_title=_("Answered yes (%)"), y_range=[0, 105], percent=True
    )
