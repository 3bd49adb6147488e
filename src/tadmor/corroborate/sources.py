"""The registry of origins and outlets: Admiralty reliability and alignment tags.

tadmor ships no opinion on real outlets. Every source is F ("cannot be judged") until an
analyst says otherwise; ``data/sources.example.csv`` shows the file layout with fictional
names only. Aliases let "SANA" and "Syrian Arab News Agency (SANA)" count as one origin.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

from tadmor.corroborate.records import SourceInfo

RELIABILITY = ("A", "B", "C", "D", "E", "F")
RELIABILITY_TEXT = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "cannot be judged",
}
TAGS = ("state-media", "opposition", "international", "armed-group-media", "witness")


class SourceRegistryError(ValueError):
    """A registry entry or file is not valid; the message says which and why."""


def source_key(name: str) -> str:
    """The comparison key of a source name: case, punctuation and spacing ignored."""
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def validate(info: SourceInfo) -> SourceInfo:
    if not info.name.strip():
        raise SourceRegistryError("a source needs a name")
    if info.reliability not in RELIABILITY:
        raise SourceRegistryError(
            f"{info.name}: reliability must be one of A-F, not {info.reliability!r}"
        )
    unknown = [t for t in info.tags if t not in TAGS]
    if unknown:
        raise SourceRegistryError(
            f"{info.name}: unknown tag(s) {', '.join(unknown)} (known: {', '.join(TAGS)})"
        )
    return info


def read_registry_file(path: Path) -> list[SourceInfo]:
    """A CSV with ``name,reliability,tags,aliases,notes`` (tags and aliases ``;``-separated)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise SourceRegistryError(f"{path}: {exc}") from exc
    out = []
    for n, row in enumerate(rows, 2):
        if "name" not in row:
            raise SourceRegistryError(f"{path}: needs a 'name' column")
        try:
            out.append(
                validate(
                    SourceInfo(
                        name=(row.get("name") or "").strip(),
                        reliability=(row.get("reliability") or "F").strip().upper(),
                        tags=_split(row.get("tags")),
                        aliases=_split(row.get("aliases")),
                        notes=(row.get("notes") or "").strip(),
                    )
                )
            )
        except SourceRegistryError as exc:
            raise SourceRegistryError(f"{path}:{n}: {exc}") from exc
    return out


def example_registry_path() -> Path:
    return Path(str(resources.files("tadmor.corroborate") / "data" / "sources.example.csv"))


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (value or "").split(";") if x.strip())


class Registry:
    """Lookup by name or alias; unknown names get the default entry (F, no tags)."""

    def __init__(self, entries: Iterable[SourceInfo] = ()) -> None:
        self._by_key: dict[str, SourceInfo] = {}
        for e in entries:
            self._by_key[source_key(e.name)] = e
            for a in e.aliases:
                self._by_key.setdefault(source_key(a), e)

    def get(self, name: str) -> SourceInfo:
        return self._by_key.get(source_key(name)) or SourceInfo(name=name)

    def canonical(self, name: str) -> str:
        found = self._by_key.get(source_key(name))
        return found.name if found else name

    @property
    def entries(self) -> Mapping[str, SourceInfo]:
        return self._by_key
