"""Date expressions, resolved to calendar days, with ACLED time precision.

Why not run dateparser over the text: it is slow when called on every token, and its relative
logic misses what news needs most ("the next day", "on Tuesday" meaning the last Tuesday before
publication, "May 25" read the day before May 25 staying in the same year). Candidate
expressions are found here with compiled patterns and resolved with plain calendar arithmetic,
which is fast and predictable:

* absolute dates ("21 May 2015", "April 8 2017", "25-04-2016") resolve by themselves;
* dates without a year ("May 20", "21 May") take the anchor's year, or the previous year when
  that would put them more than a month after the anchor (reports speak of the past);
* weekdays ("on Tuesday") are the last such day on or before the anchor;
* "yesterday", "today", "last night", "N days ago" count from the anchor;
* "the next day", "the day before", "two days later" count from the previous date mentioned
  in the text (``anchor="previous"``), which is how narrative chains are anchored;
* "last week", "earlier this month" get a coarser precision (2 or 3).

The anchor is the publication date (``doc.published``), else the dateline printed at the head
of the text, which this stage reads into ``doc.dateline`` ("Fri 07 Apr 2017", "Date of
publication 10 July 2016", "Published April 8 2017"). Without either, relative expressions are
left unresolved rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from tadmor.extract.pipeline import register_stage
from tadmor.extract.records import DateMention, Document, Span, TimePrecision
from tadmor.extract.stages._caseless import CaselessPattern

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_NUMWORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

_MON = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("?P<day>", "?P<day2>")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# One alternation, tried left to right at each position: the longest forms first.
_PATTERNS: list[tuple[str, str]] = [
    ("dmy", rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"),
    ("mdy", rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b"),
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),
    ("num", r"\b(?P<a>[0-3]?\d)(?P<sep>[-/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y2>(?:19|20)?\d\d)\b"),
    ("my", rf"\b(?:(?:early|mid|late|in|since|of)[-\s]+)?{_MON}\s+{_YEAR}\b"),
    ("dm", rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b"),
    ("md", rf"\b{_MON}\s+{_DAY}\b(?![,\s]*(?:19|20)\d\d)(?!\s*(?:%|per|km|kilomet|mile))"),
    (
        "wd",
        rf"\b(?:(?:on|last|this|early|late|since)\s+)?{_WD}(?:\s+(?:morning|evening|night|afternoon))?\b",
    ),
    ("yday", r"\b(?:yesterday|last\s+night|the\s+previous\s+night|overnight)\b"),
    ("today", r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today)\b"),
    (
        "ago",
        r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+(?P<unit>days?|weeks?)\s+ago\b",
    ),
    (
        "chain",
        r"\b(?:(?:on\s+)?the\s+(?P<dir>next|following|previous|preceding)\s+day|the\s+day\s+(?P<dir2>after|before)|(?P<n2>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+days?\s+(?P<dir3>later|after|earlier|before))\b(?!\s+(?:the|a|an|his|her|its|their)\b)",
    ),
    ("week", r"\b(?:last|past|previous|earlier\s+this|this)\s+week\b"),
    ("month", r"\b(?:last|past|previous|earlier\s+this|this)\s+month\b"),
]


def _compile() -> CaselessPattern:
    """One alternation of the forms. Every form starts with a word boundary, tested once for
    all of them (most positions are inside words: one test instead of one per form). Matches
    may be over the lower-cased text (see :mod:`._caseless`): the resolver reads their
    positions and takes the words from the text."""
    parts = []
    for name, pat in _PATTERNS:
        if not pat.startswith(r"\b"):
            raise ValueError(f"date form {name} must start with \\b")
        # Group names must be unique across the alternation: suffix them per pattern.
        prefix = name

        def named(m: re.Match[str], prefix: str = prefix) -> str:
            return f"?P<{prefix}_{m.group(1)}>"

        def backref(m: re.Match[str], prefix: str = prefix) -> str:
            return f"?P={prefix}_{m.group(1)})"

        renamed = re.sub(r"\?P=(\w+)\)", backref, re.sub(r"\?P<(\w+)>", named, pat))
        parts.append(f"(?P<{name}>{renamed[2:]})")
    return CaselessPattern(rf"\b(?:{'|'.join(parts)})")


_DATE_RE = _compile()
# "May" is also a verb: accept it as a month only when capitalised.
_MAY_VERB = re.compile(r"^may$")
_HEAD_CHARS = 160  # a dateline sits in the first characters of the text


def _int(word: str) -> int:
    return int(word) if word.isdigit() else _NUMWORDS[word.lower()]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, anchor: dt.date) -> int:
    """The year of a day-month without a year: the anchor's, unless that lands more than a
    month after the anchor (then the report means last year's)."""
    cand = _safe_date(anchor.year, month, day)
    if cand is not None and cand > anchor + dt.timedelta(days=31):
        return anchor.year - 1
    return anchor.year


class _Resolver:
    def __init__(self, anchor: dt.date | None) -> None:
        self.anchor = anchor
        self.previous: dt.date | None = None

    def resolve(self, m: re.Match[str], text: str) -> tuple[dt.date, TimePrecision, str] | None:
        """The date ``m`` (a match of ``_DATE_RE`` over ``text``, maybe lower-cased) means."""
        kind = m.lastgroup
        # Group values from the text itself: "May" is a month only when capitalised.
        g = {
            k.split("_", 1)[1]: text[m.start(k) : m.end(k)]
            for k, v in m.groupdict().items()
            if v and "_" in k
        }
        phrase = text[m.start() : m.end()].lower()
        a = self.anchor
        if kind in ("dmy", "mdy"):
            if not _month_ok(g["mon"]):
                return None
            d = _safe_date(int(g["year"]), _MONTHS[g["mon"].lower().rstrip(".")], int(g["day"]))
            return (d, TimePrecision.DAY, "absolute") if d else None
        if kind == "iso":
            d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
            return (d, TimePrecision.DAY, "absolute") if d else None
        if kind == "num":
            return _numeric(g)
        if kind == "my":
            if not _month_ok(g["mon"]):
                return None
            d = _safe_date(int(g["year"]), _MONTHS[g["mon"].lower().rstrip(".")], 1)
            return (d, TimePrecision.MONTH, "absolute") if d else None
        if kind in ("dm", "md"):
            if a is None or not _month_ok(g["mon"]):
                return None
            month, day = _MONTHS[g["mon"].lower().rstrip(".")], int(g["day"])
            d = _safe_date(_year_for(month, day, a), month, day)
            return (d, TimePrecision.DAY, "published") if d else None
        if a is None:
            return None
        if kind == "wd":
            target = _WEEKDAYS[g["wd"].lower()]
            back = (a.weekday() - target) % 7
            if phrase.startswith("last") and back == 0:
                back = 7
            return a - dt.timedelta(days=back), TimePrecision.DAY, "published"
        if kind == "yday":
            return a - dt.timedelta(days=1), TimePrecision.DAY, "published"
        if kind == "today":
            return a, TimePrecision.DAY, "published"
        if kind == "ago":
            n = _int(g["n"]) * (7 if g["unit"].lower().startswith("week") else 1)
            prec = TimePrecision.WEEK if g["unit"].lower().startswith("week") else TimePrecision.DAY
            return a - dt.timedelta(days=n), prec, "published"
        if kind == "chain":
            base = self.previous
            if base is None:
                return None
            direction = (g.get("dir") or g.get("dir2") or g.get("dir3") or "").lower()
            n = _int(g["n2"]) if g.get("n2") else 1
            sign = 1 if direction in ("next", "following", "after", "later") else -1
            return base + dt.timedelta(days=sign * n), TimePrecision.DAY, "previous"
        if kind == "week":
            d = a - dt.timedelta(days=7) if phrase.startswith(("last", "past", "previous")) else a
            return d, TimePrecision.WEEK, "published"
        if kind == "month":
            if phrase.startswith(("last", "past", "previous")):
                first = a.replace(day=1) - dt.timedelta(days=1)
                return first.replace(day=1), TimePrecision.MONTH, "published"
            return a.replace(day=1), TimePrecision.MONTH, "published"
        return None


def _month_ok(word: str) -> bool:
    # "may" in lower case is the modal verb ("they may have"), not the month.
    return not _MAY_VERB.match(word)


def _numeric(g: dict[str, str]) -> tuple[dt.date, TimePrecision, str] | None:
    a, b, y = int(g["a"]), int(g["b"]), int(g["y2"])
    if y < 100:
        y += 2000
    # Day first unless impossible ("25-04-2016" and "10/4/2016" are day-month in this press);
    # month first only when the day-first reading is impossible ("4/25/2016").
    d = _safe_date(y, b, a) or _safe_date(y, a, b)
    return (d, TimePrecision.DAY, "absolute") if d else None


def find_dateline(text: str) -> DateMention | None:
    """The publication date printed at the head of a text, if it names its year."""
    for m in _DATE_RE.finditer(text, 0, _HEAD_CHARS):
        if m.lastgroup in ("dmy", "mdy", "iso", "num"):
            res = _Resolver(None).resolve(m, text)
            if res is not None:
                d, prec, _ = res
                return DateMention(Span.of(text, m.start(), m.end()), d, prec, "absolute")
    return None


def find_dates(text: str, anchor: dt.date | None, skip: Span | None = None) -> list[DateMention]:
    """Every resolvable date expression of ``text``, in order; ``skip`` is the dateline."""
    out: list[DateMention] = []
    res = _Resolver(anchor)
    for m in _DATE_RE.finditer(text):
        if skip is not None and skip.start <= m.start() < skip.end:
            continue
        r = res.resolve(m, text)
        if r is None:
            continue
        d, prec, how = r
        start, end = m.start(), m.end()
        # Drop leading "on"/"last"... from the span only for weekday forms? Keep the phrase:
        # the span is what a reader needs to see ("on Tuesday", "the next day").
        out.append(DateMention(Span.of(text, start, end), d, prec, how))
        if prec == TimePrecision.DAY:
            res.previous = d
    return out


@register_stage("dates")
class DateStage:
    """Fills ``doc.dates`` (and ``doc.dateline`` when the text prints one)."""

    name: ClassVar[str] = "dates"
    version: ClassVar[str] = "1"

    def __call__(self, doc: Document) -> Document:
        doc.dateline = find_dateline(doc.text)
        anchor: dt.date | None
        if doc.published is not None:
            anchor = doc.published.date()
        elif doc.dateline is not None:
            anchor = doc.dateline.date
        else:
            anchor = None
        skip = doc.dateline.span if doc.dateline is not None else None
        doc.dates = find_dates(doc.text, anchor, skip)
        return doc


def anchor_date(doc: Document) -> dt.date | None:
    """The date relative expressions of ``doc`` are read against."""
    if doc.published is not None:
        return doc.published.date()
    return doc.dateline.date if doc.dateline is not None else None
