"""The pages: the dashboards, and the patient and session pages that draw on every app below."""

from .dashboards import caseload, home, supervisor, therapist
from .patient import patient_detail
from .session import session_detail

__all__ = ["caseload", "home", "patient_detail", "session_detail", "supervisor", "therapist"]
