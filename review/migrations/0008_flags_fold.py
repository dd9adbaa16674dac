"""Fold the per-session flags of one patient and rule into concerns (docs/review-rules.md,
"Flags: one per concern"), and delete the flags of info rules (they are notes now).

The flags of a patient and rule are walked in session order: a flag continues the
concern before it unless that concern was resolved before its session's date; a
folded flag becomes a firing of the concern and is deleted. A concern takes the
furthest workflow of the flags folded into it (resolved over acknowledged over
open), and the latest evidence. Withdrawn flags stay as they are, each with its
one session as a firing, so that the next recompute can return them to their state.
"""

from django.db import migrations
from django.utils import timezone

INFO_RULES = ("srs_ceiling", "rupture_repaired")
WORKFLOW = ("acknowledged_by_id", "acknowledged_at", "resolved_by_id", "resolved_at", "resolution_note")
RANK = {"open": 0, "acknowledged": 1, "resolved": 2}


def _resolved_before(flag, date) -> bool:
    return flag.resolved_at is not None and timezone.localdate(flag.resolved_at) < date


def flags_fold(apps, schema_editor):
    Flag = apps.get_model("review", "Flag")
    FlagFiring = apps.get_model("review", "FlagFiring")
    Flag.objects.filter(code__in=INFO_RULES).delete()
    flags = Flag.objects.select_related("session").order_by("patient_id", "code", "session__number", "pk")
    groups: dict = {}
    for flag in flags:
        groups.setdefault((flag.patient_id, flag.code), []).append(flag)
    for group in groups.values():
        concerns = []
        for flag in group:
            if flag.status == "withdrawn":
                concerns.append([flag])
                continue
            latest = next((c for c in reversed(concerns) if c[0].status != "withdrawn"), None)
            if latest is not None and not _resolved_before(_furthest(latest), flag.session.date):
                latest.append(flag)
            else:
                concerns.append([flag])
        for concern in concerns:
            _concern_store(Flag, FlagFiring, concern)


def _furthest(concern):
    return max(concern, key=lambda flag: RANK.get(flag.status, 0))


def _concern_store(Flag, FlagFiring, concern) -> None:
    kept, furthest, last = concern[0], _furthest(concern), concern[-1]
    FlagFiring.objects.bulk_create(
        FlagFiring(flag=kept, session_id=f.session_id, code=f.code, evidence=f.evidence, added_at=f.raised_at)
        for f in concern
    )
    Flag.objects.filter(pk__in=[f.pk for f in concern[1:]]).delete()
    for field in WORKFLOW:
        setattr(kept, field, getattr(furthest, field))
    if kept.status != "withdrawn":
        kept.status = furthest.status
    kept.latest_session_id, kept.evidence = last.session_id, last.evidence
    kept.updated_at = max(f.updated_at for f in concern)
    kept.save()


class Migration(migrations.Migration):
    dependencies = [("review", "0007_flags_concerns")]

    operations = [migrations.RunPython(flags_fold, migrations.RunPython.noop)]
