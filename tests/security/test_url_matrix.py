"""Every URL of the project × every kind of actor: the answer each must get.

A view added without an entry here fails `test_every_url_pattern_has_its_access_rule`,
so no page reaches production without its access rule written down and tested.
"""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from measures.services import srs_response_submit
from review.models import Flag
from review.services.recompute import patients_review
from sessions.services import session_record
from tests.measures.patient_forms.helpers import code_for, form_url_after, link_for, open_code

ACTORS = (
    "anonymous",
    "therapist_a",
    "therapist_b",
    "supervisor_of_a",
    "other_supervisor",
    "clinic_admin",
    "admin_of_other_clinic",
    "tablet_code",
    "telehealth_link",
)
OK, LOGIN, NOT_FOUND = "ok", "login", "404"
PATIENTS_WITHOUT_ACCOUNT = ("anonymous", "tablet_code", "telehealth_link")


def rule(*, ok=(), not_found=(), everyone_ok=False):
    """The expected answer per actor: OK, NOT_FOUND, or (for those without an account) a redirect to sign in."""
    if everyone_ok:
        return dict.fromkeys(ACTORS, OK)
    expected = {actor: LOGIN for actor in PATIENTS_WITHOUT_ACCOUNT}
    expected |= dict.fromkeys(ok, OK) | dict.fromkeys(not_found, NOT_FOUND)
    assert set(expected) == set(ACTORS), set(ACTORS) - set(expected)
    return expected


STAFF = ("therapist_a", "therapist_b", "supervisor_of_a", "other_supervisor", "clinic_admin", "admin_of_other_clinic")
CARE_OF_A = ("therapist_a", "supervisor_of_a", "clinic_admin")
NOT_CARE_OF_A = ("therapist_b", "other_supervisor", "admin_of_other_clinic")
ADMINS = ("clinic_admin", "admin_of_other_clinic")
NOT_ADMINS = ("therapist_a", "therapist_b", "supervisor_of_a", "other_supervisor")

SIGNED_IN = rule(ok=STAFF)
PATIENT_A = rule(ok=CARE_OF_A, not_found=NOT_CARE_OF_A)
CLINIC_ADMIN = rule(ok=ADMINS, not_found=NOT_ADMINS)
ADMIN_OF_A = rule(ok=("clinic_admin",), not_found=(*NOT_ADMINS, "admin_of_other_clinic"))
SUPERVISING = rule(ok=("supervisor_of_a", "other_supervisor", *ADMINS), not_found=("therapist_a", "therapist_b"))
THERAPIST_A = rule(
    ok=("supervisor_of_a", "clinic_admin"),
    not_found=("therapist_a", "therapist_b", "other_supervisor", "admin_of_other_clinic"),
)
IMPORTERS = rule(ok=("therapist_a", "therapist_b", *ADMINS), not_found=("supervisor_of_a", "other_supervisor"))
PUBLIC = rule(everyone_ok=True)

# name: (method, path template, expected answers). Templates use the objects of the `matrix` fixture.
MATRIX = {
    "home": ("get", "/", SIGNED_IN),
    "healthz": ("get", "/healthz", PUBLIC),
    "login": ("get", "/accounts/login/", PUBLIC),
    "logout": ("post", "/accounts/logout/", dict.fromkeys(ACTORS, LOGIN)),  # signed out, back to sign-in
    "two_factor:status": ("get", "/accounts/two-factor/", SIGNED_IN),
    "two_factor:setup": ("get", "/accounts/two-factor/setup/", SIGNED_IN),
    "two_factor:verify": ("get", "/accounts/two-factor/verify/", SIGNED_IN),
    "two_factor:disable": ("post", "/accounts/two-factor/disable/", SIGNED_IN),
    "two_factor:recovery_codes": ("get", "/accounts/two-factor/recovery-codes/", SIGNED_IN),
    "my_settings": ("get", "/accounts/settings/", SIGNED_IN),
    "session_status": ("get", "/accounts/session/", SIGNED_IN),
    "session_keepalive": ("post", "/accounts/session/keepalive/", SIGNED_IN),
    "set_language": ("post", "/i18n/setlang/", PUBLIC),
    "accounts:staff_list": ("get", "/clinic/staff/", CLINIC_ADMIN),
    "accounts:staff_create": ("get", "/clinic/staff/new/", CLINIC_ADMIN),
    "accounts:staff_edit": ("get", "/clinic/staff/{therapist_a}/", ADMIN_OF_A),
    "audit:log": ("get", "/clinic/audit/", CLINIC_ADMIN),
    "audit:export": ("get", "/clinic/audit/export.csv", CLINIC_ADMIN),
    "audit:staff_two_factor_reset": ("post", "/clinic/audit/staff/{therapist_a}/two-factor-reset/", ADMIN_OF_A),
    "dashboard:caseload": ("get", "/dashboard/", SIGNED_IN),
    "dashboard:supervisor": ("get", "/dashboard/supervisor/", SUPERVISING),
    "dashboard:flag_report": ("get", "/dashboard/flag-report/", SUPERVISING),
    "dashboard:flag_report_csv": ("get", "/dashboard/flag-report.csv", SUPERVISING),
    "dashboard:therapist": ("get", "/dashboard/therapists/{therapist_a}/", THERAPIST_A),
    "patients:list": ("get", "/patients/", SIGNED_IN),
    "patients:create": ("get", "/patients/new/", SIGNED_IN),
    "dashboard:patient": ("get", "/patients/{patient}/", PATIENT_A),
    "patients:edit": ("get", "/patients/{patient}/edit/", PATIENT_A),
    "patients:hand_over": ("get", "/patients/hand-over/{therapist_a}/", ADMIN_OF_A),
    "records:privacy": ("get", "/patients/{patient}/privacy/", ADMIN_OF_A),
    "records:export_everything": ("get", "/patients/{patient}/everything.json", ADMIN_OF_A),
    "sessions:create": ("get", "/patients/{patient}/sessions/new/", PATIENT_A),
    "dashboard:session": ("get", "/sessions/{session}/", PATIENT_A),
    "sessions:edit": ("get", "/sessions/{session}/edit/", PATIENT_A),
    "records:session_delete": ("get", "/sessions/{session}/delete/", PATIENT_A),
    "measures:paper_entry": ("get", "/sessions/{session}/measures/paper/", PATIENT_A),
    "measures:wording": ("get", "/clinic/instrument-wording/", CLINIC_ADMIN),
    "records:sessions_import": ("get", "/patients/import/", IMPORTERS),
    "records:caseload_export": ("get", "/patients/export.csv", SIGNED_IN),
    "records:patient_export": ("get", "/patients/{patient}/export.csv", PATIENT_A),
    "review:flag_acknowledge": ("post", "/review/flags/{flag}/acknowledge/", PATIENT_A),
    "review:flag_resolve": ("post", "/review/flags/{flag}/resolve/", PATIENT_A),
    "patient_forms:tablet_code_issue": ("post", "/sessions/{session}/measures/tablet-code/", PATIENT_A),
    "patient_forms:telehealth_link_issue": ("post", "/sessions/{session}/measures/telehealth-link/", PATIENT_A),
    "patient_forms:patient_form_withdraw": (
        "post",
        "/sessions/{session_2}/measures/patient-forms/{link_access}/withdraw/",
        PATIENT_A,
    ),
    "patient_forms:tablet": ("get", "/tablet/", PUBLIC),
    # The link's token is the credential: whoever holds it gets that one form, and nothing else.
    "patient_forms:form": ("get", "{form_url}", PUBLIC),
}


# The same pages asked with each of their filters: the filters open nothing more.
FILTERED = {
    "audit:log": ("patient_code=A-001", "username=therapist_a", "action=sign_in", "since=2026-01-01"),
    "audit:export": ("patient_code=A-001", "action=role"),
}


def url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: superusers only, checked below
            yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_has_its_access_rule():
    assert sorted(set(url_names(get_resolver().url_patterns)) ^ set(MATRIX)) == []


@pytest.fixture
def matrix(world):
    """The world, a flag on patient A's session, and a tablet and a link holding forms of two later sessions."""
    srs_response_submit(session=world.session_a, items=[Decimal("7.0")] * 4, channel="tablet", language="es")
    patients_review(patient_ids=[world.patient_a.pk], only_marked=False)
    world.session_2 = session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=world.session_a.date, attendance="attended"
    )
    world.session_3 = session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=world.session_a.date, attendance="attended"
    )
    clients = {"anonymous": Client(), "tablet_code": Client(), "telehealth_link": Client()}
    code, _access = code_for(world.session_3)  # its own session: a link for the same one would withdraw it
    tablet_form = form_url_after(open_code(clients["tablet_code"], code))
    token, link_access = link_for(world.session_2)
    for actor, user in {
        "therapist_a": world.therapist_a,
        "therapist_b": world.therapist_b,
        "supervisor_of_a": world.supervisor,
        "other_supervisor": world.idle_supervisor,
        "clinic_admin": world.admin,
        "admin_of_other_clinic": world.other_admin,
    }.items():
        clients[actor] = Client()
        clients[actor].force_login(user)
    objects = {
        "patient": world.patient_a.pk,
        "session": world.session_a.pk,
        "session_2": world.session_2.pk,
        "link_access": link_access.pk,
        "therapist_a": world.therapist_a.pk,
        "flag": Flag.objects.filter(session=world.session_a).first().pk,
        "form_url": f"/p/{token}/",
    }
    return clients, objects, tablet_form


def answer_kind(response) -> str:
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code in (301, 302) and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    assert response.status_code < 500, response.status_code
    return OK if response.status_code in (200, 302, 400, 409, 410, 429) else str(response.status_code)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_actor_gets_the_answer_the_rule_says(matrix, name):
    clients, objects, _tablet_form = matrix
    method, template, expected = MATRIX[name]
    url = template.format(**objects)
    answers = {actor: answer_kind(getattr(clients[actor], method)(url)) for actor in ACTORS}
    assert answers == expected


@pytest.mark.parametrize("name, query", [(name, query) for name, queries in FILTERED.items() for query in queries])
def test_each_actor_gets_the_same_answer_with_any_filter(matrix, name, query):
    clients, objects, _tablet_form = matrix
    method, template, expected = MATRIX[name]
    url = f"{template.format(**objects)}?{query}"
    answers = {actor: answer_kind(getattr(clients[actor], method)(url)) for actor in ACTORS}
    assert answers == expected


def test_a_tablet_holding_a_form_reaches_that_form_and_nothing_else(matrix):
    clients, objects, tablet_form = matrix
    tablet = clients["tablet_code"]
    assert tablet.get(tablet_form).status_code == 200
    for path in ("/patients/{patient}/", "/sessions/{session}/", "/patients/", "/dashboard/"):
        assert answer_kind(tablet.get(path.format(**objects))) == LOGIN


def test_the_django_admin_is_for_superusers_only(matrix):
    clients, _objects, _tablet_form = matrix
    for actor in ACTORS:
        response = clients[actor].get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), actor
