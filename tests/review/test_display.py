"""A flag as a clinician reads it: every rule's text is complete, numbers are localised, sources match."""

from django.utils import translation

from review.display import explanation_for, repair_for
from review.models import Flag, SessionReview
from review.rules import RULES
from review.tasks import review_patient
from review.texts import EXPLANATIONS, REPAIRS, RULE_TITLES, SOURCES

from .helpers import patient_with_history, session_add, srs_submit, wai_submit


def test_every_rule_has_a_title_an_explanation_a_source_and_a_repair():
    assert set(RULE_TITLES) == set(EXPLANATIONS) == set(SOURCES) == set(REPAIRS) == set(RULES)


def test_the_english_sources_are_those_of_the_rules():
    with translation.override("en"):
        assert {code: str(text) for code, text in SOURCES.items()} == {code: rule[1] for code, rule in RULES.items()}


def test_every_rule_that_fires_explains_itself_with_its_numbers(world):
    patient, sessions = patient_with_history(world, "38", "38.5", "38", "38.5", "30", "30.5", "31", "31.5", "x", "x")
    extra = session_add(
        patient, world.therapist_a, "-", marker_silence=True, marker_topic_shift=True, marker_sarcasm=True
    )
    srs_submit(extra, ["10", "10", "10", "8"])
    session_add(patient, world.therapist_a, "-", checklist_4=False, marker_control=True)
    wai_submit(sessions[0], [4] * 12)
    wai_submit(sessions[1], [2] * 12)
    wai_submit(sessions[1], [4] * 12, respondent="therapist")
    ceiling, _ = patient_with_history(world, "40", "40", "40", code="H-002")
    review_patient(patient.pk)
    review_patient(ceiling.pk)
    # Info rules make notes, not flags: the rules fired of the reviews carry every code with its evidence.
    fired = [rule for review in SessionReview.objects.all() for rule in review.rules_fired]
    assert {rule["code"] for rule in fired} >= set(RULES) - {"rupture_repaired"}
    notes = {"srs_ceiling", "rupture_repaired"}
    assert {flag.code for flag in Flag.objects.all()} == {rule["code"] for rule in fired} - notes
    for rule in fired:
        text = explanation_for(rule["code"], rule["evidence"])
        assert text.endswith(".") and "%(" not in text, (rule["code"], text)  # not the fallback
        assert repair_for(rule["code"], rule["evidence"]), rule["code"]


def test_numbers_and_markers_are_in_the_readers_language():
    evidence = {"total": "35.0", "cutoff": "36.0"}
    with translation.override("es"):
        assert "35,0" in explanation_for("srs_below_cutoff", evidence)
    with translation.override("en"):
        assert explanation_for("markers_withdrawal", {"markers": ["silence", "topic_shift"], "minimum": 2}) == (
            "Withdrawal markers were observed: Long silences, Topic shifts."
        )
        assert "session 3 (No-show)" in explanation_for(
            "attendance", {"current": "cancelled_patient", "earlier": [{"session": 3, "attendance": "no_show"}]}
        )


def test_low_bond_and_low_goal_get_their_own_repair_steps():
    bond = repair_for("wai_low", {"low_subscales": {"bond": "2.50"}, "cutoff": "3.0"})
    goal = repair_for("wai_low", {"low_subscales": {"goal": "2.50"}, "cutoff": "3.0"})
    both = repair_for("wai_low", {"low_subscales": {"bond": "2.50", "task": "2.75"}, "cutoff": "3.0"})
    assert bond[0].startswith("Slow down") and len(bond) == 1
    assert goal[0].startswith("Co-create goals") and len(goal) == 1
    assert len(both) == 2


def test_evidence_from_an_older_rule_still_shows_its_numbers():
    assert explanation_for("srs_drop", {"previous": "38.0"}) == "previous: 38.0"
