"""The WAI-SR rules (a response with a missing subscale is ignored), the session rules and the risk level."""

from collections.abc import Collection, Iterable, Sequence

from .base import (
    COMBINED_HIGH,
    MARKER_CODES_CONFRONTATION,
    MARKER_CODES_WITHDRAWAL,
    MISSED_ATTENDANCE,
    SEVERITIES,
    Fired,
    SessionFacts,
    Thresholds,
    WaiSnapshot,
    _fired,
    _s,
)


def _comparable(a: WaiSnapshot | None, b: WaiSnapshot | None) -> bool:
    return a is not None and b is not None and a.complete and b.complete and a.version == b.version


def wai_low(current: SessionFacts, t: Thresholds) -> Fired | None:
    wai = current.wai_patient
    if wai is None or not wai.complete:
        return None
    subscales = {"task": wai.task, "bond": wai.bond, "goal": wai.goal}
    low = {name: _s(score) for name, score in subscales.items() if score < t.wai_low}
    if low:
        return _fired("wai_low", low_subscales=low, cutoff=_s(t.wai_low))
    return None


def wai_drop(previous: SessionFacts | None, current: SessionFacts, t: Thresholds) -> Fired | None:
    """`previous`: the nearest earlier session with a complete patient WAI-SR."""
    if previous is None or not _comparable(previous.wai_patient, current.wai_patient):
        return None
    before, now = previous.wai_patient, current.wai_patient
    total_drop, bond_drop = before.total - now.total, before.bond - now.bond
    if total_drop >= t.wai_total_drop or bond_drop >= t.wai_bond_drop:
        return _fired(
            "wai_drop",
            previous_session=previous.number,
            previous_total=_s(before.total),
            current_total=_s(now.total),
            total_drop=_s(total_drop),
            min_total_drop=_s(t.wai_total_drop),
            previous_bond=_s(before.bond),
            current_bond=_s(now.bond),
            bond_drop=_s(bond_drop),
            min_bond_drop=_s(t.wai_bond_drop),
        )
    return None


def rater_gap(current: SessionFacts, t: Thresholds) -> Fired | None:
    patient, therapist = current.wai_patient, current.wai_therapist
    if not _comparable(patient, therapist):
        return None
    gap = therapist.total - patient.total
    if gap >= t.rater_gap:
        return _fired(
            "rater_gap",
            therapist_total=_s(therapist.total),
            patient_total=_s(patient.total),
            gap=_s(gap),
            min_gap=_s(t.rater_gap),
        )
    return None


# --- Session rules ---


def attendance(earlier: Sequence[SessionFacts], current: SessionFacts, t: Thresholds) -> Fired | None:
    """`earlier`: the sessions before the current one, in order (any attendance)."""
    if current.attendance not in MISSED_ATTENDANCE:
        return None
    recent = list(earlier)[-int(t.attendance_lookback) :]
    missed = [s for s in recent if s.attendance in MISSED_ATTENDANCE]
    if missed:
        return _fired(
            "attendance",
            current=current.attendance,
            earlier=[{"session": s.number, "attendance": s.attendance} for s in missed],
        )
    return None


def markers_withdrawal(current: SessionFacts, t: Thresholds) -> Fired | None:
    seen = sorted(current.markers & set(MARKER_CODES_WITHDRAWAL))
    if len(seen) >= t.withdrawal_min:
        return _fired("markers_withdrawal", markers=seen, minimum=int(t.withdrawal_min))
    return None


def markers_confrontation(current: SessionFacts, t: Thresholds) -> Fired | None:
    seen = sorted(current.markers & set(MARKER_CODES_CONFRONTATION))
    if len(seen) >= t.confrontation_min:
        return _fired("markers_confrontation", markers=seen, minimum=int(t.confrontation_min))
    return None


def unrepaired_in_session(current: SessionFacts, fired_codes: Collection[str]) -> Fired | None:
    """Checklist item 4 answered "no" while a rupture was visible this session."""
    if current.checklist_repaired is not False:
        return None
    srs_rules = [code for code in ("srs_below_cutoff", "srs_drop") if code in fired_codes]
    if current.markers or srs_rules:
        return _fired("unrepaired_in_session", markers=sorted(current.markers), srs_rules=srs_rules)
    return None


def risk_level(fired: Iterable[Fired]) -> str:
    """Highest severity fired (info counts as none); high if COMBINED_HIGH coincide."""
    fired = list(fired)
    if len({f.code for f in fired} & COMBINED_HIGH) >= 2:
        return "high"
    ranks = [SEVERITIES.index(f.severity) for f in fired if f.severity != "info"]
    return SEVERITIES[max(ranks, default=0)]
