"""The supervisor's alliance chart: the median SRS by week, one line per therapist, with the cutoff in force.

The frame (dashboard.selectors.weekly.alliance_frame): week, therapist, median_srs.
"""

import pandas as pd
from django.utils.translation import gettext as _

from review.rules import Thresholds

from .layout import cutoff_line
from .tables import Chart
from .weekly import weekly_lines, weekly_table


def alliance_chart(weekly: pd.DataFrame, *, thresholds: Thresholds) -> Chart:
    figure = alliance_figure(weekly, thresholds=thresholds)
    return Chart("chart-alliance", figure, weekly_table(weekly, "therapist", "median_srs"))


def alliance_figure(weekly: pd.DataFrame, *, thresholds: Thresholds) -> dict | None:
    return weekly_lines(
        weekly,
        series="therapist",
        value="median_srs",
        y_title=_("Median SRS"),
        y_range=[0, 41],
        shapes=(cutoff_line(thresholds.srs_cutoff),),
    )
