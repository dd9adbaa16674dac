"""Each instrument is defined once, consistent with its scoring, with our labels in both languages."""

from decimal import Decimal

from measures import scoring
from measures.instruments import INSTRUMENTS, SRS, WAI_SR, WAI_SR_THERAPIST, our_labels, wai_instrument_for


def test_the_srs_has_four_items_from_0_to_10_to_one_decimal():
    assert [item.code for item in SRS.items] == list(scoring.SRS_ITEMS)
    assert {(item.minimum, item.maximum, item.decimals) for item in SRS.items} == {(Decimal("0.0"), Decimal("10.0"), 1)}
    assert SRS.score([Decimal("10")] * 4) == Decimal("40.0")


def test_the_wai_sr_has_twelve_items_from_1_to_5_and_the_published_subscale_key():
    for instrument in (WAI_SR, WAI_SR_THERAPIST):
        assert [item.number for item in instrument.items] == list(range(1, 13))
        assert {(item.minimum, item.maximum, item.decimals) for item in instrument.items} == {(1, 5, 0)}
        assert instrument.subscales == {"task": (1, 2, 10, 12), "bond": (3, 5, 7, 9), "goal": (4, 6, 8, 11)}
        assert instrument.score is scoring.wai_scores


def test_our_wai_labels_name_the_subscale_of_each_item():
    subscale_of = {n: name for name, numbers in WAI_SR.subscales.items() for n in numbers}
    for item in WAI_SR.items:
        assert item.labels["en"].lower().startswith(subscale_of[item.number])


def test_each_instrument_has_its_own_version_and_names_its_source_and_licence_holder():
    assert {i.code: i.version for i in INSTRUMENTS.values()} == {
        "srs": "srs-1",
        "wai-sr": "wai-sr-1",
        "wai-sr-therapist": "wai-sr-therapist-1",
    }
    assert "Duncan" in SRS.source and "ICCE" in SRS.licence_holder and "Better Outcomes Now" in SRS.licence_holder
    assert "Hatcher" in WAI_SR.source and WAI_SR.licence_holder == "Society for Psychotherapy Research"


def test_the_therapist_rated_wai_sr_belongs_to_the_therapist():
    assert wai_instrument_for("patient") is WAI_SR
    assert wai_instrument_for("therapist") is WAI_SR_THERAPIST
    assert (WAI_SR.respondent, WAI_SR_THERAPIST.respondent) == ("patient", "therapist")


def test_every_item_has_our_label_in_spanish_and_english():
    for instrument in INSTRUMENTS.values():
        for language in ("es", "en"):
            texts = our_labels(instrument, language).texts
            assert len(texts) == instrument.item_count
            assert all(text.strip() for text in texts)
            assert len(set(texts)) == len(texts)


def test_our_labels_fall_back_to_spanish_for_an_unknown_language():
    assert our_labels(SRS, "fr").language == "es"
