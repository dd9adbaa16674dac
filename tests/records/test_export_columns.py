"""The sessions CSV carries each session's risk level and the rules fired (docs/review-rules.md, "Export")."""

from patients.models import Patient
from records.csv_export import sessions_export_rows
from review.tasks import review_patient
from tests.review.helpers import patient_with_history


def export(patient):
    header, *rows = sessions_export_rows(Patient.objects.filter(pk=patient.pk))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_risk_level_and_rules_fired_come_from_the_review(world):
    patient, _ = patient_with_history(world, "38", "37.5", "35", "x", code="E-001")
    review_patient(patient.pk)
    rows = export(patient)
    assert [(r["risk_level"], r["rules_fired"]) for r in rows] == [
        ("none", ""),
        ("none", ""),
        ("high", "srs_below_cutoff;srs_drop"),
        ("none", ""),
    ]


def test_a_session_not_reviewed_yet_has_empty_review_columns(world):
    patient, _ = patient_with_history(world, "35", code="E-002")
    assert [(r["risk_level"], r["rules_fired"]) for r in export(patient)] == [("", "")]


def test_the_export_costs_the_same_queries_whatever_the_sessions(world, django_assert_num_queries):
    patient, _ = patient_with_history(world, "38", code="E-003")
    review_patient(patient.pk)
    with django_assert_num_queries(4):
        export(patient)
    patient_with_history(world, "30", "x", "x", "39", "20", code="E-003-b")
    for p in Patient.objects.filter(code__startswith="E-003"):
        review_patient(p.pk)
    with django_assert_num_queries(4):
        sessions_export_rows(Patient.objects.filter(code__startswith="E-003"))
