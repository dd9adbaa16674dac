"""What a clinician reads about each rule, in their language (gettext).

Titles, explanations (with the evidence's numbers filled in), sources and the
repair suggestions (docs/guidance.md). The English of SOURCES is the `source`
of review.rules.RULES, word for word (a test checks it).
"""

from django.utils.translation import gettext_lazy as _

RULE_TITLES = {
    "srs_below_cutoff": _("SRS below the cutoff"),
    "srs_item_low": _("Low SRS item"),
    "srs_drop": _("SRS drop"),
    "srs_sustained_low": _("SRS low three times running"),
    "srs_v_rupture": _("Rupture: V-shaped SRS drop"),
    "rupture_repaired": _("Rupture repaired"),
    "rupture_unrepaired": _("Rupture not repaired"),
    "srs_ceiling": _("Perfect SRS scores"),
    "wai_low": _("Low WAI-SR subscale"),
    "wai_drop": _("WAI-SR drop"),
    "attendance": _("Missed sessions"),
    "markers_confrontation": _("Confrontation markers"),
    "markers_withdrawal": _("Withdrawal markers"),
    "rater_gap": _("Therapist rates the alliance higher"),
    "unrepaired_in_session": _("Rupture noticed but not repaired"),
}

# Filled in with the flag's evidence (see review.display); numbers come localised.
EXPLANATIONS = {
    "srs_below_cutoff": _("The SRS total was %(total)s, below the cutoff of %(cutoff)s."),
    "srs_item_low": _("The SRS total was %(total)s, but some items were below %(item_cutoff)s: %(low_items)s."),
    "srs_drop": _(
        "The SRS total fell from %(previous)s at session %(previous_session)s to %(current)s:"
        " a drop of %(drop)s (flagged from %(min_drop)s)."
    ),
    "srs_sustained_low": _("The last SRS totals were all below %(cutoff)s: %(totals)s."),
    "srs_v_rupture": _(
        "The SRS total fell to %(current)s from a recent level of %(baseline)s: a drop of %(deflection)s,"
        " at least %(min_deflection)s (twice the usual variation of %(spread)s)."
    ),
    "rupture_repaired": _(
        "The SRS total is back to %(current)s, at or above %(level)s, after the rupture at session %(rupture_session)s."
    ),
    "rupture_unrepaired": _(
        "%(srs_since)s SRS sessions have passed since the rupture at session %(rupture_session)s"
        " without a return to the earlier level."
    ),
    "srs_ceiling": _("The last SRS totals were all perfect: %(totals)s."),
    "wai_low": _("Some WAI-SR subscales averaged below %(cutoff)s: %(low_subscales)s."),
    "wai_drop": _(
        "The WAI-SR fell since session %(previous_session)s: total %(previous_total)s → %(current_total)s"
        " (flagged from a drop of %(min_total_drop)s), bond %(previous_bond)s → %(current_bond)s"
        " (flagged from %(min_bond_drop)s)."
    ),
    "attendance": _("This session was missed (%(current)s), and so was an earlier one: %(earlier)s."),
    "markers_confrontation": _("Confrontation markers were observed: %(markers)s."),
    "markers_withdrawal": _("Withdrawal markers were observed: %(markers)s."),
    "rater_gap": _(
        "The therapist rated the WAI-SR at %(therapist_total)s, %(gap)s above the patient's %(patient_total)s"
        " (flagged from %(min_gap)s)."
    ),
    "unrepaired_in_session": _(
        "Checklist item 4 (detecting and repairing micro-ruptures) was answered “no” while a rupture was visible:"
        " %(signs)s."
    ),
}

SOURCES = {
    "srs_below_cutoff": _("PCOMS clinical cutoff (Duncan et al. 2003; OpenFIT alerts)"),
    "srs_item_low": _("PCOMS guidance: any item below 9 merits a check-in"),
    "srs_drop": _("OpenFIT: a drop of one point or more from the last session"),
    "srs_sustained_low": _("repeated low scores matter more than an isolated one"),
    "srs_v_rupture": _("V-shaped deflection, strict 2 SD criterion (Stiles et al. 2004; Gumz et al. 2012)"),
    "rupture_repaired": _(
        "return to the pre-rupture level; repaired ruptures predict better outcome (Eubanks et al. 2018)"
    ),
    "rupture_unrepaired": _("unrepaired ruptures predict worse outcome (McLaughlin et al. 2014)"),
    "srs_ceiling": _("perfect scores can hide reluctance to give feedback"),
    "wai_low": _('"sometimes" or less; not a validated cutoff'),
    "wai_drop": _(
        "reliable-change logic (Jacobson & Truax 1991); defaults not validated"
        " — set from a reference sample where one exists"
    ),
    "attendance": _("cancellations and no-shows as a rupture sign (seed guidance)"),
    "markers_confrontation": _("3RS confrontation markers strain collaboration most (Eubanks, Muran & Safran 2015)"),
    "markers_withdrawal": _("3RS withdrawal markers"),
    "rater_gap": _(
        "therapists and patients see ruptures differently (Muran et al. 2009);"
        " a therapist who rates the alliance well above the patient may be missing"
        " a rupture"
    ),
    "unrepaired_in_session": _("a rupture noticed but not repaired"),
}

# Repair suggestions, one per rule (docs/guidance.md).
_REPAIR_SRS_LOW = _(
    "Name the change with tact at the start of the next session (“How are we doing? What did you need from me"
    " last time?”), take your share of it, and renegotiate pace, goals or tasks."
)
_REPAIR_RUPTURE = _(
    "Treat it as a rupture: repair early and explicitly — talk about the relationship itself, acknowledge your"
    " contribution, check whether goals and tasks still fit. Bring it to supervision if it persists."
)
REPAIR_WAI_BOND = _(
    "Slow down, attune to the patient's state, validate precisely (recognise the logic of their inner world"
    " without having to agree)."
)
REPAIR_WAI_GOAL_TASK = _(
    "Co-create goals again and translate them into small agreed tasks tied to what matters to the patient;"
    " check that the tasks are realistic for their resources and load."
)
REPAIRS = {
    "srs_below_cutoff": _REPAIR_SRS_LOW,
    "srs_drop": _REPAIR_SRS_LOW,
    "srs_item_low": _(
        "Ask about that one dimension (being heard, the topics, the way of working, the session overall) with"
        " curiosity rather than defence."
    ),
    "srs_sustained_low": _(
        "Return to the agreement on goals and tasks; make your way of working explicit and adjust the intermediate"
        " steps; accept the frustration without defensiveness. Consider bringing it to supervision."
    ),
    "srs_v_rupture": _REPAIR_RUPTURE,
    "rupture_unrepaired": _REPAIR_RUPTURE,
    "rupture_repaired": _(
        "A repaired rupture usually strengthens the work: note what helped, so it can be used again."
    ),
    "srs_ceiling": _(
        "Perfect scores may hide reluctance to criticise: invite negative feedback explicitly and say that it helps"
        " the work."
    ),
    # wai_low depends on the subscale: see review.display.repair_for.
    "wai_low": REPAIR_WAI_GOAL_TASK,
    "wai_drop": REPAIR_WAI_GOAL_TASK,
    "attendance": _(
        "Ask, with respect, about practical barriers (work, money, care duties, migration, illness) as well as about"
        " the relationship; offer alternatives (time, video); coordinate with social or community services where"
        " needed."
    ),
    "markers_withdrawal": _(
        "Lower the processing load, bring attention back to the present (breathing, a point to look at, a change of"
        " posture), offer choices, and acknowledge that pulling back protects."
    ),
    "markers_confrontation": _(
        "Receive the complaint without defending yourself, explore it, acknowledge your part, renegotiate the task."
    ),
    "unrepaired_in_session": _(
        "Plan the repair for the opening of the next session and note it as a supervision point."
    ),
    "rater_gap": _(
        "Ask the patient how the work is going for them before relying on your own view; compare your ratings and"
        " look for a rupture you may have missed."
    ),
}
