"""Two-factor authentication for staff: a TOTP authenticator app (django-otp).

Optional for everyone; required for clinic admins and superusers when
TWO_FACTOR_REQUIRED_FOR_CLINIC_ADMINS is on. Each user manages only their own
device: no view takes a device id.
"""
