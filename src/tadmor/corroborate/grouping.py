"""Grouping claims into incidents, and documents into incidents (for evaluation).

Two claims describe the same real-world event when their event types are compatible, their
places are within a distance that grows with how vaguely each was located (ACLED geo
precision), their dates are within a window that grows with how vaguely each was dated (ACLED
time precision), their actors agree, and their words overlap. Place and date are vetoes
(outside the radius or window, never the same incident); type is a veto only across unrelated
families; actors never veto, because competing claims of responsibility must land in the same
incident to be flagged as such.

Grouping is greedy and incremental in a fixed order (report seq, claim seq): a claim joins the
best-scoring candidate incident above :data:`JOIN_THRESHOLD` or founds a new one. The same
input in the same order gives the same incidents, whether added one report at a time or
regrouped from scratch.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tadmor.corroborate.records import ClaimFacts

# ACLED geo precision -> how far (km) the event may be from the coded point.
RADIUS_KM: dict[int, float] = {1: 10.0, 2: 35.0, 3: 150.0}
UNKNOWN_RADIUS_KM = 150.0
# ACLED time precision -> how many days the event may be from the coded date.
WINDOW_DAYS: dict[int, int] = {1: 2, 2: 7, 3: 31}
UNKNOWN_WINDOW_DAYS = 7
MAX_WINDOW_DAYS = max(WINDOW_DAYS.values())
CELL_DEG = 0.5  # blocking grid: ~55 km of latitude

JOIN_THRESHOLD = 0.62
WEIGHTS = {"place": 0.3, "date": 0.3, "type": 0.15, "text": 0.15, "actor": 0.1}
SAME_REPORT_BONUS = 0.15

# Event families: types that different sources may use for the same harm. A shelling that
# kills civilians is "Explosions/Remote violence" to one outlet and "Violence against
# civilians" to another; a town's capture is a battle or a transfer of territory.
_FAMILIES: dict[str, frozenset[str]] = {
    "harm": frozenset(
        {"Violence against civilians", "Explosions/Remote violence", "Battles", "Riots"}
    ),
    "territory": frozenset({"Battles", "Strategic developments"}),
    "property": frozenset({"Strategic developments", "not_conflict"}),  # heritage claims
    "protest": frozenset({"Protests", "Riots"}),
}


def type_similarity(a_type: str, a_sub: str, b_type: str, b_sub: str) -> float:
    """1 same sub-event type, 0.8 same event type, 0.6 same family, 0 unrelated."""
    if a_sub == b_sub:
        return 1.0
    if a_type == b_type:
        return 0.8
    for members in _FAMILIES.values():
        if a_type in members and b_type in members:
            return 0.6
    return 0.0


def groupable(claim: ClaimFacts) -> bool:
    """Conflict claims and heritage claims; other non-conflict sentences found no incident."""
    return claim.event_type != "not_conflict" or bool(claim.heritage)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def radius_km(precision: int | None) -> float:
    return RADIUS_KM.get(precision or 0, UNKNOWN_RADIUS_KM)


def window_days(precision: int | None) -> int:
    return WINDOW_DAYS.get(precision or 0, UNKNOWN_WINDOW_DAYS)


def cell_of(lat: float | None, lon: float | None, precision: int | None) -> str | None:
    """The blocking cell of a point; None for regions (precision 3) and unknown places, which
    are found by country and admin1 instead."""
    if lat is None or lon is None or (precision or 3) >= 3:
        return None
    return f"{math.floor(lat / CELL_DEG)}:{math.floor(lon / CELL_DEG)}"


def cells_near(lat: float, lon: float, km: float) -> list[str]:
    """Every cell within ``km`` of a point (a superset: the score does the exact check)."""
    dlat = km / 111.0
    dlon = km / max(1.0, 111.0 * math.cos(math.radians(min(abs(lat), 89.0))))
    la0, la1 = math.floor((lat - dlat) / CELL_DEG), math.floor((lat + dlat) / CELL_DEG)
    lo0, lo1 = math.floor((lon - dlon) / CELL_DEG), math.floor((lon + dlon) / CELL_DEG)
    return [f"{a}:{b}" for a in range(la0, la1 + 1) for b in range(lo0, lo1 + 1)]


_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "said",
        "says",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "told",
        "according",
        "reported",
        "report",
        "reports",
        "news",
        "one",
        "two",
        "three",
        "year",
        "years",
        "day",
        "days",
        "week",
        "weeks",
        "new",
        "people",
        "also",
        "after",
    ]
)


def content_tokens(text: str) -> list[str]:
    """Lower-cased words of three or more letters that are not function words."""
    return [
        w
        for w in (m.group(0).lower() for m in _WORD.finditer(text))
        if len(w) > 2 and w not in STOPWORDS
    ]


PROFILE_TOKENS = 80


@dataclass(slots=True)
class Profile:
    """What an incident looks like to a new claim; kept in the incident row, updated as
    claims join, so matching needs no read of the member claims."""

    types: dict[str, str] = field(default_factory=dict)  # sub-event type -> event type
    date_low: dt.date | None = None
    date_high: dt.date | None = None
    time_precision: int | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    geonameids: list[int] = field(default_factory=list)
    country_code: str | None = None
    admin1: str | None = None
    actors: list[str] = field(default_factory=list)
    tokens: dict[str, int] = field(default_factory=dict)
    reports: list[str] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        return {
            "types": self.types,
            "date_low": self.date_low.isoformat() if self.date_low else None,
            "date_high": self.date_high.isoformat() if self.date_high else None,
            "time_precision": self.time_precision,
            "lat": self.lat,
            "lon": self.lon,
            "geo_precision": self.geo_precision,
            "geonameids": self.geonameids,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "actors": self.actors,
            "tokens": self.tokens,
            "reports": self.reports,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Profile:
        def day(v: Any) -> dt.date | None:
            return dt.date.fromisoformat(v) if v else None

        return cls(
            types=dict(data.get("types", {})),
            date_low=day(data.get("date_low")),
            date_high=day(data.get("date_high")),
            time_precision=data.get("time_precision"),
            lat=data.get("lat"),
            lon=data.get("lon"),
            geo_precision=data.get("geo_precision"),
            geonameids=list(data.get("geonameids", [])),
            country_code=data.get("country_code"),
            admin1=data.get("admin1"),
            actors=list(data.get("actors", [])),
            tokens=dict(data.get("tokens", {})),
            reports=list(data.get("reports", [])),
        )

    def add(self, claim: ClaimFacts, date: dt.date | None, time_precision: int | None) -> None:
        """Fold a claim in: the most precise place and date win; words are counted."""
        self.types.setdefault(claim.sub_event_type, claim.event_type)
        if date is not None:
            self.date_low = date if self.date_low is None else min(self.date_low, date)
            self.date_high = date if self.date_high is None else max(self.date_high, date)
            if self.time_precision is None or (time_precision or 9) < self.time_precision:
                self.time_precision = time_precision
        if claim.latitude is not None and claim.longitude is not None:
            better = self.lat is None or (claim.geo_precision or 9) < (self.geo_precision or 9)
            if better:
                self.lat, self.lon = claim.latitude, claim.longitude
                self.geo_precision = claim.geo_precision
                self.admin1 = claim.admin1 or self.admin1
        if claim.geonameid is not None and claim.geonameid not in self.geonameids:
            self.geonameids.append(claim.geonameid)
        self.country_code = self.country_code or claim.country_code
        self.admin1 = self.admin1 or claim.admin1
        if claim.actor1 and claim.actor1 not in self.actors:
            self.actors.append(claim.actor1)
        for r in (claim.report_id, claim.root_report):
            if r and r not in self.reports:
                self.reports.append(r)
        counts = Counter(self.tokens)
        counts.update(set(content_tokens(claim.sentence)))
        self.tokens = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE_TOKENS])


def claim_date(claim: ClaimFacts) -> tuple[dt.date | None, int | None]:
    """The claim's date, or the report's publication date (to within a week) when the claim
    names none: a report is about recent events unless it says otherwise."""
    if claim.event_date is not None:
        return claim.event_date, claim.time_precision
    if claim.published is not None:
        return claim.published.date(), 2
    return None, None


def match_score(claim: ClaimFacts, prof: Profile) -> float | None:
    """How well a claim fits an incident (0-1+), or None when it cannot be the same event."""
    type_sim = max(
        (
            type_similarity(claim.event_type, claim.sub_event_type, t, s)
            for s, t in prof.types.items()
        ),
        default=0.0,
    )
    if type_sim == 0.0:
        return None
    # place
    if claim.geonameid is not None and claim.geonameid in prof.geonameids:
        place_sim = 1.0
    elif None not in (claim.latitude, claim.longitude, prof.lat, prof.lon):
        assert claim.latitude is not None and claim.longitude is not None
        assert prof.lat is not None and prof.lon is not None
        d = haversine_km(claim.latitude, claim.longitude, prof.lat, prof.lon)
        r = radius_km(claim.geo_precision) + radius_km(prof.geo_precision)
        if d > r:
            return None
        place_sim = 1.0 - 0.5 * d / r
    else:
        if claim.country_code and prof.country_code and claim.country_code != prof.country_code:
            return None
        place_sim = 0.4
    # date
    date, precision = claim_date(claim)
    if date is not None and prof.date_low is not None and prof.date_high is not None:
        gap = max(0, (prof.date_low - date).days, (date - prof.date_high).days)
        w = window_days(precision) + window_days(prof.time_precision)
        if gap > w:
            return None
        date_sim = 1.0 - gap / (w + 1)
    else:
        date_sim = 0.4
    # words
    toks = set(content_tokens(claim.sentence))
    text_sim = len(toks & prof.tokens.keys()) / len(toks) if toks else 0.0
    # actors: agreement helps; disagreement does not veto (it is a contradiction to flag)
    if claim.actor1 and prof.actors:
        actor_sim = 1.0 if claim.actor1 in prof.actors else 0.0
    else:
        actor_sim = 0.5
    score = (
        WEIGHTS["place"] * place_sim
        + WEIGHTS["date"] * date_sim
        + WEIGHTS["type"] * type_sim
        + WEIGHTS["text"] * text_sim
        + WEIGHTS["actor"] * actor_sim
    )
    if claim.report_id in prof.reports or (claim.root_report and claim.root_report in prof.reports):
        score += SAME_REPORT_BONUS
    return score


def best_match(
    claim: ClaimFacts, candidates: Iterable[tuple[str, Profile]]
) -> tuple[str, float] | None:
    """The best candidate above the threshold (ties: the smaller incident id, for
    determinism), or None: found a new incident."""
    best: tuple[str, float] | None = None
    for key, prof in candidates:
        s = match_score(claim, prof)
        if s is None or s < JOIN_THRESHOLD:
            continue
        if best is None or s > best[1] + 1e-12 or (abs(s - best[1]) <= 1e-12 and key < best[0]):
            best = (key, s)
    return best


@dataclass(slots=True)
class _Entry:
    key: str
    profile: Profile
    members: list[str]


BUCKET_DAYS = 7

_IndexKey = tuple[str | None, str | None, str | None, int | None, int | None]


def _buckets(low: dt.date | None, high: dt.date | None) -> list[int | None]:
    if low is None or high is None:
        return [None]
    return list(range(low.toordinal() // BUCKET_DAYS, high.toordinal() // BUCKET_DAYS + 1))


class Grouper:
    """In-memory incremental grouping with the store's blocking (grid cell or region, date
    window). Used to regroup from scratch and as the benchmark's baseline."""

    def __init__(self, new_key: Any = None) -> None:
        self._new_key = new_key or (lambda claim: claim.claim_id)
        self.incidents: dict[str, _Entry] = {}
        # (cell, week) -> incidents with a cell; (country, admin1, week) -> region-coded ones
        self._by_cell: dict[tuple[str, int | None], set[str]] = defaultdict(set)
        self._by_region: dict[tuple[str | None, str | None, int | None], set[str]] = defaultdict(
            set
        )
        self._regions_of_country: dict[str | None, set[str | None]] = defaultdict(set)
        self._cells_of_country: dict[str | None, set[str]] = defaultdict(set)
        self._by_report: dict[str, set[str]] = defaultdict(set)
        self._indexed: dict[str, _IndexKey] = {}
        self.assignment: dict[str, tuple[str, float]] = {}

    def _candidates(self, claim: ClaimFacts) -> set[str]:
        """A shared report; nearby cells; region-coded incidents of the same country and
        admin1 (the whole country when the claim is region-wide); all within the window."""
        keys: set[str] = set()
        for r in (claim.report_id, claim.root_report):
            keys |= self._by_report.get(r, set())
        date, precision = claim_date(claim)
        if date is None:
            weeks: list[int | None] = [None]
        else:
            reach = window_days(precision) + MAX_WINDOW_DAYS
            weeks = [
                *_buckets(date - dt.timedelta(days=reach), date + dt.timedelta(days=reach)),
                None,
            ]
        precise = (claim.geo_precision or 3) < 3
        cells: list[str] = []
        if claim.latitude is not None and claim.longitude is not None:
            reach_km = radius_km(claim.geo_precision) + RADIUS_KM[2 if precise else 3]
            cells = cells_near(claim.latitude, claim.longitude, reach_km)
        if not precise and claim.country_code:
            cells = sorted(set(cells) | self._cells_of_country.get(claim.country_code, set()))
        for c in cells:
            for w in weeks:
                keys |= self._by_cell.get((c, w), set())
        if claim.country_code:
            for a1 in self._regions_of_country.get(claim.country_code, set()):
                if precise and not (a1 == claim.admin1 or a1 is None or not claim.admin1):
                    continue
                for w in weeks:
                    keys |= self._by_region.get((claim.country_code, a1, w), set())
        return keys

    def _index(self, entry: _Entry) -> None:
        prof = entry.profile
        cell = cell_of(prof.lat, prof.lon, prof.geo_precision)
        lo = prof.date_low.toordinal() if prof.date_low else None
        hi = prof.date_high.toordinal() if prof.date_high else None
        new: _IndexKey = (cell, prof.country_code, prof.admin1, lo, hi)
        old = self._indexed.get(entry.key)
        if old == new:
            return
        if old is not None:
            self._unindex(entry.key, old)
        self._indexed[entry.key] = new
        for w in _buckets(prof.date_low, prof.date_high):
            if cell is not None:
                self._by_cell[(cell, w)].add(entry.key)
            else:
                self._by_region[(prof.country_code, prof.admin1, w)].add(entry.key)
        if cell is not None:
            self._cells_of_country[prof.country_code].add(cell)
        else:
            self._regions_of_country[prof.country_code].add(prof.admin1)

    def _unindex(self, key: str, old: _IndexKey) -> None:
        cell, cc, a1, lo, hi = old
        low = dt.date.fromordinal(lo) if lo is not None else None
        high = dt.date.fromordinal(hi) if hi is not None else None
        for w in _buckets(low, high):
            if cell is not None:
                self._by_cell.get((cell, w), set()).discard(key)
            else:
                self._by_region.get((cc, a1, w), set()).discard(key)

    def add(self, claim: ClaimFacts) -> tuple[str, float]:
        """Place a claim; returns (incident key, score; 1.0 when it founded the incident)."""
        cands = self._candidates(claim)
        hit = best_match(claim, ((k, self.incidents[k].profile) for k in sorted(cands)))
        date, precision = claim_date(claim)
        if hit is None:
            key = self._new_key(claim)
            entry = _Entry(key, Profile(), [])
            self.incidents[key] = entry
            result = (key, 1.0)
        else:
            entry = self.incidents[hit[0]]
            result = hit
        entry.profile.add(claim, date, precision)
        entry.members.append(claim.claim_id)
        self._index(entry)
        for r in (claim.report_id, claim.root_report):
            if r:
                self._by_report[r].add(result[0])
        self.assignment[claim.claim_id] = result
        return result


# --- documents (evaluation and batch regrouping of whole reports) ----------------------------


@dataclass(frozen=True, slots=True)
class DocProfile:
    """A whole report, for document-level grouping: its words, its places (GeoNames ids and
    points with their precision), its event dates, and when it was published."""

    doc_id: str
    tokens: tuple[str, ...]
    names: frozenset[str] = frozenset()  # capitalised word pairs: people, streets, businesses
    places: tuple[
        tuple[int | None, float, float, int, str], ...
    ] = ()  # gid, lat, lon, prec, admin1
    dates: tuple[dt.date, ...] = ()
    published: dt.date | None = None


def tfidf_vectors(token_lists: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """Sublinear TF-IDF, L2-normalised, with the IDF of this batch (grouping from scratch)."""
    df: Counter[str] = Counter()
    for toks in token_lists:
        df.update(set(toks))
    n = len(token_lists)
    out: list[dict[str, float]] = []
    for toks in token_lists:
        counts = Counter(toks)
        v = {w: (1.0 + math.log(c)) * math.log((n + 1) / (df[w] + 1)) for w, c in counts.items()}
        v = {w: x for w, x in v.items() if x > 0}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({w: x / norm for w, x in v.items()})
    return out


def sparse_cosines(
    vectors: Sequence[dict[str, float]], *, max_df: float = 0.2, min_sim: float = 0.02
) -> dict[tuple[int, int], float]:
    """Cosine of every pair sharing a term rarer than ``max_df`` (an inverted index instead of
    all n^2 pairs; very common terms only add noise to the similarity anyway)."""
    n = len(vectors)
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, v in enumerate(vectors):
        for w, x in v.items():
            index[w].append((i, x))
    cap = max(2, int(max_df * n))
    acc: dict[tuple[int, int], float] = defaultdict(float)
    for _w, posting in index.items():
        if len(posting) > cap:
            continue
        for a in range(len(posting)):
            i, xi = posting[a]
            for b in range(a + 1, len(posting)):
                j, xj = posting[b]
                acc[(i, j) if i < j else (j, i)] += xi * xj
    return {k: s for k, s in acc.items() if s >= min_sim}


def _place_relation(a: DocProfile, b: DocProfile) -> float:
    """+1 when the reports share a precisely located place, -1 when every place of one is far
    from every place of the other (beyond the precision-aware radius), 0 otherwise."""
    if not a.places or not b.places:
        return 0.0
    gids_a = {p[0] for p in a.places if p[0] is not None and p[3] < 3}
    gids_b = {p[0] for p in b.places if p[0] is not None and p[3] < 3}
    if gids_a & gids_b:
        return 1.0
    for _ga, lat1, lon1, p1, _ in a.places:
        for _gb, lat2, lon2, p2, _ in b.places:
            if haversine_km(lat1, lon1, lat2, lon2) <= radius_km(p1) + radius_km(p2):
                return 0.0
    return -1.0


def _date_relation(a: DocProfile, b: DocProfile) -> float:
    """+1 when the reports name a common event date, else 0."""
    return 1.0 if set(a.dates) & set(b.dates) else 0.0


DOC_THRESHOLD = 0.15
DOC_PLACE_WEIGHT = 0.03
DOC_DATE_WEIGHT = 0.03
DOC_NAME_WEIGHT = 0.03


def document_similarities(docs: Sequence[DocProfile]) -> dict[tuple[int, int], float]:
    """Pairwise similarity of reports: TF-IDF cosine, moved up by a shared place, a shared
    event date and shared names, down when their places are far apart."""
    vecs = tfidf_vectors([d.tokens for d in docs])
    sims = sparse_cosines(vecs)
    out: dict[tuple[int, int], float] = {}
    for (i, j), s in sims.items():
        a, b = docs[i], docs[j]
        s += DOC_PLACE_WEIGHT * _place_relation(a, b)
        s += DOC_DATE_WEIGHT * _date_relation(a, b)
        if a.names and b.names:
            shared = len(a.names & b.names) / min(len(a.names), len(b.names))
            s += DOC_NAME_WEIGHT * shared
        out[(i, j)] = s
    return out


def average_linkage(n: int, sims: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """Agglomerative clustering by average linkage over a sparse similarity graph (absent pairs
    count as 0). Returns a cluster label (the smallest member index) for each item.
    Deterministic: ties break on the smaller pair of cluster labels."""
    parent = list(range(n))
    size = [1] * n
    links: dict[int, dict[int, float]] = defaultdict(dict)  # cluster -> cluster -> sum of sims
    for (i, j), s in sims.items():
        links[i][j] = links[i].get(j, 0.0) + s
        links[j][i] = links[j].get(i, 0.0) + s
    heap: list[tuple[float, int, int]] = []
    for (i, j), s in sims.items():
        if s > threshold:
            heapq.heappush(heap, (-s, i, j))
    alive = [True] * n
    while heap:
        neg, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        current = links[a].get(b, 0.0) / (size[a] * size[b])
        if abs(current + neg) > 1e-12:  # stale entry
            continue
        if current <= threshold:
            continue
        keep, drop = (a, b) if a < b else (b, a)
        alive[drop] = False
        parent[drop] = keep
        size[keep] += size[drop]
        for c, s in links.pop(drop).items():
            if c == keep:
                continue
            links[c].pop(drop, None)
            total = links[keep].get(c, 0.0) + s
            links[keep][c] = total
            links[c][keep] = total
        links[keep].pop(drop, None)
        for c, total in links[keep].items():
            avg = total / (size[keep] * size[c])
            if avg > threshold:
                heapq.heappush(heap, (-avg, min(keep, c), max(keep, c)))
    labels = []
    for i in range(n):
        r = i
        while parent[r] != r:
            r = parent[r]
        labels.append(r)
    return labels


def group_documents(docs: Sequence[DocProfile], threshold: float = DOC_THRESHOLD) -> list[int]:
    """Group whole reports into incidents from scratch; a label per report."""
    return average_linkage(len(docs), document_similarities(docs), threshold)
