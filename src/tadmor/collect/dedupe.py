"""Recognising syndicated copies: the same agency story republished with small edits.

A MinHash signature over word 3-shingles estimates the Jaccard similarity of two texts; LSH
bands (kept in the store) find candidates without comparing against every report. Copies are
linked to the first-seen report so that later stages count independent sources, not outlets.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
BANDS = 16  # 16 bands x 4 rows: candidates from about 0.5 Jaccard, then checked exactly
ROWS = NUM_PERM // BANDS
SHINGLE = 3
THRESHOLD = 0.7  # estimated Jaccard at or above which a report is a copy of an earlier one
_SEED = 20150520

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Signature:
    hashvalues: np.ndarray  # uint64[NUM_PERM]

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Signature:
        return cls(np.frombuffer(raw, dtype="<u8").astype(np.uint64))

    def buckets(self) -> list[str]:
        """LSH bucket keys, one a band; the band number is part of the key."""
        out = []
        for band in range(BANDS):
            chunk = self.hashvalues[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
            out.append(f"{band:02d}" + hashlib.blake2b(chunk, digest_size=15).hexdigest())
        return out

    def similarity(self, other: Signature) -> float:
        return float(np.mean(self.hashvalues == other.hashvalues))


def shingles(text: str) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - 2)}


def _crc32(data: bytes) -> int:
    # A 32-bit hash of each shingle is all MinHash needs; CRC32 is stable across processes
    # and machines (unlike hash()) and several times cheaper than datasketch's SHA-1 default.
    return zlib.crc32(data)


_SCHEME = "affine32"  # pinned: a datasketch upgrade must not silently change signatures
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=_crc32, scheme=_SCHEME)


def signature(text: str) -> Signature | None:
    """The text's MinHash signature, or None for texts too short to compare meaningfully."""
    grams = shingles(text)
    if len(grams) < 3:
        return None
    # Reusing the template's permutations skips their generation for every report.
    mh = MinHash(
        num_perm=NUM_PERM, hashfunc=_crc32, permutations=_TEMPLATE.permutations, scheme=_SCHEME
    )
    mh.update_batch(list(grams))
    return Signature(mh.hashvalues.copy())
