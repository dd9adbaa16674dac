"""The daily e-mail of high flags, sent to a real SMTP server (aiosmtpd)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboard.demo import demo_build
from digests.models import DigestSent
from digests.services import digests_send
from digests.tasks import daily_digests
from measures.services import srs_response_submit
from review.models import Flag, Severity
from review.services import flags as flag_services
from review.services.recompute import patients_review
from sessions.services import session_record

from .conftest import free_port

DAY = datetime.date(2026, 11, 17)


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_the_therapist_gets_the_code_rule_session_age_and_links(flagged, inbox):
    high = Flag.objects.get(severity=Severity.HIGH)
    Flag.objects.filter(pk=high.pk).update(raised_at=timezone.now() - datetime.timedelta(days=2, hours=1))

    assert digests_send(day=DAY) == []

    [message] = inbox.to("a@clinic.example")
    text = body(message)
    assert message["Subject"] == "Alliance: 1 high flag to look at"
    assert "Patient A-001, session 3: SRS low three times running, raised 2 days ago" in text
    assert f"https://alliance.example/sessions/{flagged.session_3.pk}/" in text
    assert f"https://alliance.example/patients/{flagged.patient_a.pk}/" in text
    assert "https://alliance.example/accounts/settings/" in text


def test_a_concern_that_fired_again_is_listed_at_its_latest_session(flagged, inbox):
    """One flag per concern: a fourth low SRS continues the flag, and the e-mail points at session 4."""
    session_4 = session_record(
        patient=flagged.patient_a,
        therapist=flagged.therapist_a,
        date=datetime.date(2026, 11, 23),
        attendance="attended",
    )
    srs_response_submit(session=session_4, items=[Decimal("7.1")] * 4, channel="tablet", language="es")
    patients_review(patient_ids=[flagged.patient_a.pk], only_marked=False)
    assert Flag.objects.filter(code="srs_sustained_low").count() == 1

    digests_send(day=DAY)

    text = body(inbox.to("a@clinic.example")[0])
    assert "Patient A-001, session 4: SRS low three times running" in text
    assert f"https://alliance.example/sessions/{session_4.pk}/" in text


def test_the_e_mail_carries_no_alias_no_score_and_no_note(flagged, inbox):
    digests_send(day=DAY)

    for message in inbox.messages:
        text = message["Subject"] + body(message)
        assert "Ana" not in text
        assert "7.1" not in text and "28.4" not in text and "28,4" not in text
        assert "PCOMS" not in text  # nor the rule's source or evidence


def test_the_supervisor_gets_the_new_flags_of_their_team_and_nobody_else_gets_one(flagged, inbox):
    digests_send(day=DAY)

    [message] = inbox.to("s@clinic.example")
    assert "A-001" in body(message)
    assert sorted(m["To"] for m in inbox.messages) == ["a@clinic.example", "s@clinic.example"]


def test_the_next_day_the_supervisor_hears_only_of_new_flags_and_the_therapist_still_of_open_ones(flagged, inbox):
    digests_send(day=DAY)
    inbox.messages.clear()

    digests_send(day=DAY + datetime.timedelta(days=1))

    assert [m["To"] for m in inbox.messages] == ["a@clinic.example"]


def test_a_resolved_flag_is_no_longer_listed_once_reported(flagged, inbox):
    digests_send(day=DAY)
    inbox.messages.clear()
    high = Flag.objects.get(severity=Severity.HIGH)
    flag_services.flag_acknowledge(flag=high, user=flagged.therapist_a)
    flag_services.flag_resolve(flag=high, user=flagged.therapist_a, note="Talked it through with Ana")

    digests_send(day=DAY + datetime.timedelta(days=1))

    assert inbox.messages == []


def test_a_spanish_user_gets_it_in_spanish(flagged, inbox):
    flagged.therapist_a.language = "es"
    flagged.therapist_a.save(update_fields=["language"])

    digests_send(day=DAY)

    [message] = inbox.to("a@clinic.example")
    assert message["Subject"] == "Alliance: 1 alerta alta que revisar"
    assert "Paciente A-001, sesión 3" in body(message)


def test_nothing_goes_to_a_user_who_opted_out_or_has_no_address(flagged, inbox):
    flagged.therapist_a.digest_opt_out = True
    flagged.therapist_a.save(update_fields=["digest_opt_out"])
    flagged.supervisor.email = ""
    flagged.supervisor.save(update_fields=["email"])

    digests_send(day=DAY)

    assert inbox.messages == []
    assert not DigestSent.objects.exists()


def test_running_twice_sends_once(flagged, inbox):
    digests_send(day=DAY)
    digests_send(day=DAY)
    daily_digests.apply(args=[DAY.isoformat()])

    assert len(inbox.to("a@clinic.example")) == 1
    assert DigestSent.objects.filter(user=flagged.therapist_a, day=DAY).count() == 1


def test_a_refusing_server_records_nothing_and_a_later_run_sends_exactly_once(flagged, inbox):
    inbox.refuse = True

    failed = digests_send(day=DAY)

    assert sorted(failed) == sorted([flagged.therapist_a.pk, flagged.supervisor.pk])
    assert inbox.messages == []
    assert not DigestSent.objects.exists()

    inbox.refuse = False
    assert digests_send(day=DAY) == []
    assert digests_send(day=DAY) == []
    assert len(inbox.to("a@clinic.example")) == 1
    assert len(inbox.to("s@clinic.example")) == 1
    assert DigestSent.objects.count() == 2


def test_an_unreachable_server_records_nothing_and_the_task_reports_it(flagged, inbox, smtp_settings):
    smtp_settings(free_port())  # nothing listens there: the connection is refused

    assert daily_digests.apply(args=[DAY.isoformat()]).get() == 2
    assert not DigestSent.objects.exists()


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("smtp://mail.example", {"host": "mail.example", "port": 25, "use_tls": False, "use_ssl": False}),
        ("smtp+tls://u%40x:p%2Fw@mail.example", {"port": 587, "username": "u@x", "password": "p/w", "use_tls": True}),
        ("smtps://mail.example:2465", {"port": 2465, "use_ssl": True}),
    ],
)
def test_email_url_gives_the_mailer(url, options):
    from alliance.settings import email_from_url

    mailer = email_from_url(url)
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert options.items() <= mailer["OPTIONS"].items()


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "smtp://mail.example:port"])
def test_a_bad_email_url_stops_start_up(url):
    from django.core.exceptions import ImproperlyConfigured

    from alliance.settings import email_from_url

    with pytest.raises(ImproperlyConfigured):
        email_from_url(url)


def test_beat_sends_them_at_the_digest_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["daily-digests"]

    assert entry["task"] == "digests.tasks.daily_digests"
    assert entry["schedule"].hour == {settings.DIGEST_HOUR}
    assert entry["schedule"].minute == {0}


def test_send_digests_prints_them_on_the_console_without_an_smtp_server(flagged, settings, capsys):
    from django.core.management import call_command

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

    call_command("send_digests")

    printed = capsys.readouterr().out
    assert "To: a@clinic.example" in printed
    assert "A-001" in printed
    assert DigestSent.objects.filter(day=timezone.localdate()).count() == 2


def test_the_demo_staff_get_a_digest_of_the_demo_clinics_high_flags(db, inbox):
    demo_build(seed=1, patients_per_therapist=2)

    assert digests_send(day=timezone.localdate()) == []

    recipients = {message["To"] for message in inbox.messages}
    assert recipients and all(address.endswith("@demo.alliance.invalid") for address in recipients)
    assert "admin@demo.alliance.invalid" not in recipients  # clinic admins get no digest
