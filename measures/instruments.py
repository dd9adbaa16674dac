"""The instruments, each defined once: items, ranges, subscales, scoring, source and labels.

Licensing: the SRS and the WAI-SR are copyrighted. Alliance ships their
structure and scoring and, for each item, a short descriptive label of our
own in Spanish and English, never the licensed item wording. A clinic that
holds a licence loads its wording (`InstrumentWording`); forms then show it.
The item labels are data in both languages (not gettext) because a patient
form is shown in the patient's language, whatever the interface language.
"""

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import scoring

LANGUAGES = ("es", "en")
PATIENT = "patient"
THERAPIST = "therapist"

OUR_LABELS_NOTE = {
    "es": "Etiquetas descriptivas nuestras, no el texto con licencia del instrumento.",
    "en": "Our descriptive labels, not the licensed wording of the instrument.",
}
WAI_TRANSLATION_NOTE = {
    "es": "No existe un WAI-SR validado en español: esta versión es una traducción.",
    "en": "",
}


@dataclass(frozen=True)
class Item:
    number: int
    code: str
    name: str  # short name in the interface language, e.g. "Relationship"
    labels: Mapping[str, str]  # language -> our own descriptive label
    minimum: Decimal
    maximum: Decimal
    decimals: int


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str  # stored on every response; rules compare within one version
    name: str
    respondent: str
    items: tuple[Item, ...]
    subscales: Mapping[str, tuple[int, ...]]
    score: Callable
    source: str
    licence_holder: str
    translation_note: Mapping[str, str]

    @property
    def item_count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Labels:
    """The item texts of an instrument in one language, licensed or our own."""

    instrument: Instrument
    language: str
    texts: tuple[str, ...]  # in item order
    licensed: bool

    @property
    def notes(self) -> tuple[str, ...]:
        notes = () if self.licensed else (OUR_LABELS_NOTE[self.language],)
        translation = self.instrument.translation_note.get(self.language, "")
        return (*notes, translation) if translation else notes

    @property
    def items(self) -> list[tuple[Item, str]]:
        return list(zip(self.instrument.items, self.texts, strict=True))


SRS_ITEM_LABELS = {
    "relationship": (
        _("Relationship"),
        "Relación — sentirse escuchado, comprendido y respetado",
        "Relationship — felt heard, understood, respected",
    ),
    "goals": (
        _("Goals and topics"),
        "Metas y temas — se habló de lo que importaba",
        "Goals and topics — talked about what mattered",
    ),
    "approach": (
        _("Approach or method"),
        "Enfoque o método — la forma de trabajar encaja",
        "Approach or method — the way of working fits",
    ),
    "overall": (
        _("Overall"),
        "En general — cómo fue la sesión en conjunto",
        "Overall — how the session went as a whole",
    ),
}

# Our topic labels for the twelve WAI-SR items, with the subscale of each
# (scoring key of Hatcher & Gillaspy 2006, as in measures.scoring).
WAI_ITEM_LABELS = {
    1: ("Tarea — la terapia aclara cómo cambiar", "Task — therapy makes clearer how to change"),
    2: ("Tarea — nuevas formas de ver el problema", "Task — new ways of seeing the problem"),
    3: ("Vínculo — sentir simpatía del terapeuta", "Bond — sensing the therapist's liking"),
    4: ("Meta — fijar objetivos en colaboración", "Goal — setting goals together"),
    5: ("Vínculo — respeto mutuo", "Bond — mutual respect"),
    6: ("Meta — avanzar hacia metas acordadas", "Goal — moving toward agreed goals"),
    7: ("Vínculo — sentirse valorado", "Bond — feeling valued"),
    8: ("Meta — acuerdo sobre en qué trabajar", "Goal — agreement on what to work on"),
    9: ("Vínculo — un aprecio que resiste el desacuerdo", "Bond — regard that holds through disagreement"),
    10: ("Tarea — confianza en que el trabajo lleva al cambio", "Task — trust that the work leads to change"),
    11: ("Meta — idea compartida del cambio útil", "Goal — shared idea of a useful change"),
    12: ("Tarea — la forma de trabajar parece acertada", "Task — the way of working seems right"),
}


def _srs_items() -> tuple[Item, ...]:
    return tuple(
        Item(
            number=number,
            code=code,
            name=SRS_ITEM_LABELS[code][0],
            labels={"es": SRS_ITEM_LABELS[code][1], "en": SRS_ITEM_LABELS[code][2]},
            minimum=scoring.SRS_ITEM_MIN,
            maximum=scoring.SRS_ITEM_MAX,
            decimals=1,
        )
        for number, code in enumerate(scoring.SRS_ITEMS, start=1)
    )


def _wai_items() -> tuple[Item, ...]:
    return tuple(
        Item(
            number=number,
            code=f"item_{number}",
            name=format_lazy(_("Item {number}"), number=number),
            labels={"es": es, "en": en},
            minimum=Decimal(scoring.WAI_ITEM_MIN),
            maximum=Decimal(scoring.WAI_ITEM_MAX),
            decimals=0,
        )
        for number, (es, en) in WAI_ITEM_LABELS.items()
    )


SRS = Instrument(
    code="srs",
    version="srs-1",
    name=_("Session Rating Scale (SRS)"),
    respondent=PATIENT,
    items=_srs_items(),
    subscales={},
    score=scoring.srs_total,
    source=(
        "Duncan, B. L., Miller, S. D., Sparks, J. A., et al. (2003). The Session Rating Scale: preliminary "
        'psychometric properties of a "working" alliance measure. Journal of Brief Therapy, 3(1), 3-12.'
    ),
    licence_holder="ICCE (International Center for Clinical Excellence) / Better Outcomes Now",
    translation_note={},
)

_WAI_SOURCE = (
    "Hatcher, R. L., & Gillaspy, J. A. (2006). Development and validation of a revised short version of the "
    "Working Alliance Inventory. Psychotherapy Research, 16(1), 12-25."
)
_WAI_LICENCE_HOLDER = "Society for Psychotherapy Research"

WAI_SR = Instrument(
    code="wai-sr",
    version="wai-sr-1",
    name=_("Working Alliance Inventory, short revised (WAI-SR), patient"),
    respondent=PATIENT,
    items=_wai_items(),
    subscales=scoring.WAI_SUBSCALES,
    score=scoring.wai_scores,
    source=_WAI_SOURCE,
    licence_holder=_WAI_LICENCE_HOLDER,
    translation_note=WAI_TRANSLATION_NOTE,
)

# The same twelve items rated by the therapist: its own instrument, so that
# its scores are never compared with the patient's as one series.
WAI_SR_THERAPIST = dataclasses.replace(
    WAI_SR,
    code="wai-sr-therapist",
    version="wai-sr-therapist-1",
    name=_("WAI-SR rated by the therapist"),
    respondent=THERAPIST,
)

INSTRUMENTS = {instrument.code: instrument for instrument in (SRS, WAI_SR, WAI_SR_THERAPIST)}


def wai_instrument_for(respondent: str) -> Instrument:
    """The WAI-SR as rated by `respondent` (patient or therapist)."""
    return WAI_SR if respondent == PATIENT else WAI_SR_THERAPIST


def our_labels(instrument: Instrument, language: str) -> Labels:
    language = language if language in LANGUAGES else LANGUAGES[0]
    texts = tuple(item.labels[language] for item in instrument.items)
    return Labels(instrument=instrument, language=language, texts=texts, licensed=False)
