from decimal import Decimal

import pytest

from measures.scoring import SRS_ITEMS, WAI_SUBSCALES, WaiScores, srs_total, wai_scores


def d(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


# --- SRS ---


def test_srs_items_are_the_four_published_items_in_order():
    assert SRS_ITEMS == ("relationship", "goals", "approach", "overall")


def test_srs_total_is_the_sum_of_the_four_items():
    assert srs_total(d("9.4", "9.4", "9.4", "9.3")) == Decimal("37.5")


def test_srs_total_accepts_the_ends_of_the_range():
    assert srs_total(d("0.0", "0", "10.0", "10")) == Decimal("20.0")
    assert srs_total(d("10", "10", "10", "10")) == Decimal("40.0")


def test_srs_total_is_exact_to_one_decimal():
    assert srs_total(d("0.1", "0.1", "0.1", "0.0")) == Decimal("0.3")


def test_srs_total_rejects_a_partial_srs():
    with pytest.raises(ValueError, match="exactly 4"):
        srs_total(d("9.0", "9.0", "9.0"))


def test_srs_total_rejects_a_missing_item():
    with pytest.raises(ValueError, match="'approach' is missing"):
        srs_total([Decimal("9"), Decimal("9"), None, Decimal("9")])


def test_srs_total_rejects_five_values():
    with pytest.raises(ValueError, match="exactly 4"):
        srs_total(d("1", "1", "1", "1", "1"))


@pytest.mark.parametrize("value", ["-0.1", "10.1", "NaN", "Infinity"])
def test_srs_total_rejects_a_value_out_of_range(value):
    with pytest.raises(ValueError, match="'overall' must be between"):
        srs_total(d("9", "9", "9", value))


def test_srs_total_rejects_more_than_one_decimal():
    with pytest.raises(ValueError, match="at most one decimal"):
        srs_total(d("9.25", "9", "9", "9"))


def test_srs_total_rejects_a_value_that_is_not_a_number():
    with pytest.raises(ValueError, match="not a number"):
        srs_total([Decimal("9"), Decimal("9"), Decimal("9"), "nine"])


# --- WAI-SR ---


def test_wai_subscales_follow_the_published_key():
    # Hatcher & Gillaspy (2006): Task 1, 2, 10, 12; Bond 3, 5, 7, 9; Goal 4, 6, 8, 11.
    assert WAI_SUBSCALES == {"task": (1, 2, 10, 12), "bond": (3, 5, 7, 9), "goal": (4, 6, 8, 11)}
    numbers = sorted(n for items in WAI_SUBSCALES.values() for n in items)
    assert numbers == list(range(1, 13))


def test_wai_scores_put_each_item_in_its_published_subscale():
    # Item n is rated 5 when in the subscale under test, else 1.
    for name, numbers in WAI_SUBSCALES.items():
        items = [5 if n in numbers else 1 for n in range(1, 13)]
        scores = wai_scores(items)
        for other in WAI_SUBSCALES:
            expected = Decimal("5.00") if other == name else Decimal("1.00")
            assert getattr(scores, other) == expected


def test_wai_scores_are_subscale_means_and_the_total_mean():
    items = [5, 4, 3, 2, 3, 2, 3, 2, 3, 5, 2, 4]
    scores = wai_scores(items)
    assert scores == WaiScores(
        task=Decimal("4.50"),  # items 1, 2, 10, 12: 5, 4, 5, 4
        bond=Decimal("3.00"),  # items 3, 5, 7, 9: 3, 3, 3, 3
        goal=Decimal("2.00"),  # items 4, 6, 8, 11: 2, 2, 2, 2
        total=Decimal("3.17"),  # 38 / 12 = 3.1666...
    )
    assert scores.complete


def test_wai_means_are_rounded_to_two_decimals():
    # Task = (3 + 3 + 3 + 4) / 4 = 3.25; goal with one missing = (4 + 4 + 5) / 3 = 4.333...
    items = [3, 3, 1, 4, 1, 4, 1, None, 1, 3, 5, 4]
    scores = wai_scores(items)
    assert scores.task == Decimal("3.25")
    assert scores.goal == Decimal("4.33")
    # 11 answered items, sum 30: 2.7272... -> 2.73
    assert scores.total == Decimal("2.73")


def test_wai_total_rounds_to_two_decimals():
    assert wai_scores([5] * 11 + [4]).total == Decimal("4.92")  # 59 / 12 = 4.9166...


def test_wai_subscale_with_one_missing_item_is_the_mean_of_the_other_three():
    items = [None, 4, 3, 3, 3, 3, 3, 3, 3, 5, 3, 3]
    scores = wai_scores(items)
    assert scores.task == Decimal("4.00")  # items 2, 10, 12: 4, 5, 3
    assert scores.complete
    # Total: mean of the eleven answered items (36 / 11).
    assert scores.total == Decimal("3.27")


def test_wai_subscale_with_two_missing_items_is_missing_and_so_is_the_total():
    items = [3, 3, None, 3, None, 3, 3, 3, 3, 3, 3, 3]
    scores = wai_scores(items)
    assert scores.bond is None
    assert scores.task == Decimal("3.00")
    assert scores.goal == Decimal("3.00")
    assert scores.total is None
    assert not scores.complete


def test_wai_one_missing_item_in_each_subscale_still_scores():
    items = [None, 2, None, None, 2, 2, 2, 2, 2, 2, 2, 2]
    scores = wai_scores(items)
    assert scores == WaiScores(task=Decimal("2.00"), bond=Decimal("2.00"), goal=Decimal("2.00"), total=Decimal("2.00"))


def test_wai_scores_with_nothing_answered_are_all_missing():
    scores = wai_scores([None] * 12)
    assert scores == WaiScores(task=None, bond=None, goal=None, total=None)


@pytest.mark.parametrize("length", [11, 13])
def test_wai_scores_reject_a_wrong_length(length):
    with pytest.raises(ValueError, match="12 item values"):
        wai_scores([3] * length)


@pytest.mark.parametrize("value", [0, 6])
def test_wai_scores_reject_a_value_out_of_range(value):
    items = [3] * 12
    items[4] = value
    with pytest.raises(ValueError, match="item 5 must be between 1 and 5"):
        wai_scores(items)


@pytest.mark.parametrize("value", [2.5, Decimal("3"), "3", True])
def test_wai_scores_reject_a_value_that_is_not_an_integer(value):
    items = [3] * 12
    items[0] = value
    with pytest.raises(ValueError, match="item 1 must be a whole number"):
        wai_scores(items)
