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

# Classical combining forms that make compound adjectives with a hyphen ("Greco-Roman art",
# "Sino-Japanese war", "Anglo-American"): the compound names no place, so its parts are not
# read as toponyms ("Roman" is also a town in Romania).
COMBINING_FORMS = _words(
    """anglo franco greco graeco russo sino austro judeo judaeo indo afro italo hispano turco
    germano celto nippo luso belgo dano hungaro serbo czecho slavo perso arabo egypto syro
    irano helleno romano latino euro"""
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
# and does not start a sentence. People's names are not listed: whether "Jackson" or
# "Washington" is a person is read from the document (a given name or a title before it, a
# speech verb beside it, the same surname given to a person elsewhere in the text).
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
    will bill mark grant christian
    said says told added according while since despite although however meanwhile
    attack attacks war battle fire storm flood
    western eastern northern southern islamic muslim
    jewish sunni shia shiite alawite democratic republican republic national federal
    general major captain colonel senior junior chief main
    obviously well why yes no ok okay please thanks
    """
)

# Words of grammar: never a place name, whatever the gazetteer says ("At" is a Belgian town's
# alternate name; "In" a Chinese one). Capitalised only at a sentence start or in a headline.
FUNCTION_WORDS = _words(
    """a an the this that these those there here then than they them their we our us you your
    he him his she her it its i me my who whom whose what which when where why how all any
    both each few more most other some such no nor not only so too very can will just should
    would could might must shall also but and or if because as until while of at by for with
    about against between into through during before after above below to from up down in
    out on off over under again further once is are was were be been being have has had do
    does did yes ok okay"""
)

# Calendar words and their abbreviations (datelines: "Wed 19 Apr 2017", "Mon Jul 6"). A town
# called March, May or Date needs a "Town, Region" pattern to be read as a place.
CALENDAR_WORDS = _words(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec date today tonight tomorrow
    yesterday"""
)

# Heads of street and road names: "Dublin Road", "Castello Road", "Orchard St." name a street,
# not the town whose name they borrow.
STREET_HEADS = _words(
    """road rd street st avenue ave boulevard blvd lane ln drive dr highway hwy parkway pkwy
    way court ct place pl terrace circle cir pike turnpike freeway expressway bridge"""
)

# Verbs that make the name beside them a speaker: "Moore said", "said Smith". A country may
# speak too ("Russia said"), so this filter spares countries.
SPEECH_VERBS = _words(
    "said says told added explained stated noted wrote asked replied announced insisted argued"
)

# Frequent given names in English-language news (English and Arabic forms). A name right after
# one of these is a surname ("John Kerry", "Bashar al-Assad"), and one right before a capitalised
# word is a person ("Michael Moore"): neither is a place, even when a region bears it. The list
# describes naming conventions, not any evaluation set.
GIVEN_NAMES = _words(
    """james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
    christian keith roger terry gerald harold sean carl arthur lawrence dylan jesse
    bryan billy joe bruce gabriel albert willie alan juan wayne elijah randy roy
    vincent ralph eugene russell bobby mason philip louis mike bill bob jim tom dave steve joe
    chris dan tim ken greg jeff rick ron don jon tony nick ben sam ed fred ted pete phil
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
    margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
    nicole helen samantha katherine christine debra rachel carolyn janet catherine maria
    heather diane ruth julie olivia joyce kelly lauren christina joan
    evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara
    frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn
    danielle beverly isabella theresa diana natalie brittany marie kayla alexis
    lori jane hillary sue kate liz jenny nadia
    mohammed mohammad muhammad mohamed ahmed ahmad ali hassan hussein hussain omar umar khalid
    khaled abdul abdullah abdel abdulla mahmoud mustafa mostafa ibrahim ismail youssef yusuf
    yousef bashar hafez maher rami salim salem saleh karim walid nabil fadi samir sami
    tarek tariq ziad hamza bilal anas osama usama ayman hamid majid rashid faisal nasser
    jamal kamal adel adnan fawaz riad riyad talal wael yasser yasin mazen marwan
    vladimir sergei sergey dmitry recep tayyip emmanuel angela francois benjamin barack hillary
    kofi ban staffan lakhdar"""
)

# Lower-case nouns that a place name modifies in news English: "Gainesville man charged",
# "Paris firefighters", "London city council", "Athens residents". Right after a capitalised
# word, they read it as a place (a headline's first word is otherwise no evidence at all).
PLACE_MODIFIED_NOUNS = _words(
    """man woman men women boy girl boys girls teen teens teenager teenagers youth resident
    residents native natives couple family families police firefighters officials council
    councilman councilwoman mayor schools city"""
)

# Hyphenated tails that make the capitalised word before them a place: "Tbilisi-based",
# "Gainesville-area", "Beirut-born".
PLACE_HYPHEN_TAILS = _words("based area born raised")
