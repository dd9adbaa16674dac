import operator
from collections.abc import Iterable
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Clinic
from audit.trackers import track_writes
from patients.models import Language
from sessions.models import TherapySession

from . import scoring
from .instruments import INSTRUMENTS, SRS, WAI_SR, WAI_SR_THERAPIST, Instrument
from .patient_forms.models import PatientFormAccess  # noqa: F401  (tablet codes and telehealth links)

WAI_ITEM_NUMBERS = range(1, scoring.WAI_ITEM_COUNT + 1)
WAI_SCORES = ("task", "bond", "goal", "total")
WAI_SCORE_NAMES = {"task": _("Task"), "bond": _("Bond"), "goal": _("Goal"), "total": _("Total")}


class InstrumentCode(models.TextChoices):
    SRS = SRS.code, _("SRS")
    WAI_SR = WAI_SR.code, _("WAI-SR (patient)")
    WAI_SR_THERAPIST = WAI_SR_THERAPIST.code, _("WAI-SR (therapist)")


class Respondent(models.TextChoices):
    PATIENT = "patient", _("Patient")
    THERAPIST = "therapist", _("Therapist")


class Channel(models.TextChoices):
    TABLET = "tablet", _("Clinic tablet")
    LINK = "link", _("Telehealth link")
    PAPER = "paper", _("Paper, entered by staff")
    IMPORT = "import", _("Imported from a CSV file")


# Typed in or imported by a member of staff (recorded in `submitted_by`), not the patient's own answer.
STAFF_CHANNELS = (Channel.PAPER, Channel.IMPORT)


def _any_of(conditions: Iterable[Q]) -> Q:
    return reduce(operator.or_, conditions)


def _version_is_valid(*instruments: Instrument) -> Q:
    return _any_of(Q(instrument=instrument.code, version=instrument.version) for instrument in instruments)


class Response(models.Model):
    """What every answered instrument records: who, how, when, in which version and language."""

    session = models.ForeignKey(TherapySession, on_delete=models.CASCADE, verbose_name=_("session"))
    instrument = models.CharField(_("instrument"), max_length=20, choices=InstrumentCode.choices)
    version = models.CharField(_("instrument version"), max_length=30)
    respondent = models.CharField(_("rated by"), max_length=10, choices=Respondent.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # The staff member who typed a paper form in or imported the file; empty for the patient's own tablet or link.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # Sent with each form: a re-send with the same key returns the stored response.
    submission_key = models.UUIDField(_("submission key"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["session", "instrument"], name="%(class)s_one_per_session"),
            models.CheckConstraint(condition=Q(respondent__in=Respondent.values), name="%(class)s_respondent_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="%(class)s_channel_valid"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="%(class)s_language_valid"),
            models.CheckConstraint(
                condition=~Q(channel__in=STAFF_CHANNELS) | Q(submitted_by__isnull=False),
                name="%(class)s_staff_entry_has_enterer",
            ),
        ]

    @property
    def definition(self) -> Instrument:
        return INSTRUMENTS[self.instrument]

    @property
    def entered_by_staff(self) -> bool:
        return self.channel in STAFF_CHANNELS


def _srs_item_field(label):
    return models.DecimalField(label, max_digits=3, decimal_places=1)


def _srs_item_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__gte": scoring.SRS_ITEM_MIN, f"{name}__lte": scoring.SRS_ITEM_MAX}),
        name=f"srs_{name}_range",
    )


@track_writes(fields=["id", "session"])
class SrsResponse(Response):
    """A Session Rating Scale: four items 0.0-10.0 and their total 0-40."""

    relationship = _srs_item_field(_("relationship"))
    goals = _srs_item_field(_("goals and topics"))
    approach = _srs_item_field(_("approach or method"))
    overall = _srs_item_field(_("overall"))
    total = models.DecimalField(_("total"), max_digits=3, decimal_places=1)

    class Meta:
        verbose_name = _("SRS response")
        verbose_name_plural = _("SRS responses")
        ordering = ["session", "instrument"]
        constraints = [
            *Response.Meta.constraints,
            models.CheckConstraint(
                condition=Q(instrument=SRS.code, respondent=Respondent.PATIENT), name="srs_rated_by_patient"
            ),
            models.CheckConstraint(condition=_version_is_valid(SRS), name="srs_version_valid"),
            *[_srs_item_range(name) for name in scoring.SRS_ITEMS],
            models.CheckConstraint(condition=Q(total__gte=0, total__lte=40), name="srs_total_range"),
            # The total is the sum of the items; the tolerance absorbs SQLite's binary floats.
            models.CheckConstraint(
                condition=Q(
                    total__gte=F("relationship") + F("goals") + F("approach") + F("overall") - Decimal("0.05"),
                    total__lte=F("relationship") + F("goals") + F("approach") + F("overall") + Decimal("0.05"),
                ),
                name="srs_total_is_sum",
            ),
        ]

    def __str__(self):
        return f"SRS {self.total} · {self.session}"

    @property
    def items(self) -> tuple[Decimal, ...]:
        return tuple(getattr(self, name) for name in scoring.SRS_ITEMS)

    @property
    def item_rows(self) -> list[tuple[str, Decimal]]:
        return [(item.name, getattr(self, item.code)) for item in SRS.items]


def _wai_item_field(number: int):
    return models.PositiveSmallIntegerField(format_lazy(_("item {number}"), number=number), null=True, blank=True)


def _wai_score_field(label):
    return models.DecimalField(label, max_digits=3, decimal_places=2, null=True, blank=True)


def _nullable_range(name: str, low, high, constraint_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": low, f"{name}__lte": high}),
        name=constraint_name,
    )


@track_writes(fields=["id", "session"])
class WaiResponse(Response):
    """A WAI-SR, rated by the patient or (its own instrument) by the therapist.

    Items are 1-5 or empty (unanswered); subscale and total means are empty
    where the missing-item rule of measures.scoring leaves them unscored.
    """

    item_1 = _wai_item_field(1)
    item_2 = _wai_item_field(2)
    item_3 = _wai_item_field(3)
    item_4 = _wai_item_field(4)
    item_5 = _wai_item_field(5)
    item_6 = _wai_item_field(6)
    item_7 = _wai_item_field(7)
    item_8 = _wai_item_field(8)
    item_9 = _wai_item_field(9)
    item_10 = _wai_item_field(10)
    item_11 = _wai_item_field(11)
    item_12 = _wai_item_field(12)
    task = _wai_score_field(_("task"))
    bond = _wai_score_field(_("bond"))
    goal = _wai_score_field(_("goal"))
    total = _wai_score_field(_("total"))

    class Meta:
        verbose_name = _("WAI-SR response")
        verbose_name_plural = _("WAI-SR responses")
        ordering = ["session", "instrument"]
        constraints = [
            *Response.Meta.constraints,
            models.CheckConstraint(
                condition=Q(instrument=WAI_SR.code, respondent=Respondent.PATIENT)
                | Q(instrument=WAI_SR_THERAPIST.code, respondent=Respondent.THERAPIST),
                name="wai_instrument_matches_respondent",
            ),
            models.CheckConstraint(condition=_version_is_valid(WAI_SR, WAI_SR_THERAPIST), name="wai_version_valid"),
            *[
                _nullable_range(f"item_{n}", scoring.WAI_ITEM_MIN, scoring.WAI_ITEM_MAX, f"wai_item_{n}_range")
                for n in WAI_ITEM_NUMBERS
            ],
            *[_nullable_range(name, 1, 5, f"wai_{name}_range") for name in WAI_SCORES],
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(task__isnull=False, bond__isnull=False, goal__isnull=False),
                name="wai_total_only_when_subscales_scored",
            ),
        ]

    def __str__(self):
        return f"{self.instrument} {self.total} · {self.session}"

    @property
    def items(self) -> tuple[int | None, ...]:
        return tuple(getattr(self, f"item_{n}") for n in WAI_ITEM_NUMBERS)

    @property
    def scores(self) -> scoring.WaiScores:
        return scoring.WaiScores(task=self.task, bond=self.bond, goal=self.goal, total=self.total)

    @property
    def score_rows(self) -> list[tuple[str, Decimal | None]]:
        return [(WAI_SCORE_NAMES[name], getattr(self, name)) for name in WAI_SCORES]

    @property
    def answered_count(self) -> int:
        return sum(value is not None for value in self.items)


class InstrumentWording(models.Model):
    """A clinic's licensed wording of one item of an instrument, in one language."""

    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="instrument_wordings", verbose_name=_("clinic")
    )
    instrument = models.CharField(_("instrument"), max_length=20, choices=InstrumentCode.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    item = models.PositiveSmallIntegerField(_("item number"))
    text = models.TextField(_("licensed text"), max_length=1000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("licensed item wording")
        verbose_name_plural = _("licensed item wording")
        ordering = ["clinic", "instrument", "language", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "instrument", "language", "item"], name="wording_unique_per_item"
            ),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="wording_language_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="wording_text_not_empty"),
            models.CheckConstraint(
                condition=_any_of(
                    Q(instrument=code, item__gte=1, item__lte=instrument.item_count)
                    for code, instrument in INSTRUMENTS.items()
                ),
                name="wording_instrument_and_item_valid",
            ),
        ]

    def __str__(self):
        return f"{self.clinic} · {self.instrument} · {self.language} · {self.item}"
