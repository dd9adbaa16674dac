"""The request an audit event belongs to, and the events it produced so far."""

import contextvars
from dataclasses import dataclass, field


@dataclass
class RequestInfo:
    user_id: int | None
    username: str
    clinic_id: int | None
    ip: str | None
    path: str
    pending: list = field(default_factory=list)


current: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar("audit_request", default=None)
