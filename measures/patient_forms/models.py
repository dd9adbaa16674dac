import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions.models import TherapySession

HASH_LENGTH = 64  # hex digest of HMAC-SHA256


class AccessKind(models.TextChoices):
    # The values are those of measures.models.Channel: a response records the kind as its channel.
    TABLET = "tablet", _("Clinic tablet code")
    LINK = "link", _("Telehealth link")


def _is_digest_or_empty(field: str) -> Q:
    return Q(**{field: ""}) | Q(Exact(Length(field), HASH_LENGTH))


LIVE_CODE = Q(kind=AccessKind.TABLET, opened_at__isnull=True, retired_at__isnull=True)
# Neither answered nor withdrawn: the form may still take an answer until it expires. A session has one at most.
UNFINISHED = Q(submitted_at__isnull=True, retired_at__isnull=True)


class PatientFormAccess(models.Model):
    """One way in to a session's patient form: a tablet code or a telehealth link.

    Only digests are stored: `code_hash` of the six-digit tablet code,
    `token_hash` of the form token (the link's own token, or the one minted
    for the tablet when its code is entered). `submission_key` goes with
    every serving of the form and is stored with the responses.
    """

    session = models.ForeignKey(
        TherapySession, on_delete=models.CASCADE, related_name="patient_form_accesses", verbose_name=_("session")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AccessKind.choices)
    # Empty where there is none: a link has no code; a tablet has no form token until its code is entered.
    code_hash = models.CharField(_("code digest"), max_length=HASH_LENGTH, blank=True, default="", editable=False)
    token_hash = models.CharField(_("token digest"), max_length=HASH_LENGTH, blank=True, default="", editable=False)
    submission_key = models.UUIDField(_("submission key"), default=uuid.uuid4, unique=True, editable=False)
    include_wai = models.BooleanField(_("WAI-SR follows the SRS"), default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    # Tablet only: when the code was entered (it cannot be entered again).
    opened_at = models.DateTimeField(_("code entered at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Withdrawn before it was answered: replaced by a newer code or link, withdrawn by the therapist,
    # made moot by an SRS entered from paper, or (a code) expired unused.
    retired_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("patient form access")
        verbose_name_plural = _("patient form accesses")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AccessKind.values), name="form_access_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind=AccessKind.TABLET) & ~Q(code_hash="")
                | Q(kind=AccessKind.LINK, code_hash="", opened_at__isnull=True) & ~Q(token_hash=""),
                name="form_access_secret_matches_kind",
            ),
            # A tablet gets its form token exactly when its code is entered.
            models.CheckConstraint(
                condition=Q(kind=AccessKind.LINK)
                | Q(opened_at__isnull=True, token_hash="")
                | Q(opened_at__isnull=False) & ~Q(token_hash=""),
                name="form_access_tablet_token_when_opened",
            ),
            # Digests only: a clear code or token never fits.
            models.CheckConstraint(condition=_is_digest_or_empty("code_hash"), name="form_access_code_is_digest"),
            models.CheckConstraint(condition=_is_digest_or_empty("token_hash"), name="form_access_token_is_digest"),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("issued_at")), name="form_access_expires_later"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(kind=AccessKind.LINK) | Q(opened_at__isnull=False),
                name="form_access_tablet_answered_after_entry",
            ),
            models.CheckConstraint(
                condition=Q(retired_at__isnull=True) | Q(submitted_at__isnull=True),
                name="form_access_only_unanswered_retired",
            ),
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="form_access_token_unique"
            ),
            # A code typed on the tablet finds at most one live code.
            models.UniqueConstraint(fields=["code_hash"], condition=LIVE_CODE, name="form_access_live_code_unique"),
            # One form per session at a time: issuing a code or a link withdraws the earlier one.
            models.UniqueConstraint(fields=["session"], condition=UNFINISHED, name="form_access_one_unfinished"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.session}"

    @property
    def language(self) -> str:
        """The form is shown in the patient's language, whatever the browser's."""
        return self.session.patient.language

    @property
    def answers_until(self) -> datetime.datetime | None:
        """Until when the form takes an answer: a link until it expires; a tablet for a while after entry."""
        if self.kind == AccessKind.LINK:
            return self.expires_at
        if self.opened_at is None:
            return None
        return self.opened_at + datetime.timedelta(minutes=settings.TABLET_FORM_MINUTES)

    @property
    def live_until(self) -> datetime.datetime:
        """Until when it may lead to an answer: a code until it expires or, once entered, as long as its form."""
        return self.answers_until or self.expires_at
