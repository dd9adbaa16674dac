"""The checklist review of docs/review-rules.md ("Checklist review"). Pure: no Django."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CHECKLIST_ITEMS = (1, 2, 3, 4, 5)
TWO_DECIMALS = Decimal("0.01")
Answers = tuple[bool | None, ...]  # one per item: True yes, False no, None unanswered


@dataclass(frozen=True)
class ItemCounts:
    item: int  # 1-5
    answered: int
    yes: int
    rate: Decimal | None  # yes / answered to two decimals, None when unanswered


@dataclass(frozen=True)
class ChecklistReview:
    recent_days: tuple[ItemCounts, ...]  # sessions within the last `days` days
    recent_sessions: tuple[ItemCounts, ...]  # the last `last_sessions` with a checklist
    supervision_points: tuple[int, ...]  # item numbers


def checklist_review(
    sessions: Sequence[tuple[datetime.date, Answers]],
    today: datetime.date,
    *,
    days: int = 28,
    last_sessions: int = 10,
    supervision_sessions: int = 6,
    supervision_fraction: Decimal = Decimal("0.5"),
) -> ChecklistReview:
    """Review the checklists of sessions given in session order, as of `today`.

    Sessions dated after `today` are ignored everywhere. The day window holds
    the sessions with today - days < date <= today. A session has a checklist
    when at least one answer is not None. An item is a supervision point
    when it was answered "yes" in fewer than `supervision_fraction` of its
    last `supervision_sessions` answers; with fewer answers than that, over
    those there are; never for an item with no answer at all.
    """
    if min(days, last_sessions, supervision_sessions) < 1:
        raise ValueError("The checklist review windows must be at least 1.")
    for _, answers in sessions:
        if len(answers) != len(CHECKLIST_ITEMS):
            count = len(CHECKLIST_ITEMS)
            raise ValueError(f"A checklist has {count} answers, got {len(answers)}.")
    past = [(day, answers) for day, answers in sessions if day <= today]
    start = today - datetime.timedelta(days=days)
    in_days = [answers for day, answers in past if day > start]
    with_checklist = [answers for _, answers in past if any(a is not None for a in answers)]
    return ChecklistReview(
        recent_days=_counts(in_days),
        recent_sessions=_counts(with_checklist[-last_sessions:]),
        supervision_points=_supervision_points(with_checklist, supervision_sessions, supervision_fraction),
    )


def _counts(checklists: Sequence[Answers]) -> tuple[ItemCounts, ...]:
    return tuple(_item_counts(item, [answers[item - 1] for answers in checklists]) for item in CHECKLIST_ITEMS)


def _item_counts(item: int, answers: list[bool | None]) -> ItemCounts:
    answered = [a for a in answers if a is not None]
    yes = sum(1 for a in answered if a)
    rate = None
    if answered:
        rate = (Decimal(yes) / len(answered)).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)
    return ItemCounts(item=item, answered=len(answered), yes=yes, rate=rate)


def _supervision_points(checklists: Sequence[Answers], count: int, fraction: Decimal) -> tuple[int, ...]:
    points = []
    for item in CHECKLIST_ITEMS:
        answered = [a[item - 1] for a in checklists if a[item - 1] is not None]
        recent = answered[-count:]
        if recent and sum(recent) < fraction * len(recent):
            points.append(item)
    return tuple(points)
