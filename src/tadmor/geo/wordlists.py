"""Small closed word lists used by recognition.

They describe English, not any gold set: function words and frequent capitalised words that are
also the names of small places somewhere (GeoNames has a "Mobile", a "Will", a "Police"), titles
that precede a person's name, heads of organisation names, and prepositions that introduce a
location.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CONNECTORS = _words(
    "of de del della di da do dos das du des la le les al el ad ar as ash az ez an at "
    "and upon on sur am im bin ibn abu umm y"
)

LOCATIVE_PREPOSITIONS = _words(
    """in at near from to into outside inside toward towards across around through throughout
    via between beyond off outskirts north south east west northern southern eastern western
    northeast northwest southeast southwest central downtown village town city province
    governorate district county suburb suburbs"""
)

PERSON_TITLES = _words(
    """mr mrs ms miss dr prof president gen general sen senator rep representative gov governor
    sgt sergeant cpl lt lieutenant col colonel capt captain maj major adm admiral officer judge
    justice king queen prince princess sheikh shaikh imam pope father sister brother rev reverend
    bishop mayor minister secretary chief coach deputy detective trooper agent commissioner
    councilman councilwoman chairman spokesman spokeswoman dear"""
)

ORG_HEADS = _words(
    """police hospital university college school schools county city fire sheriff department
    council court airport museum church mosque station high middle elementary community
    regional memorial center centre library board district township police"""
)

# Frequent English words that are also names of (mostly small) places somewhere. A single-word
# match on one of these is dropped unless it names a country, an admin1 region or a large town
# and does not start a sentence.
COMMON_WORDS = _words(
    """a an the this that these those there here then than they them their we our us you your
    he him his she her it its i me my mine who whom whose what which when where why how
    all any both each few more most other some such no nor not only own same so too very can
    will just should now also but and or if because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further once one two three four five six seven eight nine ten
    hundred thousand million many much several first second third last next new old good great
    high low long little small big large young early late best better sure free full
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    spring summer autumn fall winter today tonight tomorrow yesterday morning evening night
    day week month year time people man men woman women child children family home house
    police army force forces government state states city town village county district court
    office office news report reports press media official officials president minister
    church school university college hospital center centre station market street road avenue
    park bridge square hill hills lake river valley beach island point springs falls rock
    north south east west central union liberty independence victory hope unity peace
    justice freedom friendship harmony progress welcome paradise eden goshen canaan
    mobile reading bath buffalo phoenix eagle golden silver gold iron stone oak pine cedar
    orange lime lemon apple cherry olive rose lily may june grace faith joy love patience
    chase hunt fox bear wolf deer hart dale wood woods field fields ford bush clay cliff
    brown green white black gray grey red blue
    will bill mark john james jack jackson lincoln washington franklin jefferson madison
    monroe adams wilson taylor clinton carter johnson grant hayes garfield harrison polk
    obama bush kennedy nixon ford reagan hoover truman roosevelt lee marion warren clayton
    henry george charles albert arthur victoria elizabeth florence austin houston dallas
    murray perry scott morgan douglas hamilton marshall logan carroll lewis mason dayton
    christian
    said says told added according while since despite although however meanwhile
    attack attacks war battle fire storm flood
    western eastern northern southern islamic muslim
    jewish sunni shia shiite alawite democratic republican republic national federal
    general major captain colonel senior junior chief main
    obviously well why yes no ok okay please thanks
    """
)
