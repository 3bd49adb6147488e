"""Train the events classifier (:mod:`tadmor.extract.event_classifier`) from the training
sentences kept in ``data/events/`` and write ``data/events/model.npz``.

    python -m tadmor.extract.train_events [--check]

The rules run over every training sentence first (their findings are features), then a
multinomial logistic regression is fitted with numpy (full-batch Adam, L2, class-balanced
weights): no scikit-learn or torch at run time or here.

``--check`` estimates quality without touching any test data, two ways: (1) train on the
templated sentences, score the hand-written ones (different authorship, different phrasing);
(2) five-fold cross-validation over all sentences, folds grouped so that the sentences of one
template never straddle train and test. It prints weighted and macro F1 over the conflict
types (as ``tadmor eval events`` computes them) for each.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

import numpy as np

from tadmor.extract.encoder import default_encoder
from tadmor.extract.event_classifier import LABELS, MODEL_FILE, snippet_features
from tadmor.extract.records import Document

DATA = Path(__file__).resolve().parent / "data" / "events"
TRAINING_FILES = ("hand.tsv", "generated.tsv")
# Weight of each file's sentences in the fit, by group prefix ("hand", "gen"); none is set.
TRAINING_WEIGHTS: dict[str, float] = {}
RULE_STAGES = ("sentences", "dates", "quantities", "actors", "attribution", "heritage", "events")


def read_training() -> list[tuple[str, str, str]]:
    """(label, text, group) rows: group names the file and, for templated rows, the template."""
    rows: list[tuple[str, str, str]] = []
    for name in TRAINING_FILES:
        with open(DATA / name, encoding="utf-8", newline="") as fh:
            for i, r in enumerate(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)):
                if name == "generated.tsv":
                    group = f"gen:{r.get('template', i)}"
                else:
                    group = name.removesuffix(".tsv")
                rows.append((r["label"], r["text"], group))
    return rows


def training_weights(rows: list[tuple[str, str, str]]) -> np.ndarray:
    """Per-sentence weight of each training file (see ``TRAINING_WEIGHTS``)."""
    return np.array([TRAINING_WEIGHTS.get(g.split(":")[0], 1.0) for _, _, g in rows])


def featurise(texts: list[str]) -> np.ndarray:
    from tadmor.extract.pipeline import Pipeline

    pipe = Pipeline.from_config(RULE_STAGES, {"events": {"classifier": None}})
    enc = default_encoder()
    return np.concatenate([snippet_features(enc, pipe(Document(t))) for t in texts])


def fit(
    X: np.ndarray,
    y: np.ndarray,
    l2: float = 1e-3,
    epochs: int = 400,
    lr: float = 0.05,
    weights: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    mean = X.mean(axis=0)
    std = X.std(axis=0) + 1e-6
    Z = (X - mean) / std
    n, d = Z.shape
    k = len(LABELS)
    counts = np.bincount(y, minlength=k).astype(np.float64)
    cw = np.where(counts > 0, (n / (k * np.maximum(counts, 1))) ** 0.5, 0.0)
    sw = cw[y] if weights is None else cw[y] * weights
    sw = sw / sw.mean()
    Y = np.eye(k)[y]
    W = np.zeros((d, k))
    b = np.zeros(k)
    mW, vW, mb, vb = (np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b))
    for t in range(1, epochs + 1):
        z = Z @ W + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - Y) * sw[:, None] / n
        gW = Z.T @ g + l2 * W
        gb = g.sum(axis=0)
        for prm, grad, m, v in ((W, gW, mW, vW), (b, gb, mb, vb)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            prm -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return {"W": W.astype(np.float32), "b": b.astype(np.float32), "mean": mean, "std": std}


def predict(model: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    z = ((X - model["mean"]) / model["std"]) @ model["W"] + model["b"]
    return z.argmax(axis=1)


def f1_scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Weighted and macro F1 over the conflict types present in ``gold``, as eval events."""
    conflict = set(LABELS[:-1])
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    support = Counter(g for g in gold if g in conflict)
    f1 = {}
    for c in support:
        pr = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        rc = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        f1[c] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    total = sum(support.values())
    return {
        "weighted_f1": round(sum(f1[c] * support[c] for c in support) / total, 4),
        "macro_f1": round(sum(f1.values()) / len(f1), 4),
        "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold), 4),
        "n": len(gold),
    }


def check(rows: list[tuple[str, str, str]], X: np.ndarray, y: np.ndarray) -> dict[str, object]:
    groups = np.array([g for _, _, g in rows])
    hand = groups == "hand"
    out: dict[str, object] = {}
    m = fit(X[~hand], y[~hand])
    pred = predict(m, X[hand])
    out["templated->hand"] = f1_scores([LABELS[i] for i in y[hand]], [LABELS[i] for i in pred])
    rng = np.random.default_rng(0)
    uniq = np.unique(groups)
    fold_of = dict(zip(uniq, rng.integers(0, 5, len(uniq)), strict=True))
    # Hand-written sentences are each their own group.
    folds = np.array(
        [fold_of[g] if g != "hand" else rng.integers(0, 5) for g in groups], dtype=np.int64
    )
    gold_all: list[str] = []
    pred_all: list[str] = []
    for f in range(5):
        te = folds == f
        m = fit(X[~te], y[~te])
        gold_all += [LABELS[i] for i in y[te]]
        pred_all += [LABELS[i] for i in predict(m, X[te])]
    out["5fold_grouped"] = f1_scores(gold_all, pred_all)
    return out


def read_dev(path: Path) -> tuple[list[str], list[str]]:
    """Texts and labels of an ``id<TAB>EventSnippet<TAB>SubType`` file; the evaluation sets'
    not-conflict codes (ORG_CRIME, DIPLO, NONE...) all read as "not_conflict"."""
    texts, gold = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts.append(r["EventSnippet"])
            gold.append(r["SubType"] if r["SubType"] in LABELS else LABELS[-1])
    return texts, gold


def score_dev(model: dict[str, np.ndarray], path: Path) -> dict[str, float | int]:
    """The model's figures on a development file (as ``tadmor eval events`` computes them)."""
    texts, gold = read_dev(path)
    pred = [LABELS[i] for i in predict(model, featurise(texts))]
    out: dict[str, float | int] = dict(f1_scores(gold, pred))
    nc = [p for g, p in zip(gold, pred, strict=True) if g == LABELS[-1]]
    out["not_conflict_accuracy"] = round(sum(p == LABELS[-1] for p in nc) / max(len(nc), 1), 4)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="estimate quality (no test data)")
    ap.add_argument(
        "--dev",
        type=Path,
        action="append",
        default=[],
        help="score the trained model on this development TSV (repeatable; never the test set)",
    )
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    a = ap.parse_args(argv)
    rows = read_training()
    y = np.array([LABELS.index(lab) for lab, _, _ in rows])
    X = featurise([t for _, t, _ in rows])
    if a.check:
        print(json.dumps(check(rows, X, y)))
    m = fit(X, y, weights=training_weights(rows))
    for path in a.dev:
        print(json.dumps({"dev": str(path), **score_dev(m, path)}))
    np.savez_compressed(
        a.out,
        W=m["W"],
        b=m["b"],
        mean=m["mean"].astype(np.float32),
        std=m["std"].astype(np.float32),
        labels=np.array(LABELS),
    )
    print(f"trained on {len(rows)} sentences -> {a.out}")


if __name__ == "__main__":
    main()
