"""Import the sessions CSV (docs/design.md, "The sessions CSV"): every row is checked first, then all or nothing.

Where the design is silent, the import works like this:

- Who. A therapist imports for themselves; a clinic admin picks a therapist
  of the clinic, who becomes the primary therapist of the new patients
  (`import_therapists_for_user`). Supervisors and anyone else get a 404.
  `manage.py import_sessions --therapist` imports as that therapist.
- Patients. A code unknown in the clinic creates a patient. A code of a
  patient the importer may not see is a bad row, with no more said than the
  patient form says (the code is taken); that patient is never touched.
- Numbers. A row for an existing (patient, number) updates that session to
  match the file (date, status, modality, markers, checklist, the SRS and
  the patient's WAI-SR); a session that already matches is not written, so
  importing an export again changes nothing. New numbers continue the
  patient's sequence without gaps (last + 1, last + 2, ...); any other
  number is a bad row. The numbers must follow the dates (REVIEW_RULES.md
  "Session order"): once the file is applied, each patient's sessions in
  number order must be in date order, else the rows out of place are bad;
  a session for an earlier date is logged on its page, where it takes its
  place. The time, duration and note of a session are not in the file: an
  update keeps them. A new session's therapist is the patient's primary
  therapist.
- Measures are stored with the channel "import", entered by the importer,
  in the patient's language. A staff entry (paper or imported) is replaced
  or removed to match the file. A patient's own tablet or link answer is
  never changed: a row that differs from it is a bad row, and so is a row
  that makes a session with a therapist-rated WAI-SR (not in the file) one
  that did not take place.
"""

import datetime
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Clinic, User
from accounts.selectors import therapists_of_clinic
from audit.services import audit_record
from measures.models import Channel, Respondent, SrsResponse, WaiResponse
from measures.selectors import SessionMeasures, measures_of_sessions
from measures.services import Submission, responses_bulk_create, srs_response_build, wai_response_build
from patients.codes import code_is_allowed
from patients.models import Patient
from patients.selectors import patients_for_user
from sessions.models import Attendance, TherapySession
from sessions.review_marks import review_request_sessions

from . import csv_format
from .csv_format import Problem, ReadRow, SessionRow

BATCH_SIZE = 1000


class SessionsImportError(Exception):
    """Nothing was imported; `errors` gives every reason, in line order, ready to show."""

    def __init__(self, errors: Sequence[str]):
        super().__init__("\n".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class ImportResult:
    patients_created: int
    sessions_created: int
    sessions_updated: int
    sessions_unchanged: int


def import_therapists_for_user(user: User) -> QuerySet[User]:
    """The therapists whose new patients `user` may import: themselves, or the clinic's for a clinic admin.

    404 for anyone else (supervisors, users outside a clinic).
    """
    if not user.is_authenticated or not user.is_active:
        raise Http404
    if user.clinic_id is None:
        raise Http404
    if user.is_therapist:
        return User.objects.filter(pk=user.pk)
    if user.is_clinic_admin:
        return therapists_of_clinic(user.clinic_id)
    raise Http404


def sessions_import(*, text: str, importer: User, therapist: User, today: datetime.date | None = None) -> ImportResult:
    """Import the sessions CSV in `text` as `importer`; new patients are `therapist`'s.

    Raises SessionsImportError, having stored nothing, when the file or any
    row is bad; the errors name every bad row by its line.
    """
    _check_who(importer, therapist)
    today = today or timezone.localdate()
    lines = io.StringIO(text, newline="")
    try:
        read, problems = csv_format.file_read(lines, today=today, max_rows=settings.SESSIONS_IMPORT_MAX_ROWS)
    except csv_format.FileError as error:
        raise SessionsImportError([str(problem) for problem in error.problems]) from None
    try:
        with transaction.atomic():
            plan = _plan(read, importer=importer, clinic=therapist.clinic)
            problems += plan.problems
            if problems:
                raise SessionsImportError([str(problem) for problem in sorted(problems, key=lambda p: p.line)])
            result = _apply(plan, importer=importer, therapist=therapist)
            audit_record(
                action="import",
                object_type="sessions_csv",
                user=importer,
                detail={"rows": len(read), "therapist": therapist.pk, **asdict(result)},
            )
            return result
    except IntegrityError:
        # Someone else wrote to these patients at the same moment (e.g. created the same code).
        reason = _("These patients changed while the file was being imported. Nothing was imported: try again.")
        raise SessionsImportError([reason]) from None


def _check_who(importer: User, therapist: User) -> None:
    may_import = importer.is_clinic_admin or (importer.is_therapist and importer.pk == therapist.pk)
    if not importer.is_active or not may_import:
        raise SessionsImportError([_("Only a therapist or a clinic admin may import sessions.")])
    if not therapist.is_active or not therapist.is_therapist or therapist.clinic_id != importer.clinic_id:
        raise SessionsImportError([_("%(name)s is not an active therapist of your clinic.") % {"name": therapist}])


@dataclass
class _Target:
    """A good row and the session it writes: None until a new one is made."""

    row: SessionRow
    session: TherapySession | None


@dataclass
class _Plan:
    patients: dict[str, Patient]  # by lower-case code: the existing patients the file names
    new_codes: dict[str, str]  # lower-case code -> the code as first written, for the patients to create
    targets: list[_Target]
    measures: dict[int, SessionMeasures]  # by session id, for the existing sessions in the file
    problems: list[Problem]


def _plan(read: list[ReadRow], *, importer: User, clinic: Clinic) -> _Plan:
    """Read what the file touches (locking its patients) and check the rows against it and each other."""
    patients, hidden = _patients_named(read, importer=importer, clinic=clinic)
    sessions = _sessions_of(patients.values())
    keyed, problems = _check_keys(read, hidden)
    existing = {code: set(sessions[patient.pk]) for code, patient in patients.items()}
    problems += _check_numbers(keyed, existing)
    targets, new_codes = [], {}
    for row in (read_row.row for read_row in keyed if read_row.row):
        patient = patients.get(row.patient_code.lower())
        if patient is None:
            problems += _check_new_code(row)
            new_codes.setdefault(row.patient_code.lower(), row.patient_code)
        targets.append(_Target(row, sessions[patient.pk].get(row.number) if patient else None))
    problems += _check_order(targets, sessions, patients, skip={problem.line for problem in problems})
    measures = measures_of_sessions(target.session for target in targets if target.session)
    for target in targets:
        if target.session:
            problems += [Problem(target.row.line, reason) for reason in _check_kept(target, measures)]
    return _Plan(patients, new_codes, targets, measures, problems)


def _patients_named(read: list[ReadRow], *, importer: User, clinic: Clinic) -> tuple[dict[str, Patient], set[str]]:
    """The clinic's patients named in the file: those `importer` may see, locked, by lower-case code; others' codes."""
    codes = {row.key[0].lower() for row in read if row.key}
    found = (
        Patient.objects.filter(clinic=clinic)
        .annotate(code_lower=Lower("code"), visible=Exists(patients_for_user(importer).filter(pk=OuterRef("pk"))))
        .filter(code_lower__in=codes)
        .select_for_update()
        .order_by("pk")
    )
    patients, hidden = {}, set()
    for patient in found:
        if patient.visible:
            patients[patient.code_lower] = patient
        else:
            hidden.add(patient.code_lower)
    return patients, hidden


def _sessions_of(patients: Iterable[Patient]) -> dict[int, dict[int, TherapySession]]:
    """The patients' sessions, by patient id and session number."""
    by_pk = {patient.pk: patient for patient in patients}
    sessions = defaultdict(dict)
    for session in TherapySession.objects.filter(patient__in=by_pk):
        session.patient = by_pk[session.patient_id]
        sessions[session.patient_id][session.number] = session
    return sessions


def _check_keys(read: list[ReadRow], hidden: set[str]) -> tuple[list[ReadRow], list[Problem]]:
    """The rows with a session key that is neither repeated nor a hidden patient's, and the problems of the others."""
    first_line: dict[tuple[str, int], int] = {}
    keyed, problems = [], []
    for row in read:
        if row.key is None:
            continue
        code, number = row.key
        key = (code.lower(), number)
        if key in first_line:
            reason = _("session %(number)s of patient %(code)s is already on line %(first)s.")
            problems.append(Problem(row.line, reason % {"number": number, "code": code, "first": first_line[key]}))
            continue
        first_line[key] = row.line
        if key[0] in hidden:
            reason = _("another patient of the clinic, not one you may import for, already has the code %(code)s.")
            problems.append(Problem(row.line, reason % {"code": code}))
            continue
        keyed.append(row)
    return keyed, problems


def _check_new_code(row: SessionRow) -> list[Problem]:
    """A code no patient of the clinic has makes a new patient: it must be a code the patient form would take."""
    if code_is_allowed(row.patient_code):
        return []
    reason = _(
        "patient_code %(code)s is new, and a new patient's code may only have letters A-Z, digits and - _ . "
        "(no spaces or accents)."
    )
    return [Problem(row.line, reason % {"code": row.patient_code})]


def _check_numbers(keyed: Iterable[ReadRow], existing: dict[str, set[int]]) -> list[Problem]:
    """Existing numbers update; new ones must continue each patient's sequence without a gap."""
    by_code = defaultdict(list)
    for row in keyed:
        by_code[row.key[0].lower()].append(row)
    problems = []
    for code, rows in by_code.items():
        numbers = existing.get(code, set())
        last = max(numbers, default=0)
        following = last + 1
        for row in sorted(rows, key=lambda row: row.key[1]):
            shown, number = row.key
            if number in numbers:
                continue
            if number == following:
                following += 1
                continue
            if number < following:
                reason = _("patient %(code)s has no session %(number)s to update (their sessions go up to %(last)s).")
            else:
                reason = _("session_number %(number)s leaves a gap: the next session of patient %(code)s is %(next)s.")
            values = {"code": shown, "number": number, "last": last, "next": following}
            problems.append(Problem(row.line, reason % values))
    return problems


def _order_key(date: datetime.date, time: datetime.time | None, recorded: tuple) -> tuple:
    """Where a session goes in session order (sessions.numbering): date, time (none last), when recorded."""
    return (date, time is None, time or datetime.time.min, *recorded)


def _check_order(
    targets: Iterable[_Target], sessions: dict[int, dict[int, TherapySession]], patients: dict[str, Patient], *, skip
) -> list[Problem]:
    """Each patient's numbers, once the file is applied, must follow the session order of their dates.

    A stored session keeps its time and when it was recorded; a new one has no
    time and is recorded after every stored one, in the order of its number.
    Rows already bad (lines in `skip`) are left out.
    """
    numbered: dict[str, dict[int, tuple]] = defaultdict(dict)  # lower-case code -> number -> (key, line, date)
    shown = {code: patient.code for code, patient in patients.items()}
    for code, patient in patients.items():
        for number, session in sessions[patient.pk].items():
            recorded = (0, session.created_at, session.pk)
            numbered[code][number] = (_order_key(session.date, session.time, recorded), 0, session.date)
    for target in targets:
        row = target.row
        if row.line in skip:
            continue
        code = row.patient_code.lower()
        shown.setdefault(code, row.patient_code)
        stored = target.session
        if stored:
            key = _order_key(row.date, stored.time, (0, stored.created_at, stored.pk))
        else:
            key = _order_key(row.date, None, (1, row.number, 0))
        numbered[code][row.number] = (key, row.line, row.date)
    problems = []
    for code, by_number in numbered.items():
        numbers = sorted(by_number)
        for previous, number in zip(numbers, numbers[1:], strict=False):
            (previous_key, previous_line, previous_date), (key, line, date) = by_number[previous], by_number[number]
            if previous_key < key or not (line or previous_line):
                continue  # in order, or two stored sessions: not this file's doing
            values = {"code": shown[code], "number": number, "previous": previous, "date": date.isoformat()}
            if date == previous_date:
                reason = _(
                    "sessions %(previous)s and %(number)s of patient %(code)s are both on %(date)s, where session "
                    "%(number)s comes first (by its time, or as the one recorded first): swap their numbers."
                )
            else:
                reason = _(
                    "session %(number)s of patient %(code)s is dated %(date)s, before session %(previous)s "
                    "(dated %(previous_date)s): number each patient's sessions in the order of their dates."
                )
                values["previous_date"] = previous_date.isoformat()
            problems.append(Problem(line or previous_line, reason % values))
    return problems


def _check_kept(target: _Target, measures: dict[int, SessionMeasures]) -> list[str]:
    """What the row may not change in its existing session: the patient's own answers, a therapist's rating."""
    row, current = target.row, measures[target.session.pk]
    values = {"number": row.number, "code": row.patient_code}
    reasons = []
    for name, stored, wanted in (("SRS", current.srs, row.srs), ("WAI-SR", current.wai_patient, row.wai)):
        if stored is not None and not stored.entered_by_staff and stored.items != wanted:
            reason = _(
                "session %(number)s of patient %(code)s has the patient's own %(name)s (%(channel)s), "
                "which an import cannot change or remove: give the same answers."
            )
            reasons.append(reason % {**values, "name": name, "channel": stored.get_channel_display()})
    if current.wai_therapist is not None and row.attendance != Attendance.ATTENDED:
        reason = _("session %(number)s of patient %(code)s has a WAI-SR rated by the therapist, so it stays attended.")
        reasons.append(reason % values)
    return reasons


def _apply(plan: _Plan, *, importer: User, therapist: User) -> ImportResult:
    new_patients = [
        Patient(clinic_id=therapist.clinic_id, primary_therapist=therapist, code=code)
        for code in plan.new_codes.values()
    ]
    Patient.objects.bulk_create(new_patients, batch_size=BATCH_SIZE)
    patients = {**plan.patients, **{patient.code.lower(): patient for patient in new_patients}}
    now = timezone.now()
    created, changed_by_field = [], defaultdict(list)
    for target in plan.targets:
        if target.session is None:
            patient = patients[target.row.patient_code.lower()]
            target.session = TherapySession(
                patient=patient,
                therapist_id=patient.primary_therapist_id,
                number=target.row.number,
                **target.row.session_fields,
            )
            created.append(target.session)
        else:
            for name in _session_set(target.session, target.row.session_fields):
                changed_by_field[name].append(target.session)
    # Recorded in number order: a new session's place among those of its day follows when it was recorded.
    created.sort(key=lambda session: (session.patient.code.lower(), session.number))
    TherapySession.objects.bulk_create(created, batch_size=BATCH_SIZE)
    updated = _sessions_update(changed_by_field, now)
    measured = _measures_apply(plan, importer=importer, now=now)
    changed = {session.pk: session for session in [*created, *updated, *measured]}
    _reviews_request(changed.values())
    return ImportResult(
        patients_created=len(new_patients),
        sessions_created=len(created),
        sessions_updated=len(changed) - len(created),
        sessions_unchanged=len(plan.targets) - len(changed),
    )


def _session_set(session: TherapySession, fields: dict) -> list[str]:
    """Give `session` the values of `fields`; the names of those that changed."""
    changed = [name for name, value in fields.items() if getattr(session, name) != value]
    for name in changed:
        setattr(session, name, fields[name])
    return changed


def _sessions_update(changed_by_field: dict[str, list[TherapySession]], now: datetime.datetime) -> list:
    """Write each changed field of the sessions that changed it; the sessions written.

    Field by field because `bulk_update` builds a CASE branch per row and
    field: every field of 10,000 rows takes about 20 s, one field about 1 s.
    """
    updated = {}
    for name, sessions in changed_by_field.items():
        TherapySession.objects.bulk_update(sessions, [name], batch_size=BATCH_SIZE)
        updated.update((session.pk, session) for session in sessions)
    TherapySession.objects.filter(pk__in=list(updated)).update(updated_at=now)
    return list(updated.values())


def _measures_apply(plan: _Plan, *, importer: User, now: datetime.datetime) -> list[TherapySession]:
    """Make each session's SRS and patient WAI-SR those of its row; the sessions whose measures changed."""
    removed = {SrsResponse: [], WaiResponse: []}
    added, changed = [], []
    for target in plan.targets:
        session, row = target.session, target.row
        current = plan.measures.get(session.pk, SessionMeasures())
        submission = Submission(
            channel=Channel.IMPORT, language=session.patient.language, submitted_by=importer, submitted_at=now
        )
        srs_differs = _items(current.srs) != row.srs
        wai_differs = _items(current.wai_patient) != row.wai
        if srs_differs and current.srs:
            removed[SrsResponse].append(current.srs.pk)
        if srs_differs and row.srs:
            added.append(srs_response_build(session=session, items=list(row.srs), submission=submission))
        if wai_differs and current.wai_patient:
            removed[WaiResponse].append(current.wai_patient.pk)
        if wai_differs and row.wai:
            items = list(row.wai)
            added.append(
                wai_response_build(session=session, items=items, respondent=Respondent.PATIENT, submission=submission)
            )
        if srs_differs or wai_differs:
            changed.append(session)
    for model, pks in removed.items():
        model.objects.filter(pk__in=pks).delete()
    responses_bulk_create(added)
    return changed


def _items(response) -> tuple | None:
    return response.items if response is not None else None


def _reviews_request(sessions: Iterable[TherapySession]) -> None:
    """Mark the sessions this import created or changed, and every later one of their patients, for review.

    Called inside the import's transaction: the bulk writes above bypass
    `session_record` and `session_update`, which mark their own sessions.
    """
    review_request_sessions(session.pk for session in sessions)
