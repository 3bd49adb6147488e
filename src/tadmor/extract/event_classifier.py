"""The trained sentence classifier for ACLED sub-event types (and "not a conflict event").

Why a classifier on top of the rules: the rule triggers of :mod:`.stages.events` are precise
where ACLED's definitions are crisp (a suicide bomber, a chemical agent, a capture by a named
side) but cannot judge what a sentence as a whole reports: that "the army denied bombing the
hospital" or "rebels threatened to attack" is no event, that a gang shooting is crime, that a
sentence naming air strikes and clashes is a battle. The classifier reads both:

* the sentence's embedding from the static MiniLM encoder (:mod:`.encoder`), which generalises
  over wording; and
* what the rules found in the sentence: for each sub-event type, the strongest asserted
  trigger's tier, whether a trigger was negated, and ACLED's precedence over the triggers;
* a few cue words (modality, denial, claims, crime, disaster, diplomacy, "since the war") and a
  hashed bag of word stems (first six letters, 2,048 buckets), which keep decisive words
  ("mortar", "sit-in", "kidnapped") that averaging the embedding blurs. Measured on the
  hand-written training sentences with a model trained on the templated ones only, the bag of
  stems adds about two points of weighted F1 (see ``data/events/README.md``).

A multinomial logistic regression over these features (weights in ``data/events/model.npz``,
trained by ``python -m tadmor.extract.train_events`` from the training sentences in
``data/events/``) gives one label per sentence with its probability. Inference is a matrix
product with numpy. Its label then passes :func:`crisp_label`, which applies ACLED's
definitions where they are crisp (a weapon named with victims counted is that weapon's event; a
suicide bomber, a chemical agent or a grenade is its own type; violence whose victims are all
combatants is a battle). How these were chosen on development sets, never on the test set:
``data/events/README.md``.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from tadmor.extract.encoder import StaticEncoder, basic_tokens, default_encoder
from tadmor.extract.records import Document, EventMention, FigureKind, Span, VictimGroup
from tadmor.extract.taxonomy import NOT_CONFLICT, SUB_EVENT_TYPES, precedence

MODEL_FILE = Path(__file__).resolve().parent / "data" / "events" / "model.npz"
LABELS: tuple[str, ...] = (*SUB_EVENT_TYPES, NOT_CONFLICT)
_TIERS = (0.9, 0.7, 0.6, 0.5)  # means, explosive, weak, outcome (see stages.events)
# Words that make a sentence about something other than an event that happened: modality,
# denial, claims, plans. The embedding sees them too; these make them explicit.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"\b(?:{pat})\b", re.IGNORECASE))
    for name, pat in (
        ("modal", r"could|would|may|might|will|shall|should|plans?\s+to|expected\s+to|"
                  r"preparing|vowed|threaten(?:s|ed)?|warn(?:s|ed)?|if"),
        ("deny", r"den(?:y|ies|ied)|refuted|rejected|not|no|never"),
        ("claim", r"claim(?:s|ed)?\s+responsibility|claimed|blamed|accused|responsible"),
        ("crime", r"robbery|robbers?|homicide|murder|drugs?|gangs?|cartels?|police\s+said|"
                  r"charged|suspect|arrested\s+for|accidental(?:ly)?"),
        ("disaster", r"earthquake|floods?|fire\s+broke|crash(?:ed)?|collapse[d]?|storm|"
                     r"cholera|accident|landslide"),
        ("diplo", r"minister|talks|envoy|condemn(?:s|ed)?|sanctions?|summit|called\s+for|"
                  r"urged|statement"),
        ("since", r"since\s+(?:the\s+)?(?:war|conflict|start|beginning|uprising|\d{4})|"
                  r"since\s+(?:March|January|20\d\d)"),
    )
)  # fmt: skip


# ACLED's crisp cases (docs/reference.md): a weapon named as the means, asserted, with victims
# counted, is that weapon's event whatever the rest of the sentence's wording suggests to the
# classifier; a suicide bomber, a chemical agent or a grenade is its own sub-event type.
_WEAPON = frozenset(
    {"CHEM_WEAP", "AIR_STRIKE", "SUIC_BOMB", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE"}
)
_CRISP = frozenset({"CHEM_WEAP", "SUIC_BOMB", "GRENADE"})
# ... unless the sentence is a tally, a denial, a claim or a hypothesis rather than a report.
_NOT_A_REPORT = re.compile(
    r"\b(?:since|so\s+far|this\s+year|last\s+(?:month|year)|over\s+the\s+past|in\s+total|"
    r"mostly|denied|den(?:y|ies)|claimed\s+responsibility|if|would|could|may|might)\b",
    re.IGNORECASE,
)


_HARM = (FigureKind.KILLED, FigureKind.INJURED)
_UNARMED_VICTIM = re.compile(
    r"\b(?:civilians?|children|women|residents|villagers|families|execut\w*|behead\w*|"
    r"massacre\w*|prisoners?|captives?|detainees?|hostages?)\b",
    re.IGNORECASE,
)


def crisp_label(
    label: str, text: str, mentions: list[EventMention], victims: set[VictimGroup]
) -> str:
    """The classifier's ``label`` for a sentence, corrected where ACLED's definitions are crisp
    (``victims``: the groups of the sentence's killed and injured counts):

    * "not a conflict event" for a sentence whose rules found an asserted weapon trigger (means
      tier: "car bomb", "air strike", "mortar shells") and a count of killed or injured, and
      no tally, denial, claim or modal word: the weapon's type (ACLED precedence);
    * another conflict type for a sentence with an asserted suicide bombing, chemical agent or
      grenade: ACLED's precedence over that trigger and the label; and one of these three
      types for a sentence that names none of them while the rules found another event: the
      rules' type (ACLED precedence);
    * Attack (violence against civilians) when every counted victim is a combatant and no
      civilian, execution or captive is named: Armed clash.
    """
    asserted = [m.sub_event_type for m in mentions if not m.negated and m.confidence >= 0.9]
    if label == NOT_CONFLICT:
        weapons = [c for c in asserted if c in _WEAPON]
        if weapons and victims and not _NOT_A_REPORT.search(text):
            return precedence(weapons)
        return label
    crisp = [c for c in asserted if c in _CRISP]
    if crisp:
        return precedence([*crisp, label])
    if label in _CRISP and label not in {m.sub_event_type for m in mentions}:
        ruled = precedence([m.sub_event_type for m in mentions if not m.negated])
        return label if ruled == NOT_CONFLICT else ruled
    if (
        label == "ATTACK"
        and victims == {VictimGroup.COMBATANTS}
        and not _UNARMED_VICTIM.search(text)
    ):
        return "ARMED_CLASH"
    return label


def rule_features(mentions: list[EventMention]) -> np.ndarray:
    """What the rules found in one sentence, as numbers (see the module docstring)."""
    n = len(SUB_EVENT_TYPES)
    tier = np.zeros((n, len(_TIERS)), dtype=np.float32)
    negated = 0.0
    asserted = []
    for m in mentions:
        i = SUB_EVENT_TYPES.index(m.sub_event_type)
        if m.negated:
            negated = 1.0
            continue
        asserted.append(m.sub_event_type)
        t = min(range(len(_TIERS)), key=lambda k: abs(_TIERS[k] - m.confidence))
        tier[i, t] = 1.0
    prec = np.zeros(len(LABELS), dtype=np.float32)
    prec[LABELS.index(precedence(asserted)) if asserted else len(LABELS) - 1] = 1.0
    return np.concatenate([tier.ravel(), prec, np.array([negated], dtype=np.float32)])


BOW_DIM = 2048


def cue_features(text: str) -> np.ndarray:
    return np.array([1.0 if rx.search(text) else 0.0 for _, rx in _CUES], dtype=np.float32)


@lru_cache(maxsize=100_000)
def _bucket(word: str) -> int:
    return zlib.crc32(word[:6].encode()) % BOW_DIM if word.isalpha() else -1


def bow_features(tokens: list[str]) -> np.ndarray:
    """Hashed presence of word stems (first six letters; CRC32, stable across runs)."""
    v = np.zeros(BOW_DIM, dtype=np.float32)
    idx = [b for b in map(_bucket, tokens) if b >= 0]
    v[idx] = 1.0
    return v


def features(
    encoder: StaticEncoder, texts: list[str], mentions: list[list[EventMention]]
) -> np.ndarray:
    """The classifier's input for each text, given the rule mentions found in it."""
    tokens = [basic_tokens(t) for t in texts]
    emb = encoder.encode(tokens)
    rules = np.stack([rule_features(m) for m in mentions])
    cues = np.stack([cue_features(t) for t in texts])
    bow = np.stack([bow_features(t) for t in tokens])
    return np.concatenate([emb, rules, cues, bow], axis=1)


def sentence_features(encoder: StaticEncoder, doc: Document, sentences: list[Span]) -> np.ndarray:
    """The classifier's input for ``sentences`` of ``doc`` (rules already run: ``doc.events``)."""
    by_sent: dict[Span, list[EventMention]] = {}
    for e in doc.events:
        by_sent.setdefault(e.sentence, []).append(e)
    return features(encoder, [s.text for s in sentences], [by_sent.get(s, []) for s in sentences])


def snippet_features(encoder: StaticEncoder, doc: Document) -> np.ndarray:
    """One row for a whole short text (an evaluation snippet, a training sentence), with every
    rule mention in it, however the splitter cut it."""
    return features(encoder, [doc.text], [list(doc.events)])


class EventClassifier:
    """Multinomial logistic regression over :func:`sentence_features`."""

    def __init__(self, path: Path = MODEL_FILE, encoder: StaticEncoder | None = None) -> None:
        data = np.load(path, allow_pickle=False)
        # The standardisation is folded into the weights: z = X @ W + b.
        std = data["std"].astype(np.float32)
        self.W = data["W"].astype(np.float32) / std[:, None]
        self.b = data["b"].astype(np.float32) - (data["mean"].astype(np.float32) @ self.W)
        self.labels = tuple(str(x) for x in data["labels"])
        self.encoder = encoder or default_encoder()

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        # einsum, not ``X @ W``: a product this small (a few sentences x 2,438 x 26) is cheap,
        # but ``@`` hands it to multi-threaded BLAS, whose threads wake and sleep between the
        # documents; on 2 busy cores that cost the events stage two thirds of its time.
        z = np.einsum("ij,jk->ik", X, self.W) + self.b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict_doc(self, doc: Document, sentences: list[Span]) -> list[tuple[str, float]]:
        """(label, probability) for each sentence of ``doc`` (with :func:`crisp_label`)."""
        if not sentences:
            return []
        p = self.probabilities(sentence_features(self.encoder, doc, sentences))
        by_sent: dict[Span, list[EventMention]] = {}
        for e in doc.events:
            by_sent.setdefault(e.sentence, []).append(e)
        victims: dict[Span | None, set[VictimGroup]] = {}
        for f in doc.figures:
            if f.kind in _HARM:
                victims.setdefault(doc.sentence_of(f.quantity.span.start), set()).add(f.group)
        out = []
        for s, (label, prob) in zip(sentences, self._best(p), strict=True):
            new = crisp_label(label, s.text, by_sent.get(s, []), victims.get(s, set()))
            out.append((label, prob) if new == label else (new, prob))
        return out

    def predict_snippet(self, doc: Document) -> tuple[str, float]:
        """One label for a whole short text (see :func:`snippet_features`)."""
        label, prob = self._best(self.probabilities(snippet_features(self.encoder, doc)))[0]
        victims = {f.group for f in doc.figures if f.kind in _HARM}
        return crisp_label(label, doc.text, list(doc.events), victims), prob

    def _best(self, p: np.ndarray) -> list[tuple[str, float]]:
        idx = p.argmax(axis=1)
        return [(self.labels[i], float(p[k, i])) for k, i in enumerate(idx)]


@lru_cache(maxsize=1)
def default_classifier() -> EventClassifier | None:
    """The packaged classifier, or None when its weights are absent (not yet trained)."""
    if not MODEL_FILE.exists():
        return None
    return EventClassifier()
