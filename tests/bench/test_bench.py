"""The parts of `make bench` that could go wrong without a crash: the synthetic clinic, the page table, the floor.

The bench itself (python -m bench) is not run here: its figures are measured, never asserted.
"""

import random

import pytest
from django.db import connection
from django.urls import Resolver404, resolve

from bench import clinic, databases, pages
from bench.floor import floor
from bench.pages import PAGES
from review.models import Flag, PatientStatus, SessionReview
from sessions.models import TherapySession


def test_the_default_clinic_has_the_size_of_the_issue_and_the_small_one_a_tenth():
    size = clinic.ClinicSize(patients=3000, sessions=60000)
    small = size.smaller(10)
    assert (size.therapists, size.supervisors) == (100, 10)
    assert (small.patients, small.sessions, small.therapists, small.supervisors) == (300, 6000, 10, 1)


def test_session_counts_add_up_with_the_long_history_first():
    counts = clinic.session_counts(random.Random(1), clinic.ClinicSize(patients=300, sessions=6000))
    assert len(counts) == 300 and sum(counts) == 6000
    assert counts[0] == 100 and min(counts) >= 1


def test_session_counts_are_the_same_for_the_same_seed():
    size = clinic.ClinicSize(patients=50, sessions=900)
    assert clinic.session_counts(random.Random(7), size) == clinic.session_counts(random.Random(7), size)


@pytest.mark.postgres("the bench writes with PostgreSQL's COPY")
@pytest.mark.django_db(transaction=True)
def test_the_clinic_is_built_in_bulk_and_reviewed_as_the_worker_would():
    clinic.clinic_build(clinic.ClinicSize(patients=12, sessions=240, patients_per_therapist=4), seed=1)
    cast = clinic.Cast.find()
    assert cast.long_patient.sessions.count() == 100
    assert cast.long_patient.primary_therapist == cast.therapist
    supervised = set(cast.supervisor.supervisions_given.values_list("therapist__username", flat=True))
    assert supervised == {"therapist001", "therapist002", "therapist003"}
    assert TherapySession.objects.count() == SessionReview.objects.count() == 240
    assert PatientStatus.objects.count() == 12
    assert Flag.objects.exists()


@pytest.mark.parametrize(("name", "path", "who"), PAGES)
def test_every_page_the_bench_times_exists(name, path, who):
    resolve(path.format(patient=1))
    assert who in clinic.Cast.__dataclass_fields__


def test_a_page_the_urlconf_does_not_know_is_reported_missing_not_timed():
    target = pages._Target("default", "a page to come", port=1, path="/dashboard/not-yet/", cookie="")
    assert not pages._first(target)
    assert target.status == "missing"


def test_the_floor_is_routed_by_the_bench_entry_point_only():
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")
    assert resolve("/bench/floor/", urlconf="bench.urls").func is floor


@pytest.mark.postgres("the floor's table is PostgreSQL's SQL, as the bench runs on PostgreSQL")
@pytest.mark.django_db
def test_the_floor_inserts_one_row(client, settings):
    settings.ROOT_URLCONF = "bench.urls"
    with connection.cursor() as cursor:
        cursor.execute(databases.FLOOR_TABLE_SQL)
    response = client.post("/bench/floor/", {"payload": "srs"})
    assert response.status_code == 200 and response.json() == {"stored": True}
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM bench_floor")
        assert cursor.fetchall() == [("srs",)]


def test_percentiles_interpolate_between_ranks():
    assert pages.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.95) == pytest.approx(4.8)
    assert pages.percentile([7.0], 0.95) == 7.0
