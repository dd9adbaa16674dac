import datetime

import pytest
from django.db import IntegrityError, transaction

from sessions.models import CHECKLIST_FIELDS, CHECKLIST_ITEMS, MARKER_FIELDS, MARKERS, TherapySession


def create(world, **fields):
    values = {
        "patient": world.patient_a,
        "therapist": world.therapist_a,
        "number": 9,
        "date": datetime.date(2026, 1, 1),
        "attendance": "attended",
    } | fields
    with transaction.atomic():
        return TherapySession.objects.create(**values)


@pytest.mark.parametrize(
    "fields",
    [
        {"number": 1},
        {"number": 0},
        {"attendance": "late"},
        {"modality": "boat"},
        {"duration_minutes": 0},
        {"duration_minutes": 900},
        {"attendance": "no_show", "marker_silence": True},
    ],
    ids=["duplicate number", "number zero", "attendance", "modality", "duration 0", "duration 900", "markers absent"],
)
def test_the_database_rejects_an_invalid_session(world, fields):
    with pytest.raises(IntegrityError):
        create(world, **fields)


def test_markers_and_checklist_read_back_as_codes_and_answers(world):
    session = create(world, marker_silence=True, marker_sarcasm=True, checklist_1=True, checklist_4=False)
    assert session.markers == ["silence", "sarcasm"]
    assert session.checklist == (True, None, None, False, None)


def test_the_marker_and_checklist_columns_are_the_ones_listed_once():
    columns = [field.name for field in TherapySession._meta.concrete_fields]
    assert [name for name in columns if name.startswith("marker_")] == list(MARKER_FIELDS.values())
    assert [name for name in columns if name.startswith("checklist_")] == list(CHECKLIST_FIELDS.values())
    assert list(MARKER_FIELDS) == list(MARKERS) and list(CHECKLIST_FIELDS) == list(CHECKLIST_ITEMS)
    for name, label in zip(CHECKLIST_FIELDS.values(), CHECKLIST_ITEMS.values(), strict=True):
        assert TherapySession._meta.get_field(name).verbose_name == label
