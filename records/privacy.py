"""A clinic admin's privacy tools for one patient: export everything, erase everything.

Both are confirmed, recorded in the audit log, and reachable only by a clinic
admin of the patient's clinic.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from measures.models import SrsResponse, WaiResponse
from patients.models import Patient
from patients.selectors import patient_for_user
from review.models import Flag, FlagFiring, PatientChecklistReview, SessionReview
from review.services.recompute import therapist_checklists_review
from review.summaries import weekly_stats_store
from sessions.models import TherapySession

EXCLUDED = {"submission_key"}  # a form's idempotency key says nothing about the patient


def patient_for_admin(user: User, pk: int) -> Patient:
    """The patient, for a clinic admin of their clinic; 404 for anyone else."""
    if not user.is_authenticated or not user.is_clinic_admin:
        raise Http404
    return patient_for_user(user, pk)


def _rows(queryset) -> list[dict]:
    return [{k: v for k, v in model_to_dict(row).items() if k not in EXCLUDED} | {"id": row.pk} for row in queryset]


def patient_export_data(patient: Patient) -> dict:
    """Everything Alliance stores about one patient, as plain data."""
    sessions = TherapySession.objects.filter(patient=patient).order_by("number")
    data = {
        "exported_at": timezone.now(),
        "patient": model_to_dict(patient) | {"id": patient.pk, "clinic": patient.clinic.name},
        "sessions": _rows(sessions),
        "srs_responses": _rows(SrsResponse.objects.filter(session__patient=patient).order_by("session__number")),
        "wai_responses": _rows(
            WaiResponse.objects.filter(session__patient=patient).order_by("session__number", "instrument")
        ),
        "session_reviews": _rows(SessionReview.objects.filter(session__patient=patient).order_by("session__number")),
        "flags": _rows(Flag.objects.filter(session__patient=patient).order_by("session__number", "code")),
        "flag_firings": _rows(FlagFiring.objects.filter(session__patient=patient).order_by("session__number", "code")),
        "checklist_review": _rows(PatientChecklistReview.objects.filter(patient=patient)),
    }
    audit_record(action="export", object_type="patient_everything", object_id=patient.pk, patient_id=patient.pk)
    return data


def patient_export_json(patient: Patient) -> str:
    return json.dumps(patient_export_data(patient), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@transaction.atomic
def patient_erase(*, patient: Patient, by: User) -> dict[str, int]:
    """Delete the patient and everything about them; the audit log keeps only that it happened."""
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    counts = {
        "sessions": TherapySession.objects.filter(patient=patient).count(),
        "srs_responses": SrsResponse.objects.filter(session__patient=patient).count(),
        "wai_responses": WaiResponse.objects.filter(session__patient=patient).count(),
        "flags": Flag.objects.filter(session__patient=patient).count(),
    }
    patient_id = patient.pk
    sessions = list(TherapySession.objects.filter(patient=patient).only("therapist_id", "date"))
    patient.delete()
    # The erased sessions leave the weekly figures and the therapists' checklist reviews.
    weekly_stats_store(sessions, timezone.now())
    therapist_checklists_review(therapist_ids=sorted({s.therapist_id for s in sessions}))
    audit_record(
        action="erase", object_type="patient", object_id=patient_id, patient_id=patient_id, detail=counts, user=by
    )
    return counts
