"""Generate the templated part of the events training set (``generated.tsv``), seeded.

Why templates as well as hand-written sentences (``hand.tsv``): a classifier over sentence
embeddings must see each type in many surface forms (who acts, against whom, where, how many,
who says so, hedges, datelines, headline style) and see the look-alikes that are not events
(denials, threats, plans, hypotheticals, crime, accidents, disasters, diplomacy, cumulative
tolls). Each template below was written for one ACLED sub-event type from the ACLED codebook's
definitions; slots are filled from lists of actors, places and victims from many countries so
that no one country's vocabulary stands for a type. Several templates describe two events in
one sentence and carry the label ACLED's precedence gives (battles before remote violence,
remote violence before violence against civilians).

    python -m tadmor.extract.data.events.generate   (writes generated.tsv beside this file)
"""

# ruff: noqa: E501  (templates are data: one sentence per line reads better than split strings)
from __future__ import annotations

import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent

SLOTS: dict[str, list[str]] = {
    "state": [
        "government troops", "the army", "soldiers", "security forces", "the military",
        "Syrian regime forces", "Nigerian troops", "Afghan security forces", "Iraqi forces",
        "Malian soldiers", "Somali government forces", "Russian forces", "Ukrainian troops",
        "the Indian army", "Israeli forces", "Congolese soldiers", "Ethiopian federal forces",
        "Burkinabe troops", "Yemeni government forces", "pro-government forces",
        "Myanmar's military", "Cameroonian soldiers", "Sudanese Armed Forces", "Libyan army units",
        "Colombian troops", "Philippine soldiers", "Pakistani security forces", "police commandos",
    ],
    "rebel": [
        "rebels", "militants", "Islamic State fighters", "al-Shabaab militants", "Boko Haram",
        "the Taliban", "Houthi rebels", "jihadists", "insurgents", "opposition fighters",
        "FARC dissidents", "JNIM fighters", "ADF rebels", "M23 rebels", "Hayat Tahrir al-Sham",
        "Kurdish-led forces", "the Free Syrian Army", "Ahrar al-Sham", "ISWAP fighters",
        "Arakan Army fighters", "NPA guerrillas", "Ambazonian separatists", "RSF paramilitaries",
        "Fano militiamen", "TPLF forces", "the Nusra Front", "Daesh terrorists",
        "an armed group", "unidentified armed men",
    ],
    "airforce": [
        "Syrian government", "Russian", "Nigerian", "Saudi-led coalition", "Israeli", "Turkish",
        "US", "regime", "Iraqi", "Ethiopian", "Sudanese", "Myanmar military", "Afghan",
        "Pakistani", "Yemeni", "French", "Kenyan", "Burkinabe", "unidentified",
    ],
    "gunmen": [
        "gunmen", "unidentified gunmen", "armed men", "suspected jihadists", "militiamen",
        "bandits", "masked attackers", "suspected Islamist militants", "assailants on motorbikes",
        "Fulani militia", "a pro-government militia", "Islamic State militants", "rebels",
        "soldiers", "security forces",
    ],
    "place": [
        "Idlib", "Aleppo", "Douma", "Deir ez-Zor", "Raqqa", "Homs", "Daraa", "Hama", "Mosul",
        "Fallujah", "Kirkuk", "Kandahar", "Helmand", "Kunduz", "Jalalabad", "Mogadishu",
        "Kismayo", "Beledweyne", "Maiduguri", "Borno state", "Zamfara", "Kaduna", "Gao",
        "Mopti", "Menaka", "Timbuktu", "Ouagadougou", "Djibo", "Beni", "Goma", "Bunia",
        "Kharkiv", "Donetsk", "Bakhmut", "Kherson", "Sanaa", "Taiz", "Hodeidah", "Marib",
        "Tripoli", "Benghazi", "Sirte", "Khartoum", "El Fasher", "Nyala", "Mekelle",
        "Bahir Dar", "Cabo Delgado", "Peshawar", "Quetta", "North Waziristan", "Srinagar",
        "Imphal", "Rakhine state", "Sagaing", "Cauca", "Arauca", "Marawi", "Maguindanao",
        "Bamenda", "Tillaberi", "Diffa", "Gaza", "Jenin", "Sinai", "Jisr al-Shughour",
        "Maarat al-Numan", "eastern Ghouta", "Palmyra", "Manbij", "Afrin", "Tal Abyad",
    ],
    "victims": [
        "civilians", "villagers", "people", "residents", "farmers", "women and children",
        "worshippers", "students", "passengers", "displaced people", "members of one family",
        "shoppers", "fishermen", "traders", "children", "herders",
    ],
    "fighters": [
        "soldiers", "militants", "fighters", "troops", "policemen", "insurgents", "rebels",
        "jihadists", "militiamen", "members of the security forces",
    ],
    "n": [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "10", "11", "12", "14",
        "15", "17", "19", "20", "23", "25", "31", "40", "at least 8", "at least 13",
        "more than 20", "dozens of", "several", "nearly 30", "about 50", "at least 100",
    ],
    "when": [
        "", " on Monday", " on Tuesday", " late on Wednesday", " early on Thursday",
        " on Friday", " on Saturday", " overnight", " at dawn", " on Sunday evening",
        " last week", " on 12 March", " on May 3",
    ],
    "said": [
        "", "", ", a monitoring group said", ", police said", ", local officials said",
        ", according to state media", ", witnesses said", ", the army said in a statement",
        ", residents told Reuters", ", a UN spokesman said", ", activists said",
        ", the Syrian Observatory for Human Rights reported", ", security sources said",
        ", the health ministry said", ", a local leader told AFP",
    ],
    "building": [
        "a market", "a school", "a hospital", "a mosque", "a church", "a bakery",
        "a residential building", "a camp for displaced people", "a wedding party",
        "a busy street", "a bus station", "a village", "a checkpoint", "a funeral",
    ],
    "milbuilding": [
        "an army base", "a police station", "a military checkpoint", "a border post",
        "an army convoy", "a military camp", "a barracks", "a patrol",
    ],
    "town": [
        "the town", "the village", "the city", "the district", "the strategic hill",
        "the border crossing", "the airport", "the oil field", "the district centre",
        "the military base",
    ],
    "outlet": ["AFP", "Reuters", "state television", "SANA", "the BBC", "local media", "Al Jazeera"],
    "official": [
        "The foreign minister", "The UN envoy", "The president", "The State Department",
        "The EU's foreign policy chief", "A government spokesman", "The prime minister",
        "The Kremlin", "Turkey's foreign ministry", "The UN Secretary-General",
    ],
}  # fmt: skip

T: dict[str, list[str]] = {
    "AIR_STRIKE": [
        "{airforce} warplanes bombed {place}{when}, killing {n} {victims}{said}.",
        "Air strikes on {place} killed {n} {victims}{when}{said}.",
        "{n} {victims} were killed in an air raid on {building} in {place}{said}.",
        "A drone strike hit a vehicle near {place}{when}, killing {n} {fighters}{said}.",
        "Warplanes pounded rebel-held areas of {place}{when}{said}.",
        "Helicopters dropped barrel bombs on {place}{when}, wounding {n} {victims}.",
        "Air Strikes Kill {n} {victims} in {place}",
        "An airstrike destroyed {building} in {place}{when}{said}.",
        "Fighter jets carried out raids on {rebel} positions near {place}{said}.",
        "Coalition aircraft struck targets of {rebel} around {place}{when}.",
        "A Turkish drone attack killed {n} {fighters} near {place}{said}.",
        "{n} {victims} died when jets struck {building} in {place}{when}.",
        "The air force bombed {rebel} hideouts in {place}{when}, the army said.",
        "Aerial bombardment of {place} left {n} {victims} dead{said}.",
        "An air strike on {building} in {place} killed {n} and wounded dozens{said}.",
        "Russian and government aircraft launched more than {n} strikes on {place}{when}.",
        "{airforce} helicopters fired missiles at {building} in {place}{when}{said}.",
    ],
    "ART_MISS_ATTACK": [
        "{rebel} fired mortar shells at {place}{when}, killing {n} {victims}{said}.",
        "Shelling by {state} killed {n} {victims} in {place}{when}{said}.",
        "Artillery fire hit {building} in {place}{when}{said}.",
        "{n} {victims} were killed when a rocket struck {building} in {place}{said}.",
        "{state} pounded {place} with artillery and rockets{when}.",
        "Rocket fire on {place} wounded {n} {victims}{when}{said}.",
        "A missile hit {building} in {place}{when}, killing {n}{said}.",
        "{rebel} shelled government-held districts of {place}{when}{said}.",
        "Mortar Attack Kills {n} {victims} in {place}",
        "Tank fire and mortars hit residential areas of {place}{when}.",
        "A ballistic missile fired by {rebel} landed near {place}{when}{said}.",
        "Terrorists targeted {place} with rocket shells, injuring {n} {victims}{said}.",
        "{state} and {rebel} exchanged artillery fire across the front line near {place}, killing {n} {victims}.",
    ],
    "SUIC_BOMB": [
        "A suicide bomber blew himself up at {building} in {place}{when}, killing {n} {victims}{said}.",
        "A suicide car bomb exploded at {milbuilding} in {place}{when}{said}.",
        "{n} {victims} were killed in a suicide attack on {building} in {place}{said}.",
        "A female suicide bomber detonated her explosives at {building} in {place}{when}.",
        "Suicide Bombing Kills {n} in {place}",
        "An attacker wearing an explosive vest killed {n} {fighters} at {milbuilding} near {place}{said}.",
        "{rebel} claimed the suicide bombing of {milbuilding} in {place} that killed {n} {fighters}.",
        "A suicide bomber drove an explosives-laden truck into {milbuilding} near {place}{when}.",
        "Two suicide bombers struck {building} in {place}{when}, killing {n} {victims}{said}.",
    ],
    "REM_EXPLOS": [
        "A roadside bomb struck {milbuilding} near {place}{when}, killing {n} {fighters}{said}.",
        "A car bomb exploded near {building} in {place}{when}, killing {n} {victims}{said}.",
        "A landmine killed {n} {victims} near {place}{when}{said}.",
        "An improvised explosive device went off near {building} in {place}{when}.",
        "A bomb blast at {building} in {place} killed {n} {victims}{said}.",
        "{n} {victims} were wounded when an explosive device planted on a motorbike went off in {place}.",
        "An explosion hit {building} in {place}{when}{said}.",
        "Car Bomb Kills {n} in {place}",
        "A vehicle carrying {victims} hit a landmine near {place}{when}, killing {n}{said}.",
        "A bomb planted in {building} exploded{when}, wounding {n} {victims} in {place}.",
        "An IED killed {n} {fighters} on a patrol near {place}{said}.",
    ],
    "GRENADE": [
        "Attackers threw a grenade into {building} in {place}{when}, wounding {n} {victims}{said}.",
        "A hand grenade was hurled at {milbuilding} in {place}{when}{said}.",
        "{n} {victims} were hurt in a grenade attack on {building} in {place}.",
        "Suspected militants lobbed a grenade at {milbuilding} in {place}{when}.",
    ],
    "CHEM_WEAP": [
        "A chemical attack on {place} killed {n} {victims}{when}{said}.",
        "Dozens suffered breathing difficulties after a chlorine gas attack on {place}{said}.",
        "{state} used toxic gas against {place}{when}, killing {n} {victims}{said}.",
        "Rockets loaded with sarin hit {place}{when}, killing {n} {victims}{said}.",
        "Medics treated {n} {victims} for suffocation after a poison gas attack in {place}.",
        "Toxic Gas Attack Kills {n} in {place}",
    ],
    "SEX_VIOL": [
        "{gunmen} raped {n} women during a raid on a village near {place}{said}.",
        "{gunmen} sexually assaulted displaced women near {place}{said}.",
        "A girl was raped by {gunmen} in {place}{when}{said}.",
        "Survivors said {gunmen} committed sexual violence against women in {place}.",
    ],
    "ATTACK": [
        "{gunmen} killed {n} {victims} in an attack on a village near {place}{when}{said}.",
        "{gunmen} opened fire on {building} in {place}{when}, killing {n} {victims}{said}.",
        "{rebel} executed {n} {victims} in {place}{when}{said}.",
        "{n} {victims} were shot dead by {gunmen} in {place}{when}{said}.",
        "{gunmen} stormed {building} in {place} and killed {n} {victims}{said}.",
        "The bodies of {n} {victims} were found in {place}, shot in the head{said}.",
        "{gunmen} beheaded {n} {victims} near {place}{when}{said}.",
        "{gunmen} massacred {n} {victims} in {place}{said}.",
        "{gunmen} Kill {n} {victims} in {place}",
        "A local official was assassinated by {gunmen} in {place}{when}.",
        "{state} killed {n} {victims} at a checkpoint in {place}{said}.",
        "{gunmen} attacked {victims} in {place}{when}, killing {n}{said}.",
        "{rebel} publicly executed {n} men accused of spying in {place}{said}.",
        "{n} {victims} were hacked to death by {gunmen} near {place}{when}.",
    ],
    "ABDUCT_DISSAP": [
        "{gunmen} kidnapped {n} {victims} in {place}{when}{said}.",
        "{gunmen} abducted {n} {victims} from {building} in {place}{said}.",
        "{rebel} took {n} {victims} hostage near {place}{when}.",
        "{n} {victims} were abducted by {gunmen} on the road to {place}{said}.",
        "An aid worker was kidnapped by {gunmen} in {place}{when}{said}.",
        "Relatives said {n} men disappeared after being taken by {gunmen} in {place}.",
    ],
    "ARREST": [
        "{state} arrested {n} people in {place}{when}{said}.",
        "Police detained {n} opposition activists in {place}{when}{said}.",
        "Authorities arrested a journalist in {place}{when}{said}.",
        "{state} rounded up {n} suspected {rebel} collaborators in {place}{said}.",
        "A prominent opposition leader was arrested at his home in {place}{when}.",
        "Security forces detained {n} students in {place} after a raid on their dormitory{said}.",
    ],
    "PEACE_PROTEST": [
        "Thousands of people demonstrated in {place}{when} against the government{said}.",
        "Hundreds of {victims} protested in {place}{when} to demand better services.",
        "Demonstrators marched peacefully through {place}{when}{said}.",
        "Residents of {place} held a sit-in outside the governor's office{when}.",
        "Protesters gathered in {place}{when} to denounce the killing of {n} {victims}.",
        "Teachers staged a protest in {place} over unpaid salaries{when}{said}.",
        "Women rallied in {place}{when} calling for the release of detainees.",
    ],
    "PROTEST_WITH_INTER": [
        "Police fired tear gas to disperse protesters in {place}{when}{said}.",
        "Security forces broke up a demonstration in {place} and arrested {n} people{said}.",
        "Riot police used water cannon against demonstrators in {place}{when}.",
        "Police beat protesters with batons in {place}{when}{said}.",
    ],
    "FORCE_AGAINST_PROTEST": [
        "Security forces opened fire on protesters in {place}{when}, killing {n}{said}.",
        "{n} demonstrators were shot dead by police in {place}{when}{said}.",
        "Troops fired live ammunition at a peaceful protest in {place}, killing {n} people{said}.",
    ],
    "VIOL_DEMONSTR": [
        "Protesters set fire to a police station in {place}{when}{said}.",
        "Demonstrators threw stones at security forces and burned tyres in {place}{when}.",
        "Rioters torched cars and looted shops in {place}{when}{said}.",
        "Angry protesters stormed the governor's office in {place}{when}{said}.",
    ],
    "MOB_VIOL": [
        "A mob lynched a man accused of theft in {place}{when}{said}.",
        "Villagers beat {n} suspected thieves to death in {place}{said}.",
        "A crowd attacked and burned homes of a minority community in {place}{when}.",
        "Youths armed with machetes attacked members of a rival community in {place}{when}{said}.",
    ],
    "GOV_REGAINS_TERIT": [
        "{state} recaptured {place} from {rebel}{when}{said}.",
        "{state} regained control of {town} near {place} after heavy fighting{said}.",
        "{state} retook {town} outside {place} from {rebel}{when}.",
        "The army liberated {town} near {place} from {rebel}{said}.",
        "Army Recaptures {place} from {rebel}",
        "{state} drove {rebel} out of {place} and restored control{when}{said}.",
    ],
    "NON_STATE_ACTOR_OVERTAKES_TER": [
        "{rebel} captured {place} from {state} after fierce fighting{when}{said}.",
        "{rebel} seized {town} near {place}{when}{said}.",
        "{rebel} overran {town} outside {place}{when}, forcing {state} to retreat.",
        "{rebel} took control of {town} near {place} after clashes with {state}{said}.",
        "{place} fell to {rebel} after days of fighting{said}.",
        "{rebel} Seize {place}",
        "{state} withdrew from {place} in the face of an offensive by {rebel}{when}.",
        "{rebel} stormed {town} near {place} and expelled {state}{said}.",
    ],
    "ARMED_CLASH": [
        "Clashes between {state} and {rebel} near {place}{when} killed {n} {fighters}{said}.",
        "{rebel} attacked {milbuilding} in {place}{when}, sparking clashes with {state}{said}.",
        "Fighting between {state} and {rebel} continued in {place}{when}{said}.",
        "{state} repelled an attack by {rebel} on {milbuilding} near {place}{said}.",
        "{n} {fighters} were killed in fighting with {state} in {place}{when}{said}.",
        "{state} killed {n} {fighters} during clashes near {place}{when}{said}.",
        "{state} ambushed {rebel} near {place}{when}, killing {n}{said}.",
        "Heavy Clashes in {place} Leave {n} Dead",
        "{state} launched an offensive against {rebel} in {place}{when}.",
        "{rebel} and {state} exchanged fire near {place}{when}{said}.",
        "Fierce battles raged on the outskirts of {place} as {rebel} tried to advance{said}.",
        "Air strikes backed {state} as they fought {rebel} on the edge of {place}{when}.",
        "{rebel} attacked positions of {state} near {place} with suicide car bombs, triggering heavy clashes{said}.",
    ],
    "AGREEMENT": [
        "{state} and {rebel} agreed to a ceasefire in {place}{when}{said}.",
        "A truce between {state} and {rebel} came into force in {place}{when}.",
        "The two sides signed an agreement to exchange prisoners{when}{said}.",
        "Under a deal, {rebel} will be evacuated from {place} to the north{said}.",
        "{rebel} reached a reconciliation deal with the government in {place}{when}.",
        "A local ceasefire was agreed in {place} to allow the evacuation of the wounded{said}.",
    ],
    "CHANGE_TO_GROUP_ACT": [
        "{rebel} announced a merger with two smaller factions{when}{said}.",
        "Authorities imposed a curfew on {place}{when}{said}.",
        "{state} deployed reinforcements to {place}{when}{said}.",
        "{n} fighters of {rebel} defected to the government side in {place}{said}.",
        "{rebel} pledged allegiance to the Islamic State{when}.",
    ],
    "DISR_WEAP": [
        "{state} defused a bomb planted near {building} in {place}{when}{said}.",
        "Police seized a cache of weapons and explosives in {place}{when}{said}.",
        "Air defences intercepted a drone launched towards {place}{when}{said}.",
        "{state} foiled a car bomb attack in {place} and dismantled the device{said}.",
        "Engineers cleared landmines planted by {rebel} around {place}{said}.",
    ],
    "HQ_ESTABLISHED": [
        "{rebel} set up a new base near {place}{when}{said}.",
        "{state} established a military outpost in {place}{when}.",
        "{rebel} established their headquarters in the captured town hall of {place}{said}.",
    ],
    "PROPERTY_DISTRUCT": [
        "{gunmen} looted shops and burned houses in {place}{when}{said}.",
        "{rebel} blew up a shrine in {place}{when}{said}.",
        "{rebel} destroyed ancient statues in the museum of {place}{said}.",
        "{gunmen} set fire to crops and homes in {place}{when}.",
        "{rebel} confiscated the homes of residents who fled {place}{said}.",
        "{state} demolished dozens of houses in {place}{when}{said}.",
        "{gunmen} torched a school in {place}{when}{said}.",
        "{rebel} looted the archaeological site near {place} and sold the artefacts{said}.",
    ],
    "NON_VIOL_TERRIT_TRANSFER": [
        "{state} entered {place} without resistance after {rebel} withdrew{when}{said}.",
        "{rebel} pulled out of {place} under a deal, and {state} took over the area{when}.",
        "{rebel} took control of {town} near {place} without a fight after {state} left{said}.",
        "{state} handed over positions in {place} to the local police{when}.",
    ],
    "not_conflict": [
        # denials, threats, plans, hypotheticals
        "{state} denied carrying out air strikes on {place}{said}.",
        "{rebel} denied responsibility for the bombing in {place}.",
        "{rebel} threatened to attack {place} if {state} did not withdraw.",
        "{state} vowed to retake {place} from {rebel} in the coming weeks.",
        "Officials warned that {rebel} could launch an offensive on {place}.",
        "If the talks fail, {state} may resume air strikes on {place}, analysts said.",
        "{state} said it had not shelled {place}, blaming {rebel} instead.",
        "{state} are preparing an assault on {place}, a commander said.",
        "No group has claimed responsibility for the explosion in {place}.",
        "{rebel} claimed responsibility for the attack in {place} in a statement.",
        "{official} blamed {rebel} for the attack in {place}.",
        # diplomacy and statements
        "{official} condemned the attack on {place} and called for restraint.",
        "{official} met the Turkish foreign minister to discuss the situation in {place}.",
        "{official} called for an independent investigation into the killings in {place}.",
        "{official} said the ceasefire in {place} must be respected by all parties.",
        "Peace talks between the government and {rebel} will resume in Geneva next month.",
        "{official} announced sanctions on commanders accused of abuses in {place}.",
        "{official} expressed concern over the humanitarian situation in {place}.",
        # cumulative tolls and background
        "More than {n} thousand people have been killed in {place} since the war began.",
        "The conflict in {place} has killed hundreds of thousands and displaced millions.",
        "The death toll is expected to rise{said}.",
        "{place} has been under the control of {rebel} since 2014.",
        "{outlet} could not independently verify the report.",
        "The monitor relies on a network of sources inside {place}.",
        # crime, accidents, disasters
        "Police arrested {n} men suspected of drug trafficking in {place}{when}.",
        "Armed robbers shot dead a shopkeeper in {place}{when}, police said.",
        "A man killed his wife and two children before turning the gun on himself in {place}.",
        "Gang members killed {n} people in a dispute over drug territory in {place}, police said.",
        "A teenager was shot dead in {place} in what police described as a robbery gone wrong.",
        "Police are investigating the shooting death of a man found in a car in {place}.",
        "A boy accidentally shot his sister with a gun he found at home in {place}.",
        "An earthquake struck near {place}{when}, killing {n} people.",
        "Floods in {place} killed {n} people and destroyed hundreds of homes{said}.",
        "A fire at a factory in {place} killed {n} workers{when}.",
        "A bus crashed on the highway near {place}, killing {n} passengers{when}.",
        "A gas tanker exploded on a road near {place}{when}, killing {n} people{said}.",
        "A building collapsed in {place}{when}, trapping dozens of residents.",
        "An outbreak of cholera has killed {n} people in {place}{said}.",
        # humanitarian and aftermath
        "Thousands of {victims} fled {place}{when} as fighting approached{said}.",
        "Aid convoys reached {place}{when} for the first time in months{said}.",
        "Hospitals in {place} are struggling to cope with the number of wounded{said}.",
        "Rescuers searched the rubble in {place} for survivors{when}.",
        "Residents of {place} said they lacked food, water and medicine.",
    ],
}


def _fill(tpl: str, rng: random.Random) -> str:
    def sub(m: re.Match[str]) -> str:
        return rng.choice(SLOTS[m.group(1)])

    s = re.sub(r"\{(\w+)\}", sub, tpl)
    s = s[0].upper() + s[1:]
    # Headline-style templates keep title case; fix doubled spaces and "the The".
    return re.sub(r"\s{2,}", " ", s).replace(" ,", ",")


def generate(per_template: int = 14, seed: int = 4) -> list[tuple[str, str, str]]:
    """(label, sentence, template id) rows; the id lets validation keep a template's sentences
    on one side of a split."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for label, templates in T.items():
        for k, tpl in enumerate(templates):
            for _ in range(per_template):
                s = _fill(tpl, rng)
                if s not in seen:
                    seen.add(s)
                    out.append((label, s, f"{label}:{k}"))
    return out


def main() -> None:
    rows = generate()
    with open(HERE / "generated.tsv", "w", encoding="utf-8") as fh:
        fh.write("label\ttext\ttemplate\n")
        for label, s, tpl in rows:
            fh.write(f"{label}\t{s}\t{tpl}\n")
    print(f"{len(rows)} sentences -> {HERE / 'generated.tsv'}")


if __name__ == "__main__":
    main()
