"""A static sentence encoder: MiniLM distilled into one vector per WordPiece token.

Why: the events classifier needs a sentence representation that generalises beyond the words
of its training set, and the pipeline must read every sentence of 50 reports a second on two
cores. A transformer reads ~190 sentences/s here; the distilled static model (see
``data/events/distill_encoder.py`` and ``data/events/README.md``) reads tens of thousands with
numpy alone. No tokenizer package is needed: BERT's uncased WordPiece is short enough to write
out (lower case, accents stripped, punctuation split, greedy longest-match subwords), and its
results per word are cached.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

ENCODER_FILE = Path(__file__).resolve().parent / "data" / "events" / "encoder.npz"


# A word is a run of letters and digits; every other non-space character is a token of its own
# (BERT splits each punctuation character off, "_" included).
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")


def basic_tokens(text: str) -> list[str]:
    """BERT's basic tokenizer (uncased): lower case, strip accents, split off punctuation."""
    text = text.lower()
    if not text.isascii():
        text = "".join(
            ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
        )
    return _TOKEN.findall(text)


class StaticEncoder:
    """Mean of the token vectors of a sentence, L2-normalised."""

    def __init__(self, path: Path = ENCODER_FILE) -> None:
        data = np.load(path, allow_pickle=False)
        vocab = [str(t) for t in data["vocab"]]
        self.index = {t: i for i, t in enumerate(vocab)}
        self.vectors = data["vectors"].astype(np.float32) * data["scale"][:, None]
        self.dim = int(self.vectors.shape[1])
        self._ids = lru_cache(maxsize=200_000)(self._word_ids)

    def _word_ids(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match WordPiece ids of one word (unknown pieces are dropped)."""
        if len(word) > 100:
            return ()
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.index:
                    found = self.index[piece]
                    break
                end -= 1
            if found is None:
                return tuple(ids)  # BERT maps the whole word to [UNK]; keep what was read
            ids.append(found)
            start = end
        return tuple(ids)

    def token_ids(self, text: str | list[str]) -> list[int]:
        """WordPiece ids of a text, or of the :func:`basic_tokens` already read from it."""
        ids: list[int] = []
        for w in basic_tokens(text) if isinstance(text, str) else text:
            ids.extend(self._ids(w))
        return ids

    def encode(self, texts: Sequence[str | list[str]]) -> np.ndarray:
        """Sentence vectors of texts (or of their basic tokens)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            ids = self.token_ids(t)
            if ids:
                v = self.vectors[ids].mean(axis=0)
                n = float(np.linalg.norm(v))
                out[i] = v / n if n > 0 else v
        return out


@lru_cache(maxsize=1)
def default_encoder() -> StaticEncoder:
    """The packaged encoder, loaded once per process."""
    return StaticEncoder()
