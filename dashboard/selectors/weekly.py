"""The weekly figures the supervisor's charts read, as DataFrames, from the precomputed weekly rows."""

import datetime
from collections.abc import Iterable

import pandas as pd
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from review.models import ClinicWeek, TherapistWeek
from review.summaries import week_of

WEEKS = 12  # how far back the trend charts look, this week included

# Short names of the checklist items for a chart legend (sessions.models.CHECKLIST_ITEMS has them in full).
CHECKLIST_SHORT = {
    1: _("1 Safety and limits"),
    2: _("2 Attunement"),
    3: _("3 Shared goals and tasks"),
    4: _("4 Repairing micro-ruptures"),
    5: _("5 A concrete next step"),
}
ALLIANCE_COLUMNS = ["week", "therapist", "median_srs", "srs_count"]
ADHERENCE_COLUMNS = ["week", "item", "rate", "answered"]
CLINIC_COLUMNS = ["week", "median_srs", "responses"]


def weeks_shown(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The Mondays of the first and the last week the charts show."""
    last = week_of(today)
    return last - datetime.timedelta(weeks=WEEKS - 1), last


def therapist_weeks(therapists: list[User], today: datetime.date) -> list[TherapistWeek]:
    first, last = weeks_shown(today)
    weeks = TherapistWeek.objects.filter(therapist__in=therapists, week__range=(first, last))
    return list(weeks.order_by("week", "therapist_id"))


def alliance_frame(weeks: Iterable[TherapistWeek], names: dict[int, str]) -> pd.DataFrame:
    """Median SRS by week and therapist (weeks without an SRS left out)."""
    rows = [
        (week.week, names[week.therapist_id], float(week.srs_median), week.srs_count)
        for week in weeks
        if week.srs_median is not None
    ]
    return pd.DataFrame(rows, columns=ALLIANCE_COLUMNS)


def adherence_frame(weeks: Iterable[TherapistWeek]) -> pd.DataFrame:
    """Share of "yes" by week and checklist item, over every therapist given."""
    answered: dict[tuple[datetime.date, int], int] = {}
    yes: dict[tuple[datetime.date, int], int] = {}
    for week in weeks:
        for item, (count, yes_count) in enumerate(zip(week.checklist_answered, week.checklist_yes, strict=True), 1):
            answered[week.week, item] = answered.get((week.week, item), 0) + count
            yes[week.week, item] = yes.get((week.week, item), 0) + yes_count
    rows = [
        (monday, str(CHECKLIST_SHORT[item]), yes[monday, item] / count, count)
        for (monday, item), count in sorted(answered.items())
        if count
    ]
    return pd.DataFrame(rows, columns=ADHERENCE_COLUMNS)


def clinic_frame(clinic_id: int | None, today: datetime.date) -> pd.DataFrame:
    """The clinic's median SRS and number of SRS by week."""
    first, last = weeks_shown(today)
    weeks = ClinicWeek.objects.filter(clinic_id=clinic_id, week__range=(first, last), srs_median__isnull=False)
    rows = weeks.order_by("week").values_list("week", "srs_median", "srs_count")
    return pd.DataFrame([(week, float(median), count) for week, median, count in rows], columns=CLINIC_COLUMNS)
