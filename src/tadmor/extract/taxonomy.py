"""ACLED event taxonomy: 6 event types, 25 sub-event types, in ACLED's order of precedence.

When an event fits several sub-event types, ACLED takes the first in this order; so does
:func:`precedence`.
"""

from __future__ import annotations

NOT_CONFLICT = "not_conflict"

# (code used by the CASE 2021 / ACLED evaluation sets, sub-event type name, event type)
SUB_EVENTS: tuple[tuple[str, str, str], ...] = (
    ("GOV_REGAINS_TERIT", "Government regains territory", "Battles"),
    ("NON_STATE_ACTOR_OVERTAKES_TER", "Non-state actor overtakes territory", "Battles"),
    ("ARMED_CLASH", "Armed clash", "Battles"),
    ("FORCE_AGAINST_PROTEST", "Excessive force against protesters", "Protests"),
    ("PROTEST_WITH_INTER", "Protest with intervention", "Protests"),
    ("PEACE_PROTEST", "Peaceful protest", "Protests"),
    ("VIOL_DEMONSTR", "Violent demonstration", "Riots"),
    ("MOB_VIOL", "Mob violence", "Riots"),
    ("CHEM_WEAP", "Chemical weapon", "Explosions/Remote violence"),
    ("AIR_STRIKE", "Air/drone strike", "Explosions/Remote violence"),
    ("SUIC_BOMB", "Suicide bomb", "Explosions/Remote violence"),
    ("ART_MISS_ATTACK", "Shelling/artillery/missile attack", "Explosions/Remote violence"),
    ("REM_EXPLOS", "Remote explosive/landmine/IED", "Explosions/Remote violence"),
    ("GRENADE", "Grenade", "Explosions/Remote violence"),
    ("SEX_VIOL", "Sexual violence", "Violence against civilians"),
    ("ATTACK", "Attack", "Violence against civilians"),
    ("ABDUCT_DISSAP", "Abduction/forced disappearance", "Violence against civilians"),
    ("AGREEMENT", "Agreement", "Strategic developments"),
    ("ARREST", "Arrests", "Strategic developments"),
    ("CHANGE_TO_GROUP_ACT", "Change to group/activity", "Strategic developments"),
    ("DISR_WEAP", "Disrupted weapons use", "Strategic developments"),
    ("HQ_ESTABLISHED", "Headquarters or base established", "Strategic developments"),
    ("PROPERTY_DISTRUCT", "Looting/property destruction", "Strategic developments"),
    ("NON_VIOL_TERRIT_TRANSFER", "Non-violent transfer of territory", "Strategic developments"),
    ("OTHER", "Other", "Strategic developments"),
)

SUB_EVENT_TYPES: tuple[str, ...] = tuple(code for code, _, _ in SUB_EVENTS)
SUB_EVENT_NAME: dict[str, str] = {code: name for code, name, _ in SUB_EVENTS}
EVENT_TYPE_OF: dict[str, str] = {code: etype for code, _, etype in SUB_EVENTS}
EVENT_TYPE_OF[NOT_CONFLICT] = NOT_CONFLICT
SUB_EVENT_NAME[NOT_CONFLICT] = "Not a conflict event"
_RANK = {code: i for i, code in enumerate(SUB_EVENT_TYPES)}

# Labels of evaluation sets that are not conflict events.
NON_CONFLICT_CODES: frozenset[str] = frozenset(
    {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}
)


def precedence(codes: list[str]) -> str:
    """The sub-event type ACLED would code when several apply: the first in its hierarchy."""
    conflict = [c for c in codes if c in _RANK]
    if not conflict:
        return NOT_CONFLICT
    return min(conflict, key=_RANK.__getitem__)
