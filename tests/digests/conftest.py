"""A real SMTP server (aiosmtpd) on a free port, and a world with high flags on patient A."""

import datetime
import email
import email.policy
import socket
from decimal import Decimal

import pytest
from aiosmtpd.controller import Controller

from measures.services import srs_response_submit
from review.services.recompute import patients_review
from sessions.services import session_record


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """Keeps every message it accepts; while `refuse` is set it answers 451 to each one."""

    def __init__(self):
        self.messages = []
        self.refuse = False
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refused += 1
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        return [message for message in self.messages if message["To"] == address]


@pytest.fixture
def smtp_settings(settings):
    def point_at(port: int):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        settings.SITE_URL = "https://alliance.example"

    return point_at


@pytest.fixture
def inbox(smtp_settings):
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    smtp_settings(port)
    yield handler
    controller.stop()


def high_flag_world(world):
    """Three low SRS in a row for patient A: a high flag (srs_sustained_low) on its third session."""
    world.session_2 = session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=datetime.date(2026, 11, 9), attendance="attended"
    )
    world.session_3 = session_record(
        patient=world.patient_a, therapist=world.therapist_a, date=datetime.date(2026, 11, 16), attendance="attended"
    )
    for session in (world.session_a, world.session_2, world.session_3):
        srs_response_submit(session=session, items=[Decimal("7.1")] * 4, channel="tablet", language="es")
    patients_review(patient_ids=[world.patient_a.pk], only_marked=False)
    for user, address in (
        (world.therapist_a, "a@clinic.example"),
        (world.therapist_b, "b@clinic.example"),
        (world.supervisor, "s@clinic.example"),
        (world.idle_supervisor, "t@clinic.example"),
        (world.admin, "admin@clinic.example"),
    ):
        user.email = address
        user.save(update_fields=["email"])
    return world


@pytest.fixture
def flagged(world):
    return high_flag_world(world)
