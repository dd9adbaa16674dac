"""What the dashboard pages show, one selector per page; every read scoped to the user first."""

from .caseload import CaseloadFilters, CaseloadRow, therapist_home
from .patient import patient_timeline
from .supervisor import supervisor_dashboard, therapist_dashboard

__all__ = [
    "CaseloadFilters",
    "CaseloadRow",
    "patient_timeline",
    "supervisor_dashboard",
    "therapist_dashboard",
    "therapist_home",
]
