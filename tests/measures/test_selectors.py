"""Who sees which responses, a session's measures, and which labels a form shows."""

from measures.instruments import SRS, WAI_SR
from measures.models import InstrumentWording
from measures.selectors import (
    labels_for,
    measures_of_session,
    measures_of_sessions,
    srs_responses_for_user,
    wai_responses_for_user,
    wordings_for_user,
)
from measures.services import srs_response_submit, wai_response_submit

from .helpers import d, wai_from_paper


def srs(session):
    return srs_response_submit(session=session, items=d("9", "9", "9", "9"), channel="tablet", language="es")


def test_a_therapist_sees_the_responses_of_their_own_patients_only(world):
    mine, theirs = srs(world.session_a), srs(world.session_b)
    assert list(srs_responses_for_user(world.therapist_a)) == [mine]
    assert list(srs_responses_for_user(world.therapist_b)) == [theirs]


def test_a_supervisor_sees_the_responses_of_supervised_therapists_and_a_clinic_admin_all_of_the_clinic(world):
    mine, theirs = srs(world.session_a), srs(world.session_b)
    assert list(srs_responses_for_user(world.supervisor)) == [mine]
    assert list(srs_responses_for_user(world.idle_supervisor)) == []
    assert set(srs_responses_for_user(world.admin)) == {mine, theirs}


def test_nobody_of_another_clinic_sees_a_response(world):
    srs(world.session_a)
    wai_response_submit(session=world.session_a, items=[3] * 12, respondent="patient", channel="link", language="es")
    for user in (world.other_therapist, world.other_admin):
        assert not srs_responses_for_user(user).exists()
        assert not wai_responses_for_user(user).exists()


def test_measures_of_a_session_name_each_response_or_none(world):
    response = srs(world.session_a)
    wai = wai_from_paper(world.session_a, world.therapist_a, items=[3] * 12)
    measures = measures_of_session(world.session_a)
    assert (measures.srs, measures.wai_patient, measures.wai_therapist) == (response, None, wai)
    assert measures_of_session(world.session_b).any is False


def test_measures_of_many_sessions_cost_two_queries(world, django_assert_num_queries):
    srs(world.session_a)
    with django_assert_num_queries(2):
        found = measures_of_sessions([world.session_a, world.session_b])
    assert found[world.session_a.pk].srs is not None
    assert found[world.session_b.pk].srs is None


def test_labels_fall_back_to_our_own_marked_as_ours(world):
    labels = labels_for(SRS, world.clinic, "en")
    assert labels.licensed is False
    assert labels.texts[0] == "Relationship — felt heard, understood, respected"
    assert labels.notes == ("Our descriptive labels, not the licensed wording of the instrument.",)


def test_the_spanish_wai_is_labelled_a_translation(world):
    notes = labels_for(WAI_SR, world.clinic, "es").notes
    assert any("traducción" in note for note in notes)


def test_labels_show_the_clinics_licensed_wording_once_loaded(world):
    for item in range(1, 5):
        InstrumentWording.objects.create(
            clinic=world.clinic, instrument="srs", language="es", item=item, text=f"T{item}"
        )
    labels = labels_for(SRS, world.clinic, "es")
    assert (labels.licensed, labels.texts, labels.notes) == (True, ("T1", "T2", "T3", "T4"), ())
    assert labels_for(SRS, world.clinic, "en").licensed is False
    assert labels_for(SRS, world.other_clinic, "es").licensed is False


def test_incomplete_wording_falls_back_to_our_labels(world):
    InstrumentWording.objects.create(clinic=world.clinic, instrument="srs", language="es", item=1, text="T1")
    assert labels_for(SRS, world.clinic, "es").licensed is False


def test_only_a_clinic_admin_sees_the_wording_of_their_clinic(world):
    InstrumentWording.objects.create(clinic=world.clinic, instrument="srs", language="es", item=1, text="A")
    InstrumentWording.objects.create(clinic=world.other_clinic, instrument="srs", language="es", item=1, text="Z")
    assert [w.text for w in wordings_for_user(world.admin)] == ["A"]
    assert [w.text for w in wordings_for_user(world.other_admin)] == ["Z"]
    assert not wordings_for_user(world.therapist_a).exists()
    assert not wordings_for_user(world.supervisor).exists()
