"""Every dashboard costs the same number of queries whatever the size of the caseload.

Each page is requested warm at two caseload sizes with the same pinned count. The counts include
the 8 that every signed-in page costs here (session read and save in a savepoint, user,
second-factor check, the clinic in the navigation bar, the audit insert).
"""

import pytest

from review.models import Flag
from review.services.flags import flag_acknowledge
from review.services.recompute import therapist_checklists_review

from .helpers import history, reviewed

YES, NO = True, False
REQUEST = 8
THERAPIST_HOME = REQUEST + 3  # caseload with statuses, their flag counts, today's sessions
PATIENT_PAGE = REQUEST + 6  # patient, sessions with reviews, active flags, their sessions, SRS, WAI-SR
# therapists with checklist reviews, risk counts, open flag counts, weeks, patients at risk, their flag counts,
# inbox, clinic weeks
SUPERVISOR_DASHBOARD = REQUEST + 8
# therapist, caseload, flag counts, risk counts, open flag counts, weeks, checklist review
THERAPIST_DRILL_DOWN = REQUEST + 7


@pytest.fixture(params=[1, 5], ids=["one patient", "five patients"])
def caseload(request, world):
    """Patients of therapist A (supervised by S), each with SRS, flags (one acknowledged) and checklists."""
    patients = [
        history(world.therapist_a, f"Q-{n}", "38", "35", "x", "34", "33", checklist=(YES, NO, YES, NO, YES))
        for n in range(request.param)
    ]
    reviewed(*patients)
    therapist_checklists_review(therapist_ids=[world.therapist_a.pk])
    flag_acknowledge(flag=Flag.objects.filter(patient=patients[0]).first(), user=world.therapist_a)
    return patients


def warm_get(client, url, django_assert_num_queries, count):
    client.get(url)
    with django_assert_num_queries(count):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_therapist_home_costs_a_fixed_number_of_queries(world, login, caseload, django_assert_num_queries):
    html = warm_get(login(world.therapist_a), "/dashboard/", django_assert_num_queries, THERAPIST_HOME)
    assert html.count('class="sparkline"') == len(caseload)


def test_the_patient_page_costs_a_fixed_number_of_queries(world, login, caseload, django_assert_num_queries):
    url = caseload[-1].get_absolute_url()
    html = warm_get(login(world.supervisor), url, django_assert_num_queries, PATIENT_PAGE)
    assert 'data-chart="chart-timeline"' in html


def test_the_supervisor_dashboard_costs_a_fixed_number_of_queries(world, login, caseload, django_assert_num_queries):
    html = warm_get(login(world.supervisor), "/dashboard/supervisor/", django_assert_num_queries, SUPERVISOR_DASHBOARD)
    assert html.count('id="inbox-flag-') >= len(caseload)


def test_the_clinic_admin_dashboard_costs_the_same(world, login, caseload, django_assert_num_queries):
    warm_get(login(world.admin), "/dashboard/supervisor/", django_assert_num_queries, SUPERVISOR_DASHBOARD)


def test_the_drill_down_costs_a_fixed_number_of_queries(world, login, caseload, django_assert_num_queries):
    url = f"/dashboard/therapists/{world.therapist_a.pk}/"
    html = warm_get(login(world.supervisor), url, django_assert_num_queries, THERAPIST_DRILL_DOWN)
    assert html.count('class="sparkline"') == len(caseload)
