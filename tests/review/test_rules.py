import json
import statistics
from decimal import Decimal

import pytest

from measures.scoring import WaiScores
from review.rules import RULES, Fired, SessionFacts, Thresholds, WaiSnapshot, review_history, review_session
from review.rules.base import (
    ATTENDANCE_CODES,
    MARKER_CODES_CONFRONTATION,
    MARKER_CODES_WITHDRAWAL,
    SEVERITIES,
    SrsSeries,
)
from review.rules.session import (
    attendance,
    markers_confrontation,
    markers_withdrawal,
    rater_gap,
    risk_level,
    wai_drop,
    wai_low,
)
from review.rules.srs import srs_below_cutoff, srs_ceiling, srs_drop, srs_item_low, srs_sustained_low, srs_v_rupture

DEFAULTS = Thresholds()


def even_items(total: str) -> tuple[Decimal, ...]:
    """Four items as even as one decimal allows: 37.5 = 9.4 + 9.4 + 9.4 + 9.3."""
    base, extra = divmod(int(Decimal(total) * 10), 4)
    return tuple(Decimal(base + (1 if i < extra else 0)) / 10 for i in range(4))


def items(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


def history(*entries: str, version: str = "srs-1") -> list[SessionFacts]:
    """Sessions 1, 2, ...: an SRS total, `x` cancelled by the patient, `-` no SRS."""
    sessions = []
    for number, entry in enumerate(entries, start=1):
        if entry == "x":
            sessions.append(SessionFacts(number, "cancelled_patient"))
        elif entry == "-":
            sessions.append(SessionFacts(number, "attended"))
        else:
            sessions.append(SessionFacts(number, "attended", even_items(entry), srs_version=version))
    return sessions


def codes_by_session(sessions, thresholds=DEFAULTS) -> list[tuple[str, ...]]:
    return [review.codes for review in review_history(sessions, thresholds)]


def last_codes(sessions, thresholds=DEFAULTS) -> tuple[str, ...]:
    return review_history(sessions, thresholds)[-1].codes


def evidence(review, code: str) -> dict:
    [found] = [f.evidence for f in review.fired if f.code == code]
    return found


def series(*totals: str) -> SrsSeries:
    return SrsSeries((n, Decimal(t)) for n, t in enumerate(totals, start=1))


def wai(task, bond, goal, total, version="wai-sr-1") -> WaiSnapshot:
    scores = [None if v is None else Decimal(v) for v in (task, bond, goal, total)]
    return WaiSnapshot(*scores, version=version)


def with_wai(number, patient=None, therapist=None) -> SessionFacts:
    return SessionFacts(number, "attended", wai_patient=patient, wai_therapist=therapist)


# --- The contract tables ---


def test_rules_carry_the_severity_of_the_contract():
    assert {code: severity for code, (severity, _) in RULES.items()} == {
        "srs_below_cutoff": "medium",
        "srs_item_low": "low",
        "srs_drop": "medium",
        "srs_sustained_low": "high",
        "srs_v_rupture": "high",
        "rupture_repaired": "info",
        "rupture_unrepaired": "high",
        "srs_ceiling": "info",
        "wai_low": "medium",
        "wai_drop": "medium",
        "attendance": "medium",
        "markers_confrontation": "medium",
        "markers_withdrawal": "medium",
        "rater_gap": "low",
        "unrepaired_in_session": "high",
    }
    assert SEVERITIES == ("none", "info", "low", "medium", "high")


def test_rules_carry_the_source_of_the_contract_word_for_word():
    sources = {code: source for code, (_, source) in RULES.items()}
    assert sources["srs_below_cutoff"] == ("PCOMS clinical cutoff (Duncan et al. 2003; OpenFIT alerts)")
    assert sources["srs_v_rupture"] == (
        "V-shaped deflection, strict 2 SD criterion (Stiles et al. 2004; Gumz et al. 2012)"
    )
    assert sources["wai_drop"] == (
        "reliable-change logic (Jacobson & Truax 1991); defaults not validated"
        " — set from a reference sample where one exists"
    )
    assert sources["rater_gap"] == (
        "therapists and patients see ruptures differently (Muran et al. 2009); a"
        " therapist who rates the alliance well above the patient may be missing a"
        " rupture"
    )
    assert sources["wai_low"] == '"sometimes" or less; not a validated cutoff'


def test_codes_of_markers_and_attendance_are_those_of_the_contract():
    assert MARKER_CODES_WITHDRAWAL == ("silence", "minimal_response", "topic_shift", "sleepiness", "deference")
    assert MARKER_CODES_CONFRONTATION == ("complaint_therapist", "complaint_work", "sarcasm", "control")
    assert ATTENDANCE_CODES == ("attended", "cancelled_patient", "cancelled_therapist", "no_show")


def test_threshold_defaults_are_those_of_the_contract():
    expected = {
        "srs_cutoff": "36.0",
        "srs_item_cutoff": "9.0",
        "srs_drop": "1.0",
        "sustained_count": "3",
        "v_min_earlier": "4",
        "v_baseline_count": "3",
        "v_sd_multiplier": "2.0",
        "v_sd_floor": "1.0",
        "repair_fraction": "0.5",
        "repair_window": "3",
        "unrepaired_after": "3",
        "ceiling": "40.0",
        "ceiling_count": "3",
        "wai_low": "3.0",
        "wai_total_drop": "0.5",
        "wai_bond_drop": "0.75",
        "attendance_lookback": "3",
        "withdrawal_min": "2",
        "confrontation_min": "1",
        "rater_gap": "0.75",
    }
    for name, value in expected.items():
        assert getattr(DEFAULTS, name) == Decimal(value), name
        assert isinstance(getattr(DEFAULTS, name), Decimal), name


# --- The worked examples of docs/review-rules.md ("Worked examples"), every session ---


def test_worked_example_1_low_score_with_a_drop_is_high_risk():
    reviews = review_history(history("38", "37.5", "35"))
    assert [r.codes for r in reviews] == [(), (), ("srs_below_cutoff", "srs_drop")]
    assert [r.risk_level for r in reviews] == ["none", "none", "high"]
    assert evidence(reviews[2], "srs_drop")["drop"] == "2.5"


def test_worked_example_2_half_point_drop_fires_nothing():
    reviews = review_history(history("39", "39", "38.5"))
    assert [r.codes for r in reviews] == [(), (), ()]
    assert [r.risk_level for r in reviews] == ["none", "none", "none"]


def test_worked_example_3_one_low_item_is_low_risk():
    session = SessionFacts(1, "attended", items("10", "10", "10", "8"))
    [review] = review_history([session])
    assert review.codes == ("srs_item_low",)
    assert review.risk_level == "low"
    assert evidence(review, "srs_item_low")["low_items"] == {"overall": "8"}


def test_worked_example_4_v_shaped_rupture_then_repair():
    reviews = review_history(history("38", "38.5", "38", "38.5", "30", "38"))
    assert [r.codes for r in reviews] == [
        (),
        (),
        (),
        (),
        ("srs_below_cutoff", "srs_drop", "srs_v_rupture"),
        ("rupture_repaired",),
    ]
    assert [r.risk_level for r in reviews] == ["none", "none", "none", "none", "high", "none"]
    rupture = evidence(reviews[4], "srs_v_rupture")
    assert rupture["baseline"] == "38.5"
    assert rupture["sd"] == "0.289"
    assert Decimal(rupture["spread"]) == Decimal("1.0")
    assert rupture["deflection"] == "8.5"
    repaired = evidence(reviews[5], "rupture_repaired")
    assert repaired["rupture_session"] == 5
    assert Decimal(repaired["level"]) == Decimal("38.0")


def test_worked_example_5_second_patient_cancellation():
    reviews = review_history(history("x", "x"))
    assert [r.codes for r in reviews] == [(), ("attendance",)]
    assert [r.risk_level for r in reviews] == ["none", "medium"]


def test_worked_example_6_three_perfect_scores_are_a_ceiling():
    reviews = review_history(history("40", "40", "40"))
    assert [r.codes for r in reviews] == [(), (), ("srs_ceiling",)]
    assert [r.risk_level for r in reviews] == ["none", "none", "none"]


# --- srs_below_cutoff ---


def test_srs_below_cutoff_fires_just_below_36():
    assert srs_below_cutoff(Decimal("35.9"), DEFAULTS).evidence == {"total": "35.9", "cutoff": "36.0"}


def test_srs_below_cutoff_does_not_fire_at_exactly_36():
    assert srs_below_cutoff(Decimal("36.0"), DEFAULTS) is None


def test_srs_below_cutoff_does_not_fire_just_above_36():
    assert srs_below_cutoff(Decimal("36.1"), DEFAULTS) is None


# --- srs_item_low ---


def test_srs_item_low_fires_for_an_item_just_below_9():
    fired = srs_item_low(items("8.9", "9.5", "9.5", "9.5"), DEFAULTS)
    assert fired.evidence["low_items"] == {"relationship": "8.9"}
    assert fired.evidence["total"] == "37.4"


def test_srs_item_low_does_not_fire_for_an_item_at_exactly_9():
    assert srs_item_low(items("9.0", "9.5", "9.5", "9.5"), DEFAULTS) is None


def test_srs_item_low_does_not_fire_for_an_item_just_above_9():
    assert srs_item_low(items("9.1", "9.5", "9.5", "9.5"), DEFAULTS) is None


def test_srs_item_low_fires_at_a_total_of_exactly_36():
    fired = srs_item_low(items("8.9", "9.1", "9.0", "9.0"), DEFAULTS)
    assert fired.evidence["total"] == "36.0"


def test_srs_item_low_does_not_fire_below_a_total_of_36():
    assert srs_item_low(items("8.9", "9.0", "9.0", "9.0"), DEFAULTS) is None


def test_srs_item_low_fires_above_a_total_of_36_naming_every_low_item():
    fired = srs_item_low(items("10", "8.5", "10", "8.9"), DEFAULTS)
    assert fired.evidence["low_items"] == {"goals": "8.5", "overall": "8.9"}


# --- srs_drop ---


def test_srs_drop_fires_at_exactly_one_point():
    fired = srs_drop(series("37.5"), Decimal("36.5"), DEFAULTS)
    assert fired.evidence == {
        "previous_session": 1,
        "previous": "37.5",
        "current": "36.5",
        "drop": "1.0",
        "min_drop": "1.0",
    }


def test_srs_drop_does_not_fire_just_below_one_point():
    assert srs_drop(series("37.5"), Decimal("36.6"), DEFAULTS) is None


def test_srs_drop_fires_just_above_one_point():
    assert srs_drop(series("37.5"), Decimal("36.4"), DEFAULTS) is not None


def test_srs_drop_needs_a_previous_srs():
    assert srs_drop(series(), Decimal("20"), DEFAULTS) is None


def test_srs_drop_compares_with_the_nearest_earlier_srs_however_far_back():
    assert codes_by_session(history("38", "-", "x", "-", "37")) == [(), (), (), (), ("srs_drop",)]


# --- srs_sustained_low ---


def test_srs_sustained_low_fires_when_three_totals_are_just_below_36():
    fired = srs_sustained_low(series("35.9", "35.9"), Decimal("35.9"), DEFAULTS)
    assert fired.evidence["totals"] == ["35.9", "35.9", "35.9"]


def test_srs_sustained_low_does_not_fire_when_one_total_is_exactly_36():
    assert srs_sustained_low(series("35.9", "36.0"), Decimal("35.9"), DEFAULTS) is None


def test_srs_sustained_low_does_not_fire_when_one_total_is_just_above_36():
    assert srs_sustained_low(series("36.1", "35.9"), Decimal("35.9"), DEFAULTS) is None


def test_srs_sustained_low_needs_three_srs():
    assert srs_sustained_low(series("30"), Decimal("30"), DEFAULTS) is None


def test_srs_sustained_low_looks_at_the_last_three_only():
    assert srs_sustained_low(series("38", "30", "30"), Decimal("30"), DEFAULTS)


def test_srs_sustained_low_in_a_history_skips_sessions_without_srs():
    codes = codes_by_session(history("35", "x", "35", "-", "35"))
    assert "srs_sustained_low" in codes[4]


# --- srs_v_rupture ---


def test_sample_sd_of_the_series_equals_statistics_stdev():
    totals = ["38", "38.5", "12.3", "40", "27.1", "33.3"]
    expected = statistics.stdev([Decimal(t) for t in totals])
    assert series(*totals).sample_sd() == expected


def test_srs_v_rupture_fires_at_exactly_two_s_with_the_floor():
    fired = srs_v_rupture(series("38", "38", "38", "38"), Decimal("36.0"), DEFAULTS)
    assert fired.evidence["deflection"] == "2.0"
    assert Decimal(fired.evidence["min_deflection"]) == Decimal("2")


def test_srs_v_rupture_does_not_fire_just_below_two_s():
    assert srs_v_rupture(series("38", "38", "38", "38"), Decimal("36.1"), DEFAULTS) is None


def test_srs_v_rupture_fires_just_above_two_s():
    assert srs_v_rupture(series("38", "38", "38", "38"), Decimal("35.9"), DEFAULTS)


def test_srs_v_rupture_uses_the_sample_sd_of_all_earlier_totals_when_above_one():
    # Sample SD of 36.5, 39.5, 36.5, 39.5, 38 is exactly 1.5; B = median(36.5, 39.5, 38).
    earlier = series("36.5", "39.5", "36.5", "39.5", "38")
    assert earlier.sample_sd() == Decimal("1.5")
    fired = srs_v_rupture(earlier, Decimal("35.0"), DEFAULTS)
    assert fired.evidence["baseline"] == "38"
    assert Decimal(fired.evidence["min_deflection"]) == Decimal("3.0")
    assert srs_v_rupture(earlier, Decimal("35.1"), DEFAULTS) is None
    assert srs_v_rupture(earlier, Decimal("34.9"), DEFAULTS)


def test_srs_v_rupture_needs_four_earlier_srs():
    assert srs_v_rupture(series("38", "38", "38"), Decimal("20"), DEFAULTS) is None
    assert srs_v_rupture(series("38", "38", "38", "38"), Decimal("20"), DEFAULTS)
    assert srs_v_rupture(series("38", "38", "38", "38", "38"), Decimal("20"), DEFAULTS)


def test_srs_v_rupture_baseline_is_the_median_of_the_three_previous_totals():
    fired = srs_v_rupture(series("20", "38", "30", "39"), Decimal("20"), DEFAULTS)
    assert fired.evidence["baseline"] == "38"


# --- rupture_repaired ---

RUPTURE = ("38", "38.5", "38", "38.5", "30")  # srs_v_rupture at session 5: B 38.5, S 1.0


def test_rupture_repaired_fires_at_exactly_b_minus_half_s():
    assert "rupture_repaired" in last_codes(history(*RUPTURE, "38.0"))


def test_rupture_repaired_does_not_fire_just_below_b_minus_half_s():
    assert "rupture_repaired" not in last_codes(history(*RUPTURE, "37.9"))


def test_rupture_repaired_fires_just_above_b_minus_half_s():
    assert "rupture_repaired" in last_codes(history(*RUPTURE, "38.1"))


def test_rupture_repaired_fires_up_to_the_third_srs_after_the_rupture():
    codes = codes_by_session(history(*RUPTURE, "35", "35", "38"))
    assert codes[7] == ("rupture_repaired",)


def test_rupture_repaired_does_not_fire_at_the_fourth_srs_after_the_rupture():
    codes = codes_by_session(history(*RUPTURE, "35", "35", "35", "38"))
    assert "rupture_repaired" not in codes[8]


def test_rupture_repaired_counts_srs_sessions_not_session_numbers():
    codes = codes_by_session(history(*RUPTURE, "35", "x", "-", "35", "-", "38"))
    assert codes[10] == ("rupture_repaired",)


def test_rupture_repaired_fires_once_per_rupture():
    codes = codes_by_session(history(*RUPTURE, "38", "38.5"))
    assert codes[5] == ("rupture_repaired",)
    assert codes[6] == ()


# --- rupture_unrepaired ---


def test_rupture_unrepaired_fires_at_the_third_srs_after_the_rupture():
    reviews = review_history(history(*RUPTURE, "35", "35", "35"))
    assert "rupture_unrepaired" in reviews[7].codes
    assert evidence(reviews[7], "rupture_unrepaired")["rupture_session"] == 5
    assert reviews[7].risk_level == "high"


def test_rupture_unrepaired_does_not_fire_at_the_second_srs_after_the_rupture():
    codes = codes_by_session(history(*RUPTURE, "35", "35"))
    assert "rupture_unrepaired" not in codes[6]


def test_rupture_unrepaired_does_not_fire_at_the_fourth_srs_after_the_rupture():
    codes = codes_by_session(history(*RUPTURE, "35", "35", "35", "35"))
    assert [("rupture_unrepaired" in c) for c in codes[5:]] == [False, False, True, False]


def test_rupture_unrepaired_does_not_fire_after_a_repair_in_between():
    codes = codes_by_session(history(*RUPTURE, "38", "35", "35"))
    assert codes[5] == ("rupture_repaired",)
    assert "rupture_unrepaired" not in codes[7]


def test_rupture_unrepaired_does_not_fire_when_repaired_now():
    codes = codes_by_session(history(*RUPTURE, "35", "35", "38"))
    assert codes[7] == ("rupture_repaired",)


def test_rupture_unrepaired_counts_srs_sessions_not_session_numbers():
    codes = codes_by_session(history(*RUPTURE, "35", "-", "x", "35", "35"))
    assert [("rupture_unrepaired" in c) for c in codes[5:]] == [False] * 4 + [True]


# --- srs_ceiling ---


def test_srs_ceiling_fires_at_the_third_perfect_score():
    assert srs_ceiling(series("40", "40"), Decimal("40.0"), DEFAULTS).evidence == {"totals": ["40", "40", "40.0"]}


def test_srs_ceiling_does_not_fire_after_two_perfect_scores():
    assert srs_ceiling(series("40"), Decimal("40"), DEFAULTS) is None


def test_srs_ceiling_fires_after_more_than_three_perfect_scores():
    assert srs_ceiling(series("40", "40", "40"), Decimal("40"), DEFAULTS)


def test_srs_ceiling_does_not_fire_just_below_40():
    assert srs_ceiling(series("40", "40"), Decimal("39.9"), DEFAULTS) is None
    assert srs_ceiling(series("39.9", "40"), Decimal("40"), DEFAULTS) is None


# --- wai_low ---


def test_wai_low_fires_for_a_subscale_just_below_3():
    fired = wai_low(with_wai(1, wai("3.50", "2.99", "2.75", "3.08")), DEFAULTS)
    assert fired.evidence == {"low_subscales": {"bond": "2.99", "goal": "2.75"}, "cutoff": "3.0"}


def test_wai_low_does_not_fire_for_a_subscale_at_exactly_3():
    assert wai_low(with_wai(1, wai("3.00", "4.00", "4.00", "3.67")), DEFAULTS) is None


def test_wai_low_does_not_fire_for_a_subscale_just_above_3():
    assert wai_low(with_wai(1, wai("3.01", "4.00", "4.00", "3.67")), DEFAULTS) is None


def test_wai_low_ignores_a_response_with_a_missing_subscale():
    assert wai_low(with_wai(1, wai("1.00", None, "1.00", None)), DEFAULTS) is None


def test_wai_low_ignores_the_therapist_rating():
    session = with_wai(1, therapist=wai("1.00", "1.00", "1.00", "1.00"))
    assert wai_low(session, DEFAULTS) is None


# --- wai_drop ---


def wai_total(total: str, bond: str = "4.00", version: str = "wai-sr-1") -> WaiSnapshot:
    return wai("4.00", bond, "4.00", total, version)


def test_wai_drop_fires_at_a_total_drop_of_exactly_half_a_point():
    fired = wai_drop(with_wai(1, wai_total("4.00")), with_wai(2, wai_total("3.50")), DEFAULTS)
    assert fired.evidence["total_drop"] == "0.50"
    assert fired.evidence["previous_session"] == 1


def test_wai_drop_does_not_fire_at_a_total_drop_just_below_half_a_point():
    current = with_wai(2, wai_total("3.51"))
    assert wai_drop(with_wai(1, wai_total("4.00")), current, DEFAULTS) is None


def test_wai_drop_fires_at_a_total_drop_just_above_half_a_point():
    current = with_wai(2, wai_total("3.49"))
    assert wai_drop(with_wai(1, wai_total("4.00")), current, DEFAULTS)


def test_wai_drop_fires_at_a_bond_drop_of_exactly_three_quarters():
    previous = with_wai(1, wai_total("4.00", bond="4.00"))
    fired = wai_drop(previous, with_wai(2, wai_total("4.00", bond="3.25")), DEFAULTS)
    assert fired.evidence["bond_drop"] == "0.75"


def test_wai_drop_does_not_fire_at_a_bond_drop_just_below_three_quarters():
    previous = with_wai(1, wai_total("4.00", bond="4.00"))
    current = with_wai(2, wai_total("4.00", bond="3.26"))
    assert wai_drop(previous, current, DEFAULTS) is None


def test_wai_drop_fires_at_a_bond_drop_just_above_three_quarters():
    previous = with_wai(1, wai_total("4.00", bond="4.00"))
    current = with_wai(2, wai_total("4.00", bond="3.24"))
    assert wai_drop(previous, current, DEFAULTS)


def test_wai_drop_needs_a_previous_response():
    assert wai_drop(None, with_wai(2, wai_total("1.00")), DEFAULTS) is None


def test_wai_drop_compares_with_the_last_complete_response_of_the_same_version():
    sessions = [
        with_wai(1, wai_total("4.00")),
        with_wai(2, wai("1.00", None, "1.00", None)),  # missing subscale: ignored
        SessionFacts(3, "attended"),
        with_wai(4, wai_total("3.50")),
    ]
    reviews = review_history(sessions)
    assert [r.codes for r in reviews] == [(), (), (), ("wai_drop",)]
    assert evidence(reviews[3], "wai_drop")["previous_session"] == 1


# --- rater_gap ---


def test_rater_gap_fires_at_exactly_three_quarters():
    session = with_wai(1, wai_total("3.25"), wai_total("4.00"))
    assert rater_gap(session, DEFAULTS).evidence["gap"] == "0.75"


def test_rater_gap_does_not_fire_just_below_three_quarters():
    assert rater_gap(with_wai(1, wai_total("3.26"), wai_total("4.00")), DEFAULTS) is None


def test_rater_gap_fires_just_above_three_quarters():
    assert rater_gap(with_wai(1, wai_total("3.24"), wai_total("4.00")), DEFAULTS)


def test_rater_gap_does_not_fire_when_the_patient_rates_higher():
    assert rater_gap(with_wai(1, wai_total("4.00"), wai_total("3.00")), DEFAULTS) is None


def test_rater_gap_needs_both_ratings_complete():
    assert rater_gap(with_wai(1, None, wai_total("4.00")), DEFAULTS) is None
    incomplete = wai("1.00", None, "1.00", None)
    assert rater_gap(with_wai(1, incomplete, wai_total("4.00")), DEFAULTS) is None


# --- attendance ---


def test_attendance_fires_for_a_miss_three_sessions_before():
    fired = last_codes(history("x", "38", "38", "x"))
    assert fired == ("attendance",)


def test_attendance_fires_for_a_miss_two_sessions_before():
    assert last_codes(history("x", "38", "x")) == ("attendance",)


def test_attendance_does_not_fire_for_a_miss_four_sessions_before():
    assert last_codes(history("x", "38", "38", "38", "x")) == ()


def test_attendance_counts_no_shows_and_patient_cancellations_alike():
    earlier = [SessionFacts(1, "no_show")]
    fired = attendance(earlier, SessionFacts(2, "cancelled_patient"), DEFAULTS)
    assert fired.evidence == {"current": "cancelled_patient", "earlier": [{"session": 1, "attendance": "no_show"}]}


def test_attendance_ignores_therapist_cancellations():
    earlier = [SessionFacts(1, "cancelled_therapist")]
    assert attendance(earlier, SessionFacts(2, "no_show"), DEFAULTS) is None
    earlier = [SessionFacts(1, "no_show")]
    assert attendance(earlier, SessionFacts(2, "cancelled_therapist"), DEFAULTS) is None


def test_attendance_does_not_fire_for_an_attended_session():
    earlier = [SessionFacts(1, "no_show"), SessionFacts(2, "no_show")]
    assert attendance(earlier, SessionFacts(3, "attended"), DEFAULTS) is None


# --- markers ---


def marked(*codes: str, repaired: bool | None = None) -> SessionFacts:
    return SessionFacts(1, "attended", markers=frozenset(codes), checklist_repaired=repaired)


def test_markers_withdrawal_does_not_fire_for_one_marker():
    assert markers_withdrawal(marked("silence"), DEFAULTS) is None


def test_markers_withdrawal_fires_for_two_markers():
    fired = markers_withdrawal(marked("silence", "deference"), DEFAULTS)
    assert fired.evidence == {"markers": ["deference", "silence"], "minimum": 2}


def test_markers_withdrawal_fires_for_three_markers():
    assert markers_withdrawal(marked("silence", "deference", "sleepiness"), DEFAULTS)


def test_markers_withdrawal_ignores_confrontation_markers():
    assert markers_withdrawal(marked("silence", "sarcasm"), DEFAULTS) is None


def test_markers_confrontation_does_not_fire_without_markers():
    assert markers_confrontation(marked("silence", "deference"), DEFAULTS) is None


def test_markers_confrontation_fires_for_one_marker():
    fired = markers_confrontation(marked("sarcasm"), DEFAULTS)
    assert fired.evidence == {"markers": ["sarcasm"], "minimum": 1}


def test_markers_confrontation_fires_for_two_markers():
    assert markers_confrontation(marked("sarcasm", "control"), DEFAULTS)


def test_unknown_marker_codes_are_rejected():
    with pytest.raises(ValueError, match="Unknown marker codes: yawning"):
        marked("yawning")


def test_unknown_attendance_is_rejected():
    with pytest.raises(ValueError, match="Unknown attendance"):
        SessionFacts(1, "late")


# --- unrepaired_in_session ---


def low_srs_unrepaired(total: str, repaired: bool | None = False) -> SessionFacts:
    return SessionFacts(1, "attended", even_items(total), checklist_repaired=repaired)


def test_unrepaired_in_session_fires_with_an_srs_just_below_36():
    [review] = review_history([low_srs_unrepaired("35.9")])
    assert review.codes == ("srs_below_cutoff", "unrepaired_in_session")
    assert evidence(review, "unrepaired_in_session") == {"markers": [], "srs_rules": ["srs_below_cutoff"]}
    assert review.risk_level == "high"


def test_unrepaired_in_session_does_not_fire_with_an_srs_of_exactly_36():
    assert review_history([low_srs_unrepaired("36.0")])[0].codes == ()


def test_unrepaired_in_session_does_not_fire_with_an_srs_just_above_36():
    assert review_history([low_srs_unrepaired("36.1")])[0].codes == ()


def test_unrepaired_in_session_fires_with_an_srs_drop():
    sessions = history("39")
    sessions.append(SessionFacts(2, "attended", even_items("38"), checklist_repaired=False))
    assert last_codes(sessions) == ("srs_drop", "unrepaired_in_session")


def test_unrepaired_in_session_fires_with_a_single_marker():
    [review] = review_history([marked("silence", repaired=False)])
    assert review.codes == ("unrepaired_in_session",)


def test_unrepaired_in_session_needs_item_4_answered_no():
    assert review_history([marked("silence", repaired=True)])[0].codes == ()
    assert review_history([marked("silence", repaired=None)])[0].codes == ()
    assert review_history([low_srs_unrepaired("30", repaired=None)])[0].codes == ("srs_below_cutoff",)


def test_unrepaired_in_session_needs_something_to_repair():
    assert review_history([marked(repaired=False)])[0].codes == ()


# --- Risk level ---


def fired(*codes: str) -> list[Fired]:
    return [Fired(code, RULES[code][0], {}) for code in codes]


def test_risk_level_is_none_when_nothing_fires():
    assert risk_level([]) == "none"


def test_risk_level_counts_info_as_none():
    assert risk_level(fired("srs_ceiling", "rupture_repaired")) == "none"


def test_risk_level_is_the_highest_severity():
    assert risk_level(fired("srs_item_low")) == "low"
    assert risk_level(fired("srs_item_low", "attendance")) == "medium"
    assert risk_level(fired("rater_gap", "srs_sustained_low")) == "high"


def test_risk_level_is_high_when_two_listed_rules_fire_together():
    assert risk_level(fired("wai_low", "srs_below_cutoff")) == "high"
    assert risk_level(fired("wai_drop", "srs_drop")) == "high"


def test_risk_level_is_not_raised_by_two_unlisted_medium_rules():
    assert risk_level(fired("attendance", "markers_withdrawal")) == "medium"
    assert risk_level(fired("wai_low", "markers_withdrawal")) == "medium"


# --- Version separation ---


def test_srs_of_another_version_is_not_a_previous_srs():
    sessions = [
        SessionFacts(1, "attended", even_items("39")),
        SessionFacts(2, "attended", even_items("37"), srs_version="srs-2"),
    ]
    assert codes_by_session(sessions) == [(), ()]


def test_srs_series_of_one_version_continues_across_another():
    sessions = [
        SessionFacts(1, "attended", even_items("39")),
        SessionFacts(2, "attended", even_items("37"), srs_version="srs-2"),
        SessionFacts(3, "attended", even_items("38")),
    ]
    reviews = review_history(sessions)
    assert reviews[2].codes == ("srs_drop",)
    assert evidence(reviews[2], "srs_drop")["previous_session"] == 1


def test_srs_v_rupture_does_not_mix_versions():
    sessions = history("38", "38", "38", "38")
    sessions.append(SessionFacts(5, "attended", even_items("36.5"), srs_version="srs-2"))
    assert last_codes(sessions) == ()


def test_wai_drop_does_not_compare_across_versions():
    sessions = [with_wai(1, wai_total("4.50", version="wai-sr-1")), with_wai(2, wai_total("3.50", version="wai-sr-2"))]
    assert codes_by_session(sessions) == [(), ()]


def test_rater_gap_does_not_compare_across_versions():
    session = with_wai(1, wai_total("3.00"), wai_total("4.00", version="wai-sr-2"))
    assert rater_gap(session, DEFAULTS) is None


# --- Thresholds ---


def test_thresholds_from_mapping_override_changes_an_outcome():
    sessions = history("36.5")
    assert last_codes(sessions) == ()
    thresholds = Thresholds.from_mapping({"srs_cutoff": "37"})
    assert last_codes(sessions, thresholds) == ("srs_below_cutoff",)


def test_thresholds_from_mapping_converts_numbers_to_decimal():
    thresholds = Thresholds.from_mapping({"srs_drop": 0.5, "withdrawal_min": 1})
    assert thresholds.srs_drop == Decimal("0.5")
    assert thresholds.withdrawal_min == Decimal("1")
    assert thresholds.srs_cutoff == Decimal("36.0")
    assert last_codes(history("39", "38.5"), thresholds) == ("srs_drop",)


def test_thresholds_from_mapping_overrides_counts():
    thresholds = Thresholds.from_mapping({"attendance_lookback": 4, "sustained_count": 2})
    assert last_codes(history("x", "38", "38", "38", "x"), thresholds) == ("attendance",)
    assert "srs_sustained_low" in last_codes(history("35", "35"), thresholds)


def test_thresholds_from_mapping_rejects_unknown_keys():
    with pytest.raises(ValueError, match="Unknown review thresholds: srs_cutof"):
        Thresholds.from_mapping({"srs_cutof": 37})


def test_thresholds_from_mapping_rejects_a_value_that_is_not_a_number():
    with pytest.raises(ValueError, match="srs_cutoff is not a number"):
        Thresholds.from_mapping({"srs_cutoff": "high"})


def test_thresholds_reject_a_count_that_is_not_a_whole_number():
    with pytest.raises(ValueError, match="sustained_count must be a whole number"):
        Thresholds.from_mapping({"sustained_count": "2.5"})


def test_thresholds_reject_too_few_earlier_srs_for_an_sd():
    with pytest.raises(ValueError, match="v_min_earlier"):
        Thresholds.from_mapping({"v_min_earlier": 1, "v_baseline_count": 1})


# --- The pass over a history ---


def mixed_history() -> list[SessionFacts]:
    sessions = history(*RUPTURE, "35", "x", "-", "35", "x", "35", "40", "40", "40")
    sessions[1] = SessionFacts(
        2, "attended", even_items("38.5"), wai_patient=wai_total("4.00"), wai_therapist=wai_total("4.00")
    )
    sessions[6] = SessionFacts(
        7,
        "cancelled_patient",
        wai_patient=wai("2.50", "3.00", "3.00", "2.83"),
        wai_therapist=wai_total("4.00"),
        markers=frozenset({"silence", "deference", "sarcasm"}),
        checklist_repaired=False,
    )
    return sessions


def test_review_session_equals_the_review_of_the_history_up_to_it():
    sessions = mixed_history()
    reviews = review_history(sessions)
    assert [review_session(sessions, i) for i in range(len(sessions))] == reviews


def test_review_of_a_session_ignores_later_sessions():
    sessions = mixed_history()
    assert review_history(sessions)[5] == review_history(sessions[:6])[5]


def test_review_session_rejects_an_index_outside_the_history():
    with pytest.raises(IndexError):
        review_session(history("38"), 1)


def test_every_rule_fires_with_json_serialisable_evidence():
    histories = [mixed_history(), history(*RUPTURE, "38"), [SessionFacts(1, "attended", items("10", "10", "10", "8"))]]
    reviews = [review for h in histories for review in review_history(h)]
    fired = [f for review in reviews for f in review.fired]
    assert {f.code for f in fired} == set(RULES)
    assert json.loads(json.dumps([f.evidence for f in fired]))


def test_review_history_sorts_fired_rules_by_code():
    for review in review_history(mixed_history()):
        assert list(review.codes) == sorted(review.codes)


def test_review_history_rejects_sessions_out_of_order():
    sessions = history("38", "38")
    with pytest.raises(ValueError, match="sorted by session number"):
        review_history([sessions[1], sessions[0]])


def test_wai_snapshot_from_scores_keeps_the_version():
    scores = WaiScores(Decimal("4.00"), Decimal("3.50"), Decimal("2.75"), Decimal("3.42"))
    snapshot = WaiSnapshot.from_scores(scores, version="wai-sr-2")
    assert snapshot == wai("4.00", "3.50", "2.75", "3.42", version="wai-sr-2")
