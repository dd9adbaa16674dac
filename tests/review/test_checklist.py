import datetime
from decimal import Decimal

import pytest

from review.checklist import ItemCounts, checklist_review

TODAY = datetime.date(2026, 3, 31)
Y, N, U = True, False, None
ALL_YES = (Y, Y, Y, Y, Y)
EMPTY = (U, U, U, U, U)


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def weekly(*checklists) -> list[tuple[datetime.date, tuple]]:
    """One session a week, the last one today."""
    count = len(checklists)
    return [(days_ago(7 * (count - 1 - i)), answers) for i, answers in enumerate(checklists)]


def item(counts: tuple[ItemCounts, ...], number: int) -> ItemCounts:
    return counts[number - 1]


def test_counts_answers_yes_and_rate_per_item():
    review = checklist_review(weekly((Y, N, U, Y, Y), (Y, Y, U, N, Y), (N, Y, U, N, Y)), TODAY)
    assert review.recent_days == (
        ItemCounts(1, answered=3, yes=2, rate=Decimal("0.67")),
        ItemCounts(2, answered=3, yes=2, rate=Decimal("0.67")),
        ItemCounts(3, answered=0, yes=0, rate=None),
        ItemCounts(4, answered=3, yes=1, rate=Decimal("0.33")),
        ItemCounts(5, answered=3, yes=3, rate=Decimal("1.00")),
    )


def test_day_window_excludes_a_session_exactly_28_days_ago():
    review = checklist_review([(days_ago(28), ALL_YES), (days_ago(0), ALL_YES)], TODAY)
    assert item(review.recent_days, 1).answered == 1


def test_day_window_includes_a_session_27_days_ago():
    review = checklist_review([(days_ago(27), ALL_YES), (days_ago(0), ALL_YES)], TODAY)
    assert item(review.recent_days, 1).answered == 2


def test_day_window_excludes_a_session_29_days_ago():
    review = checklist_review([(days_ago(29), ALL_YES)], TODAY)
    assert item(review.recent_days, 1) == ItemCounts(1, answered=0, yes=0, rate=None)


def test_sessions_after_today_are_ignored():
    sessions = [(days_ago(1), (N, N, N, N, N)), (TODAY + datetime.timedelta(days=1), ALL_YES)]
    review = checklist_review(sessions, TODAY)
    assert item(review.recent_days, 1).yes == 0
    assert item(review.recent_sessions, 1).yes == 0
    assert review.supervision_points == (1, 2, 3, 4, 5)


def test_session_window_holds_the_last_ten_sessions_with_a_checklist():
    checklists = [(N, N, N, N, N)] + [ALL_YES] * 10 + [EMPTY]
    review = checklist_review(weekly(*checklists), TODAY)
    assert item(review.recent_sessions, 1) == ItemCounts(1, answered=10, yes=10, rate=Decimal("1.00"))


def test_session_window_with_eleven_checklists_drops_the_oldest():
    checklists = [(N, U, U, U, U)] + [(Y, U, U, U, U)] * 10
    review = checklist_review(weekly(*checklists), TODAY)
    assert item(review.recent_sessions, 1).answered == 10


def test_session_window_with_nine_checklists_counts_them_all():
    review = checklist_review(weekly(*[(Y, U, U, U, U)] * 9), TODAY)
    assert item(review.recent_sessions, 1).answered == 9


def test_a_session_with_one_answer_has_a_checklist():
    checklists = [(U, U, U, U, N)] + [(Y, U, U, U, U)] * 9 + [(U, U, U, U, N)]
    review = checklist_review(weekly(*checklists), TODAY)
    assert item(review.recent_sessions, 1).answered == 9
    assert item(review.recent_sessions, 5).answered == 1


def test_supervision_point_when_yes_in_fewer_than_half_of_the_last_six():
    checklists = [ALL_YES] * 4 + [(N, Y, Y, Y, Y)] * 4 + [(Y, Y, Y, Y, Y)] * 2
    # Item 1 over the last six: no, no, no, no, yes, yes -> 2 of 6.
    assert checklist_review(weekly(*checklists), TODAY).supervision_points == (1,)


def test_no_supervision_point_at_exactly_half_of_the_last_six():
    checklists = [(N, Y, Y, Y, Y)] * 3 + [ALL_YES] * 3
    assert checklist_review(weekly(*checklists), TODAY).supervision_points == ()


def test_no_supervision_point_just_above_half_of_the_last_six():
    checklists = [(N, Y, Y, Y, Y)] * 2 + [ALL_YES] * 4
    assert checklist_review(weekly(*checklists), TODAY).supervision_points == ()


def test_supervision_point_counts_only_sessions_answering_that_item():
    # Item 4 answered in six sessions among many where it was left empty.
    checklists = [(Y, Y, Y, N, Y), (Y, Y, Y, U, Y)] * 6
    assert checklist_review(weekly(*checklists), TODAY).supervision_points == (4,)


def test_supervision_point_with_fewer_than_six_answers_uses_those_available():
    assert checklist_review(weekly((Y, Y, Y, Y, N)), TODAY).supervision_points == (5,)
    checklists = [(Y, Y, Y, Y, N), (Y, Y, Y, Y, Y)]
    assert checklist_review(weekly(*checklists), TODAY).supervision_points == ()


def test_no_supervision_point_for_an_item_never_answered():
    assert checklist_review(weekly(EMPTY, (Y, Y, U, Y, Y)), TODAY).supervision_points == ()


def test_no_sessions_give_empty_counts_and_no_supervision_points():
    review = checklist_review([], TODAY)
    assert review.recent_days == tuple(ItemCounts(i, 0, 0, None) for i in range(1, 6))
    assert review.recent_sessions == review.recent_days
    assert review.supervision_points == ()


def test_window_sizes_are_parameters():
    checklists = [(N, Y, Y, Y, Y)] * 2 + [ALL_YES] * 2
    review = checklist_review(
        weekly(*checklists), TODAY, days=8, last_sessions=3, supervision_sessions=3, supervision_fraction=Decimal("1")
    )
    assert item(review.recent_days, 1).answered == 2
    assert item(review.recent_sessions, 1) == ItemCounts(1, answered=3, yes=2, rate=Decimal("0.67"))
    assert review.supervision_points == (1,)  # 2 of the last 3 is fewer than all of them
    assert checklist_review(weekly(*checklists), TODAY).supervision_points == ()


def test_rejects_a_checklist_without_five_answers():
    with pytest.raises(ValueError, match="5 answers, got 4"):
        checklist_review([(TODAY, (Y, Y, Y, Y))], TODAY)


def test_rejects_an_empty_window():
    with pytest.raises(ValueError, match="at least 1"):
        checklist_review([], TODAY, last_sessions=0)
