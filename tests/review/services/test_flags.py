"""The clinician's flag workflow, through its services: acknowledge, resolve, and the steps that do not apply."""

import pytest

from review.models import Flag, FlagStatus
from review.services.flags import FlagError, flag_acknowledge, flag_resolve


def test_resolving_a_resolved_flag_changes_nothing(world, flagged):
    _, drop = flagged
    flag_resolve(flag=drop, user=world.therapist_a, note="First.")
    flag_resolve(flag=drop, user=world.supervisor, note="Second.")
    drop.refresh_from_db()
    assert (drop.resolved_by, drop.resolution_note) == (world.therapist_a, "First.")


def test_an_acknowledged_flag_keeps_who_acknowledged_it_when_resolved(world, flagged):
    _, drop = flagged
    flag_acknowledge(flag=drop, user=world.therapist_a)
    flag_resolve(flag=drop, user=world.supervisor, note="Done.")
    drop.refresh_from_db()
    assert (drop.acknowledged_by, drop.resolved_by) == (world.therapist_a, world.supervisor)


def test_a_withdrawn_flag_can_be_neither_acknowledged_nor_resolved(world, flagged):
    _, drop = flagged
    Flag.objects.filter(pk=drop.pk).update(status=FlagStatus.WITHDRAWN, withdrawn_at=drop.raised_at)
    with pytest.raises(FlagError, match="withdrawn"):
        flag_acknowledge(flag=drop, user=world.therapist_a)
    with pytest.raises(FlagError, match="withdrawn"):
        flag_resolve(flag=drop, user=world.therapist_a, note="Done.")
    assert Flag.objects.get(pk=drop.pk).status == FlagStatus.WITHDRAWN


def test_resolving_needs_a_note_that_is_not_blank(world, flagged):
    _, drop = flagged
    with pytest.raises(FlagError) as raised:
        flag_resolve(flag=drop, user=world.therapist_a, note="   ")
    assert raised.value.message == "Say briefly what was done."
    assert Flag.objects.get(pk=drop.pk).status == FlagStatus.OPEN
