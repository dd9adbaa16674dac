"""An imported history with no clinician action has at most one flag per rule (docs/review-rules.md)."""

from collections import Counter

from patients.models import Patient
from records.csv_import import sessions_import
from review.models import Flag
from review.tasks import review_patient

from .csv_helpers import csv_text, session_rows


def test_an_imported_patient_has_at_most_one_flag_per_rule(world):
    rows = session_rows("N-9", count=6, srs_goals="5.0", markers="sarcasm")
    sessions_import(text=csv_text(*rows), importer=world.therapist_a, therapist=world.therapist_a)
    patient = Patient.objects.get(code="N-9")
    review_patient(patient.pk)
    per_rule = Counter(Flag.objects.filter(patient=patient).values_list("code", flat=True))
    assert per_rule["srs_below_cutoff"] == per_rule["markers_confrontation"] == 1
    assert set(per_rule.values()) == {1}
    assert Flag.objects.get(patient=patient, code="srs_below_cutoff").firings.count() == 6
