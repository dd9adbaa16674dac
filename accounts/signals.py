"""What accounts tells the layers above it: a change of a staff member's privileges.

The audit log records each one (audit/receivers.py); accounts sits below
audit and cannot call it. `change` is one of audit.models.Action's values
(create, update, deactivate, reactivate, role, supervision, two_factor_on,
two_factor_off); `detail` names what changed, never a password or a key.
"""

from django.dispatch import Signal

staff_changed = Signal()  # sender=User, member=User, change=str, detail=dict
