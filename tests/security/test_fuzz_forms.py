"""Every form and POST endpoint under random and hostile input.

For each submission: never a server error; a refused one re-renders the form
saying what is wrong and stores nothing at all; a successful one writes only
the models it is about; no hostile value comes back unescaped, neither on
the form nor on the page the success leads to.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote, quote_from_bytes

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone
from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from measures.patient_forms.services import tablet_code_issue, telehealth_link_issue
from measures.selectors import measures_of_session
from review.models import Flag
from review.tasks import review_patient
from sessions.models import CHECKLIST_FIELDS, CONFRONTATION_MARKERS, WITHDRAWAL_MARKERS, Attendance, Modality
from tests.conftest import PASSWORD
from tests.review.helpers import patient_with_history

from .checks import (
    assert_escaped,
    assert_no_server_error,
    assert_says_what_is_wrong,
    assert_stays_on_site,
    changed_models,
    resolved,
    row_count,
    stored_rows,
)
from .checks import post as send
from .strategies import (
    MISSING,
    SCRIPT_PAYLOADS,
    Pk,
    dates_between,
    form_fields,
    hostile_text,
    optional,
    plain_text,
)

TODAY = timezone.localdate()
ENDPOINT = 50  # examples per endpoint test: a few seconds each
encodings = st.sampled_from(["multipart", "urlencoded"])


@dataclass
class Outcome:
    response: object
    before: dict
    after: dict

    @property
    def stored(self) -> bool:
        return self.response.status_code == 302


def submitted(client, url, data, world, *, encoding, stores, refused=(200,), **headers) -> Outcome:
    """POST and check what must hold of every answer; `stores`: the models a success may write."""
    before = stored_rows()
    response = send(client, url, resolved(data, world), encoding=encoding, **headers)
    assert_no_server_error(response)
    assert_escaped(response)
    after = stored_rows()
    changed = changed_models(before, after)
    event(f"status {response.status_code}")  # shown by --hypothesis-show-statistics
    if response.status_code == 302:
        assert changed <= stores, f"a success wrote {sorted(changed - stores)}"
        assert_escaped(client.get(response["Location"]))
    else:
        assert not changed, f"a refused request (status {response.status_code}) changed {sorted(changed)}"
        if response.status_code in refused:
            assert_says_what_is_wrong(response)
        else:  # refused by Django before any form: too large, too many fields, unreadable body
            assert response.status_code == 400, response.status_code
    return Outcome(response, before, after)


def last(value):
    """The value a form reads from a field sent several times."""
    return value[-1] if isinstance(value, list) else value


# Staff (clinic admin).

NEW_PASSWORD = "plum-Orchard-kettle-42"
STAFF_FIELDS = {
    "username": st.from_regex(r"[a-z][a-z0-9_.@+-]{2,20}", fullmatch=True),
    "first_name": plain_text(30),
    "last_name": plain_text(30),
    "email": optional(st.emails()),
    "role": st.sampled_from(Role.values),
    "supervised": st.lists(st.sampled_from([Pk("therapist_a"), Pk("therapist_b")]), unique=True),
}
USER_MODELS = {"accounts.User", "accounts.Supervision"}


@settings(max_examples=ENDPOINT)
@given(
    fields=form_fields({**STAFF_FIELDS, "password1": st.just(NEW_PASSWORD), "password2": st.just(NEW_PASSWORD)}),
    encoding=encodings,
)
@example(fields={"username": "<script>alert('fz')</script>", "role": "therapist"}, encoding="multipart")
def test_creating_a_staff_member_never_fails_and_stores_all_or_nothing(world, login, fuzz, fields, encoding):
    client = login(world.admin)
    with fuzz.example():
        outcome = submitted(client, "/clinic/staff/new/", fields, world, encoding=encoding, stores=USER_MODELS)
        if outcome.stored:
            assert row_count(outcome.before, outcome.after, "accounts.User") == 1


MY_SETTINGS_FIELDS = {
    "email": st.one_of(optional(st.emails()), plain_text(320)),
    "language": st.sampled_from(["", "es", "en", "xx", "es\x00"]),
    "digest_opt_out": st.sampled_from(["on", MISSING]),
}


@settings(max_examples=ENDPOINT)
@given(fields=form_fields(MY_SETTINGS_FIELDS), encoding=encodings)
def test_changing_my_settings_never_fails_and_stores_all_or_nothing(world, login, fuzz, fields, encoding):
    client = login(world.therapist_a)
    with fuzz.example():
        outcome = submitted(client, "/accounts/settings/", fields, world, encoding=encoding, stores={"accounts.User"})
        if outcome.stored:
            assert row_count(outcome.before, outcome.after, "accounts.User") == 0


@settings(max_examples=ENDPOINT)
@given(fields=form_fields({**STAFF_FIELDS, "is_active": st.sampled_from(["on", MISSING])}), encoding=encodings)
def test_editing_a_staff_member_never_fails_and_stores_all_or_nothing(world, login, fuzz, fields, encoding):
    client = login(world.admin)
    url = f"/clinic/staff/{world.therapist_b.pk}/"
    with fuzz.example():
        outcome = submitted(client, url, fields, world, encoding=encoding, stores=USER_MODELS)
        if outcome.stored:
            assert row_count(outcome.before, outcome.after, "accounts.User") == 0
            posted = resolved(fields, world).get("supervised", [])
            stored = world.therapist_b.supervisions_given.values_list("therapist_id", flat=True)
            assert sorted(map(str, stored)) == sorted(set(posted if isinstance(posted, list) else [posted]))


# Patients.

PATIENT_FIELDS = {
    "code": st.one_of(st.from_regex(r"[A-Z]{1,3}-[0-9]{1,4}", fullmatch=True), plain_text(32)),
    "alias": optional(plain_text(60)),
    "birth_year": optional(st.integers(min_value=1900, max_value=TODAY.year).map(str)),
    "language": st.sampled_from(["es", "en"]),
    "primary_therapist": st.sampled_from([Pk("therapist_a"), Pk("therapist_b")]),
    "active": st.sampled_from(["on", MISSING]),
    "consent_date": optional(dates_between(datetime.date(2000, 1, 1), TODAY)),
}


@pytest.mark.parametrize("actor", ["therapist_a", "admin"])
@settings(max_examples=ENDPOINT // 2)
@given(fields=form_fields(PATIENT_FIELDS), encoding=encodings)
@example(fields={**dict.fromkeys(PATIENT_FIELDS, ""), "code": SCRIPT_PAYLOADS[0][:32]}, encoding="multipart")
def test_registering_a_patient_never_fails_and_stores_all_or_nothing(world, login, fuzz, actor, fields, encoding):
    client = login(getattr(world, actor))
    with fuzz.example():
        outcome = submitted(client, "/patients/new/", fields, world, encoding=encoding, stores={"patients.Patient"})
        if outcome.stored:
            assert row_count(outcome.before, outcome.after, "patients.Patient") == 1


@settings(max_examples=ENDPOINT)
@given(fields=form_fields(PATIENT_FIELDS), encoding=encodings)
def test_editing_a_patient_never_fails_and_stores_all_or_nothing(world, login, fuzz, fields, encoding):
    client = login(world.admin)
    url = f"/patients/{world.patient_a.pk}/edit/"
    with fuzz.example():
        outcome = submitted(client, url, fields, world, encoding=encoding, stores={"patients.Patient"})
        if outcome.stored:
            world.patient_a.refresh_from_db()
            assert world.patient_a.code == last(fields["code"]).strip()


@settings(max_examples=ENDPOINT // 2)
@given(query=st.one_of(hostile_text(), st.lists(hostile_text(), min_size=2, max_size=3)))
@example(query="A-\x00")  # PostgreSQL refused the NUL: a server error
def test_searching_patients_never_fails_and_escapes_the_query(world, login, fuzz, query):
    client = login(world.therapist_a)
    with fuzz.example():
        response = client.get("/patients/", {"q": query})
        assert response.status_code == 200
        assert_escaped(response)


# Therapy sessions.

SESSION_FIELDS = {
    "date": dates_between(datetime.date(1990, 1, 1), TODAY + datetime.timedelta(days=366)),
    "time": optional(st.times().map(lambda time: time.strftime("%H:%M"))),
    "attendance": st.sampled_from(Attendance.values),
    "modality": st.sampled_from(Modality.values),
    "duration_minutes": optional(st.integers(min_value=1, max_value=480).map(str)),
    "note": plain_text(200),
    "withdrawal_markers": st.lists(st.sampled_from(list(WITHDRAWAL_MARKERS)), unique=True, max_size=2),
    "confrontation_markers": st.lists(st.sampled_from(list(CONFRONTATION_MARKERS)), unique=True, max_size=2),
    **dict.fromkeys(CHECKLIST_FIELDS.values(), st.sampled_from(["", "yes", "no"])),
}
SESSION_MODELS = {"therapy_sessions.TherapySession"}


@settings(max_examples=ENDPOINT)
@given(fields=form_fields(SESSION_FIELDS), encoding=encodings)
@example(
    fields={**dict.fromkeys(SESSION_FIELDS, ""), "date": "2026-11-10", "duration_minutes": "NaN"}, encoding="multipart"
)
def test_recording_a_session_never_fails_and_stores_all_or_nothing(world, login, fuzz, fields, encoding):
    client = login(world.therapist_a)
    url = f"/patients/{world.patient_a.pk}/sessions/new/"
    with fuzz.example():
        outcome = submitted(client, url, fields, world, encoding=encoding, stores=SESSION_MODELS)
        if outcome.stored:
            assert row_count(outcome.before, outcome.after, "therapy_sessions.TherapySession") == 1


@settings(max_examples=ENDPOINT)
@given(fields=form_fields(SESSION_FIELDS), encoding=encodings)
def test_editing_a_session_never_fails_and_stores_all_or_nothing(world, login, fuzz, fields, encoding):
    client = login(world.therapist_a)
    url = f"/sessions/{world.session_a.pk}/edit/"
    with fuzz.example():
        outcome = submitted(client, url, fields, world, encoding=encoding, stores=SESSION_MODELS)
        if outcome.stored:
            world.session_a.refresh_from_db()
            assert world.session_a.date.isoformat() == last(fields["date"]).strip()


# Erasing a patient (clinic admin): the confirmation is the patient's code.

ERASED_MODELS = {
    "patients.Patient",
    "therapy_sessions.TherapySession",
    "measures.SrsResponse",
    "measures.WaiResponse",
    "review.SessionReview",
    "review.Flag",
    "review.PatientChecklistReview",
    # The erased sessions leave the therapist's figures.
    "review.TherapistChecklistReview",
    "review.TherapistWeek",
    "review.ClinicWeek",
    "review.PatientStatus",
}


@settings(max_examples=ENDPOINT // 2)
@given(fields=form_fields({"code": st.sampled_from(["A-001", " a-001 ", "B-001"])}), encoding=encodings)
def test_erasing_a_patient_never_fails_and_erases_all_or_nothing(world, login, fuzz, fields, encoding):
    client = login(world.admin)
    url = f"/patients/{world.patient_a.pk}/privacy/"
    with fuzz.example():
        outcome = submitted(client, url, fields, world, encoding=encoding, stores=ERASED_MODELS)
        if outcome.stored:
            assert not type(world.patient_a).objects.filter(pk=world.patient_a.pk).exists()
            assert not type(world.session_a).objects.filter(patient_id=world.patient_a.pk).exists()


# Measures typed in from paper.

srs_values = st.integers(min_value=0, max_value=100).map(lambda tenths: str(Decimal(tenths) / 10))
PAPER_FIELDS = {
    "language": st.sampled_from(["es", "en"]),
    **{f"srs_{code}": optional(srs_values) for code in ("relationship", "goals", "approach", "overall")},
    **{f"wai_patient_item_{n}": optional(st.integers(1, 5).map(str)) for n in range(1, 13)},
    **{f"wai_therapist_item_{n}": optional(st.integers(1, 5).map(str)) for n in range(1, 13)},
}
MEASURE_MODELS = {"measures.SrsResponse", "measures.WaiResponse", "therapy_sessions.TherapySession"}


@settings(max_examples=ENDPOINT)
@given(fields=form_fields(PAPER_FIELDS), encoding=encodings)
@example(fields={"language": "es", "srs_relationship": "1e30"}, encoding="multipart")
@example(fields={"language": "es", "srs_goals": "-1e999"}, encoding="urlencoded")
@example(fields={"language": "es", "srs_overall": "NaN"}, encoding="multipart")  # was a server error
@example(fields={"language": "es", "srs_goals": "-Infinity", "wai_patient_item_1": "1e999999"}, encoding="urlencoded")
def test_entering_paper_measures_never_fails_and_stores_all_or_nothing(world, login, fuzz, fields, encoding):
    client = login(world.therapist_a)
    url = f"/sessions/{world.session_a.pk}/measures/paper/"
    with fuzz.example():
        outcome = submitted(client, url, fields, world, encoding=encoding, stores=MEASURE_MODELS)
        if outcome.stored:
            srs = measures_of_session(world.session_a).srs
            items = [last(fields.get(f"srs_{code}", "")) for code in ("relationship", "goals", "approach", "overall")]
            if all(item.strip() for item in items):
                assert srs.items == tuple(Decimal(item.strip().replace(",", ".")) for item in items)
            else:
                assert srs is None


# Licensed wording (clinic admin): the upload is fuzzed with the sessions import, in test_fuzz_import.py.

# Flags.


@pytest.fixture
def flag(world) -> Flag:
    """An open flag of a patient of therapist A, fired by the review worker."""
    patient, sessions = patient_with_history(world, "38", "37.5", "35", code="F-001")
    review_patient(patient.pk)
    return Flag.objects.get(session=sessions[2], code="srs_drop")


@settings(max_examples=ENDPOINT)
@given(fields=form_fields({"note": plain_text(300)}), encoding=encodings)
def test_resolving_a_flag_never_fails_and_stores_all_or_nothing(world, login, fuzz, flag, fields, encoding):
    client = login(world.therapist_a)
    with fuzz.example():
        outcome = submitted(
            client, f"/review/flags/{flag.pk}/resolve/", fields, world, encoding=encoding, stores={"review.Flag"}
        )
        if outcome.stored:
            flag.refresh_from_db()
            assert flag.resolution_note == last(fields["note"]).strip()


local_targets = st.sampled_from(["/dashboard/supervisor/", "/patients/", ""])
foreign_targets = st.sampled_from(
    ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "\\\\evil.example"]
)


@settings(max_examples=ENDPOINT // 2)
@given(fields=form_fields({"next": st.one_of(local_targets, foreign_targets)}), encoding=encodings)
@example(fields={"next": "inbox"}, encoding="multipart")  # a relative URL: redirect() took it for a URL name
def test_acknowledging_a_flag_never_fails_nor_leaves_the_site(world, login, fuzz, flag, fields, encoding):
    client = login(world.supervisor)
    with fuzz.example():
        before = stored_rows()
        response = send(client, f"/review/flags/{flag.pk}/acknowledge/", resolved(fields, world), encoding=encoding)
        assert response.status_code == 302
        assert_stays_on_site(response)
        assert changed_models(before, stored_rows()) <= {"review.Flag"}


# Codes and links for the patient's own form (therapist's side).


@pytest.mark.parametrize("kind", ["tablet-code", "telehealth-link"])
@settings(max_examples=ENDPOINT // 4)
@given(fields=st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), hostile_text(), max_size=3))
def test_issuing_a_code_or_link_ignores_whatever_else_is_posted(world, login, fuzz, kind, fields):
    client = login(world.therapist_a)
    with fuzz.example():
        before = stored_rows()
        response = client.post(f"/sessions/{world.session_a.pk}/measures/{kind}/", fields)
        assert response.status_code == 200
        assert_escaped(response)
        assert changed_models(before, stored_rows()) == {"measures.PatientFormAccess"}


# The patient's side: the tablet code and the form itself, without a login.

CODE = "the code just issued"
typed_codes = st.one_of(
    hostile_text(),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.sampled_from(["{}", "{} ", " {}", "{:.3} {}", "{:.3}-{}"]).map(lambda shape: (CODE, shape)),
)


def typed(code, secret: str) -> str:
    if isinstance(code, tuple):
        shape = code[1]
        return shape.format(secret, secret[3:]) if "{:.3}" in shape else shape.format(secret)
    return code


@settings(max_examples=ENDPOINT)
@given(code=st.one_of(typed_codes, st.lists(typed_codes, min_size=2, max_size=3)), encoding=encodings)
def test_the_tablet_never_fails_on_a_typed_code(world, fuzz, code, encoding):
    client = Client()
    with fuzz.example():
        cache.clear()
        secret = tablet_code_issue(session=world.session_a, issued_by=world.therapist_a).secret
        value = [typed(part, secret) for part in code] if isinstance(code, list) else typed(code, secret)
        outcome = submitted(
            client,
            "/tablet/",
            {"code": value},
            world,
            encoding=encoding,
            stores={"measures.PatientFormAccess"},
            refused=(400, 429),
        )
        if outcome.stored:
            assert outcome.response["Location"].startswith("/p/")


KEY = "the form's submission key"
ANSWER_FIELDS = {
    "submission_key": st.just(KEY),
    **{f"srs_{code}": st.integers(0, 100).map(str) for code in ("relationship", "goals", "approach", "overall")},
    **{f"wai_{n}": st.integers(1, 5).map(str) for n in range(1, 13)},
}
ANSWER_MODELS = {
    "measures.SrsResponse",
    "measures.WaiResponse",
    "measures.PatientFormAccess",
    "therapy_sessions.TherapySession",
}


@settings(max_examples=ENDPOINT)
@given(fields=form_fields(ANSWER_FIELDS), encoding=encodings, wants_json=st.booleans())
def test_the_patient_form_never_fails_and_stores_all_or_nothing(world, fuzz, fields, encoding, wants_json):
    client = Client()
    with fuzz.example():
        issued = telehealth_link_issue(session=world.session_a, issued_by=world.therapist_a)
        key = str(issued.access.submission_key)
        data = {
            name: [key if part == KEY else part for part in value] if isinstance(value, list) else value
            for name, value in fields.items()
        }
        data = {name: key if value == KEY else value for name, value in data.items()}
        headers = {"HTTP_ACCEPT": "application/json"} if wants_json else {}
        url = f"/p/{issued.secret}/"
        before = stored_rows()
        response = send(client, url, resolved(data, world), encoding=encoding, **headers)
        assert_no_server_error(response)
        assert_escaped(response)
        changed = changed_models(before, stored_rows())
        stored = response.status_code == 302 or (wants_json and response.status_code == 200)
        if stored:
            assert changed <= ANSWER_MODELS and "measures.SrsResponse" in changed
            assert measures_of_session(world.session_a).srs is not None
            return
        assert not changed, f"a refused answer changed {sorted(changed)}"
        assert response.status_code == 400
        if wants_json:
            body = response.json()
            assert body["stored"] is False and body["message"] and body["errors"]
        else:
            assert_says_what_is_wrong(response)


@settings(max_examples=ENDPOINT // 2)
@given(token=hostile_text().filter(bool), method=st.sampled_from(["get", "post"]))
@example(token="\x00", method="get")
def test_an_unknown_form_link_is_a_plain_404(world, fuzz, token, method):
    client = Client()
    with fuzz.example():
        response = getattr(client, method)(f"/p/{quote(token, safe='')}/")
        assert response.status_code == 404
        assert_escaped(response)


# Django's own forms: signing in and choosing the language.


@settings(max_examples=ENDPOINT)
@given(
    fields=form_fields(
        {
            "username": st.sampled_from(["therapist_a", "nobody"]),
            "password": st.sampled_from([PASSWORD, "wrong"]),
            "next": st.one_of(local_targets, foreign_targets),
        }
    ),
    encoding=encodings,
)
@example(fields={"username": "a" * 256, "password": "wrong"}, encoding="multipart")  # past django-axes' log column
def test_signing_in_never_fails_nor_leaves_the_site(world, fuzz, fields, encoding):
    client = Client()
    with fuzz.example():
        before = stored_rows()
        response = send(client, "/accounts/login/", resolved(fields, world), encoding=encoding)
        assert_no_server_error(response)
        assert_escaped(response)
        if response.status_code == 302:
            assert_stays_on_site(response)
            assert changed_models(before, stored_rows()) <= {"accounts.User"}  # last_login
        else:
            assert not changed_models(before, stored_rows())
            if response.status_code == 200:
                assert_says_what_is_wrong(response)


@settings(max_examples=ENDPOINT)
@given(
    fields=form_fields(
        {
            "username": st.one_of(st.sampled_from(["therapist_a", "nobody"]), hostile_text()),
            "password": st.sampled_from([PASSWORD, "wrong"]),
            "next": st.one_of(local_targets, foreign_targets),
        }
    ),
    encoding=encodings,
)
@example(fields={"username": "a" * 300, "password": "wrong"}, encoding="multipart")  # was a DataError
def test_the_admin_login_never_fails_nor_leaves_the_site(world, fuzz, fields, encoding):
    client = Client()
    with fuzz.example():
        cache.clear()  # the per-account slow-down counts in the cache
        before = stored_rows()
        response = send(client, "/admin/login/", resolved(fields, world), encoding=encoding)
        assert_no_server_error(response)
        assert_escaped(response)
        assert not changed_models(before, stored_rows())  # nobody in the world is staff: never signed in
        if response.status_code == 200:
            assert_says_what_is_wrong(response)


@settings(max_examples=ENDPOINT // 2)
@given(
    fields=form_fields({"language": st.sampled_from(["es", "en"]), "next": st.one_of(local_targets, foreign_targets)})
)
def test_choosing_the_language_never_fails_nor_leaves_the_site(world, fuzz, fields):
    client = Client()
    with fuzz.example():
        response = client.post("/i18n/setlang/", resolved(fields, world))
        assert response.status_code in (302, 204)
        if response.status_code == 302:
            assert_stays_on_site(response)


@pytest.mark.parametrize("step", ["setup", "verify", "disable"])
@settings(max_examples=ENDPOINT // 3)
@given(
    fields=form_fields(
        {
            "token": st.from_regex(r"[0-9]{3} ?[0-9]{3}", fullmatch=True),
            "next": st.one_of(local_targets, foreign_targets),
        }
    ),
    encoding=encodings,
)
# Turning off an authenticator never set up: the refusal was not on the page.
@example(fields={"token": "000000"}, encoding="multipart")
def test_a_two_factor_code_never_fails_nor_leaves_the_site(world, login, fuzz, step, fields, encoding):
    client = login(world.therapist_a)
    with fuzz.example():
        before = stored_rows()
        response = send(client, f"/accounts/two-factor/{step}/", resolved(fields, world), encoding=encoding)
        assert_no_server_error(response)
        assert_escaped(response)
        if response.status_code == 302:
            assert_stays_on_site(response)
            return
        assert not changed_models(before, stored_rows())
        form = response.context.get("disable_form" if step == "disable" else "form")
        if form is not None and form.is_bound:
            assert_says_what_is_wrong(response, form)


# Filter forms read from the query string.

AUDIT_FILTERS = {
    "username": st.sampled_from(["", "therapist_a"]),
    "action": st.sampled_from(["", "read"]),
    "patient_code": st.sampled_from(["", "A-001", "nobody"]),
    "since": optional(dates_between(datetime.date(2026, 1, 1), TODAY)),
    "until": st.just(""),
    "page": st.sampled_from(["1", "2"]),
}
FILTER_PAGES = {
    "/patients/": {"q": st.sampled_from(["", "A-"])},
    "/dashboard/": {
        "risk": st.sampled_from(["", "high", "low"]),
        "active": st.sampled_from(["", "inactive"]),
        "no_srs_weeks": optional(st.integers(1, 52).map(str)),
    },
    "/clinic/audit/": AUDIT_FILTERS,
    "/clinic/audit/export.csv": AUDIT_FILTERS,
}


@pytest.mark.parametrize("url", sorted(FILTER_PAGES))
@settings(max_examples=ENDPOINT // 2)
@given(data=st.data())
def test_filtering_a_page_never_fails_and_escapes_the_filters(world, login, fuzz, url, data):
    """The filters are read from the query string; anything they cannot use is ignored, never a server error."""
    client = login(world.admin if url.startswith("/clinic/") else world.therapist_a)
    params = resolved(data.draw(form_fields(FILTER_PAGES[url])), world)
    with fuzz.example():
        response = client.get(url, params)
        assert response.status_code == 200
        assert_escaped(response)


def test_a_nul_in_the_audit_export_filters_is_not_a_server_error(world, login):
    """Found by the filter fuzz: the export's own audit event could not store the filters (jsonb refuses NUL)."""
    response = login(world.admin).get("/clinic/audit/export.csv", {"action": "\x00", "\x00": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize("actor", ["therapist_a", None])
@settings(max_examples=ENDPOINT // 2)
@given(path=hostile_text(), method=st.sampled_from(["get", "post"]))
@example(path="patients/\x00/", method="get")
def test_a_hostile_path_is_never_a_server_error(world, login, fuzz, actor, path, method):
    client = login(getattr(world, actor)) if actor else Client()
    with fuzz.example():
        response = getattr(client, method)("/" + quote(path, safe="/"))
        assert_no_server_error(response)
        assert_escaped(response)


# Every URL with a number in it, with numbers no database holds.


def numbered_routes() -> list[tuple[str, list[str]]]:
    """(URL name, its integer parameters) for every route of the project but the admin site's."""
    routes = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                converters = pattern.pattern.converters
                if converters and all(isinstance(c, IntConverter) for c in converters.values()):
                    routes.append((f"{namespace}{pattern.name}", sorted(converters)))

    walk(get_resolver().url_patterns, "")
    return routes


PLACEHOLDER = 987654321


def ids_in_use() -> set[int]:
    """Every integer primary key of the world's rows (on SQLite they start again at 1 in each test)."""
    return {
        pk
        for model in apps.get_models()
        for pk in model._default_manager.values_list("pk", flat=True)
        if isinstance(pk, int)
    }


@settings(max_examples=ENDPOINT)
@given(
    route=st.sampled_from(numbered_routes()),
    number=st.one_of(
        st.integers(min_value=0, max_value=10**30).map(str),
        st.sampled_from(["0", "00", "2147483648", "9223372036854775807", "9223372036854775808", "9" * 5000]),
    ),
    method=st.sampled_from(["get", "post"]),
)
def test_a_number_no_row_has_is_a_404_on_every_url(world, login, fuzz, route, number, method):
    assume(len(number) > 18 or int(number) not in ids_in_use())  # a number some row has is not this test's
    client = login(world.admin)
    name, parameters = route
    url = reverse(name, kwargs=dict.fromkeys(parameters, PLACEHOLDER)).replace(str(PLACEHOLDER), number)
    with fuzz.example():
        response = getattr(client, method)(url)
        assert response.status_code in (404, 405), (url, response.status_code)


# Bodies no browser would send, to every POST endpoint.

POST_ENDPOINTS = {
    "/clinic/staff/new/": ("admin", USER_MODELS),
    "/clinic/staff/{therapist_b}/": ("admin", USER_MODELS),
    "/clinic/instrument-wording/": ("admin", {"measures.InstrumentWording"}),
    "/patients/new/": ("therapist_a", {"patients.Patient"}),
    "/patients/{patient_a}/edit/": ("therapist_a", {"patients.Patient"}),
    "/patients/{patient_a}/privacy/": ("admin", ERASED_MODELS),
    "/patients/import/": ("therapist_a", {"patients.Patient", *SESSION_MODELS, *MEASURE_MODELS}),
    "/patients/{patient_a}/sessions/new/": ("therapist_a", SESSION_MODELS),
    "/sessions/{session_a}/edit/": ("therapist_a", SESSION_MODELS),
    "/sessions/{session_a}/measures/paper/": ("therapist_a", MEASURE_MODELS),
    "/sessions/{session_a}/measures/tablet-code/": ("therapist_a", {"measures.PatientFormAccess"}),
    "/sessions/{session_a}/measures/telehealth-link/": ("therapist_a", {"measures.PatientFormAccess"}),
    "/sessions/{session_a}/measures/patient-forms/{access_a}/withdraw/": (
        "therapist_a",
        {"measures.PatientFormAccess"},
    ),
    "/review/flags/{flag}/resolve/": ("therapist_a", {"review.Flag"}),
    "/review/flags/{flag}/acknowledge/": ("therapist_a", {"review.Flag"}),
    "/accounts/session/keepalive/": ("therapist_a", set()),
    "/accounts/two-factor/setup/": ("therapist_a", set()),
    "/accounts/two-factor/verify/": ("therapist_a", set()),
    "/accounts/two-factor/disable/": ("therapist_a", set()),
    "/accounts/login/": (None, {"accounts.User"}),
    "/admin/login/": (None, set()),
    "/i18n/setlang/": (None, set()),
    "/tablet/": (None, set()),
    "/p/{token}/": (None, ANSWER_MODELS),
}
raw_bodies = st.one_of(
    st.binary(max_size=300),
    st.lists(st.tuples(st.binary(max_size=8), st.binary(max_size=24)), max_size=4).map(
        lambda pairs: "&".join(f"{quote_from_bytes(name)}={quote_from_bytes(value)}" for name, value in pairs).encode()
    ),
    st.sampled_from(
        [
            b"code=%ED%A0%80",  # a UTF-16 surrogate, encoded as UTF-8 would if it could
            b"note=%00&code=%00",
            b"code=%C0%AF",  # an overlong "/"
            b"a=%FF%FE&&&==&%%%",
            b'--fz\r\nContent-Disposition: form-data; name="code"\r\n\r\n\x00\r\n--fz--\r\n',
            b'--fz\r\nContent-Disposition: form-data; name="file"; filename="\x00.csv"\r\n\r\nx\r\n--fz--',
            b'{"code": ["A-001"], "note": null, "date": 1e999}',
            b"x=" + b"9" * 3_000_000,  # past DATA_UPLOAD_MAX_MEMORY_SIZE
            b"&".join(b"f%d=1" % n for n in range(1_100)),  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
        ]
    ),
)
URLENCODED = "application/x-www-form-urlencoded"
content_types = st.sampled_from(
    [
        URLENCODED,
        f"{URLENCODED}; charset=utf-16",
        f"{URLENCODED}; charset=no-such-codec",
        "multipart/form-data; boundary=fz",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "application/json",
        "text/plain",
        "",
    ]
)


@settings(max_examples=ENDPOINT * 2)
@given(endpoint=st.sampled_from(sorted(POST_ENDPOINTS)), body=raw_bodies, content_type=content_types)
@example(  # the flag was acknowledged before the body was read, then Django refused the body (400)
    endpoint="/review/flags/{flag}/acknowledge/", body=b"next=x", content_type=f"{URLENCODED}; charset=utf-16"
)
def test_a_body_no_browser_would_send_never_fails_nor_stores_half(
    world, login, fuzz, flag, endpoint, body, content_type
):  # noqa: E501
    actor, stores = POST_ENDPOINTS[endpoint]
    client = login(getattr(world, actor)) if actor else Client()
    with fuzz.example():
        cache.clear()
        token = telehealth_link_issue(session=world.patient_b.sessions.get(), issued_by=world.therapist_b).secret
        access_a = telehealth_link_issue(session=world.session_a, issued_by=world.therapist_a).access
        url = endpoint.format(
            access_a=access_a.pk,
            therapist_b=world.therapist_b.pk,
            patient_a=world.patient_a.pk,
            session_a=world.session_a.pk,
            flag=flag.pk,
            token=token,
        )
        before = stored_rows()
        response = client.generic("POST", url, body, content_type=content_type)
        assert_no_server_error(response)
        assert_escaped(response)
        changed = changed_models(before, stored_rows())
        assert changed <= stores, f"{url} wrote {sorted(changed - stores)}"
        if response.status_code >= 400:
            assert not changed, f"{url} refused the body (status {response.status_code}) but changed {sorted(changed)}"
