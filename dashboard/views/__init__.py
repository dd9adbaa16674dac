"""The pages: the dashboards, and the patient and session pages that draw on every app below."""

from .dashboards import caseload, home, supervisor, therapist
from .flag_report import flag_report_csv, flag_report_page
from .patient import patient_detail
from .session import session_detail

__all__ = [
    "caseload",
    "flag_report_csv",
    "flag_report_page",
    "home",
    "patient_detail",
    "session_detail",
    "supervisor",
    "therapist",
]
