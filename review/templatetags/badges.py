"""The colour of a risk level or a flag severity badge, written once for every page."""

from django import template

register = template.Library()

# Risk levels and severities share these three names; no risk and information are plain.
BADGE_CLASSES = {"high": "text-bg-danger", "medium": "text-bg-warning", "low": "text-bg-info"}
PLAIN = "text-bg-light border"


@register.filter
def badge_class(level: str) -> str:
    """`<span class="badge {{ flag.severity|badge_class }}">`: Bootstrap's classes for a risk level or a severity."""
    return BADGE_CLASSES.get(level, PLAIN)
