"""CaselessPattern must find what the IGNORECASE pattern finds, at the same positions."""

from __future__ import annotations

import re

import pytest

from tadmor.extract.stages._caseless import CaselessPattern, folded_text

PATTERNS = [
    r"\b(?:air\s*-?\s*strikes?|IEDs?|RPGs?|car\s+bombs?)\b",
    r"\b(?:could\s+not|couldn['’]t)(?:\s+\w+){0,3}?\s+moved?\b",
    r"(?<![\w-])(?:Free\s+Syrian\s+Army|Assad['’]?s\s+forces)(?:['’]s)?(?![\w])",
    r"\b(?P<a>[0-3]?\d)(?P<sep>[-/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d\d)\b",
    r"\b(?:May|June)\s+(?P<day>\d+)\b(?![,\s]*20\d\d)",
    r"\b(?:jets?|planes?)\b(?!\s+(?:was|were)?\s*(?:shot\s+down|crashed))",
]
TEXTS = [
    "Regime AIR-STRIKES and an IED hit the town; RPGs were fired. A car  bomb went off.",
    "They COULDN’T be moved. The statues could not be Moved in time.",
    "The free syrian army and ASSAD'S FORCES clashed; Assad’s forces' positions held.",
    "On 25-04-16 and 1/2/17 but not 1-2/17.",
    "On MAY 20 they came; may 21, 2016 is dated; June 3 too.",
    "Jets were shot down. Planes struck. JETS WERE CRASHED? No: jets struck.",
    # Non-ASCII characters without case keep the fast path ...
    "Syria’s “air strikes” — قصف — hit Idlib.",
    # ... and with case they take the IGNORECASE path: "ſ" is an "s", "K" (Kelvin) a "k".
    "Air strikeſ and air ſtrikes; Émile said IEDs; \u212aILLED in the strike.",
]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_ignorecase(pattern: str, text: str) -> None:
    ref = re.compile(pattern, re.IGNORECASE)
    fast = CaselessPattern(pattern)
    groups = range(ref.groups + 1)

    def spans(ms: list[re.Match[str]]) -> list[tuple[object, ...]]:
        return [(m.lastgroup, *(m.span(g) for g in groups)) for m in ms]

    assert spans(list(fast.finditer(text))) == spans(list(ref.finditer(text)))
    for pos, endpos in ((3, len(text)), (0, 20), (5, 31)):
        assert spans(list(fast.finditer(text, pos, endpos))) == spans(
            list(ref.finditer(text, pos, endpos))
        )
        got, want = fast.search(text, pos, endpos), ref.search(text, pos, endpos)
        assert (got and got.span()) == (want and want.span())
        got, want = fast.match(text, pos, endpos), ref.match(text, pos, endpos)
        assert (got and got.span()) == (want and want.span())


def test_folded_text_only_when_lowering_is_ascii() -> None:
    assert folded_text("Syria’s AIR strikes — قصف") == "syria’s air strikes — قصف"
    for cased in ("Émile", "ſtrike", "\u212a", "straße", "µ"):
        assert folded_text(f"Air strike {cased}") is None


def test_patterns_lowering_would_break_are_refused() -> None:
    for bad in (r"\S+", r"\bfoo\B", r"(?-i:Abc)", r"\N{EM DASH}", "Émile"):
        with pytest.raises(ValueError):
            CaselessPattern(bad)
    with pytest.raises(ValueError):
        CaselessPattern(r"(?P<Word>\w+)")  # group names keep their case
