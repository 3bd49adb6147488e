"""Extraction pipeline: a list of named, registered stages run over a :class:`Document`.

Modelled on spaCy's registered components: a stage is a callable over one document, created by
a factory registered under a name, configurable and testable alone. The pipeline's version is
derived from its stages' names, versions and configuration, so the store can tell which reports
were extracted by an older pipeline and need a re-run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from tadmor.extract.records import Document


@runtime_checkable
class Stage(Protocol):
    """One extraction step. It reads what earlier stages put on the document and adds its own."""

    name: ClassVar[str]
    version: ClassVar[str]

    def __call__(self, doc: Document) -> Document: ...


StageFactory = Callable[..., Stage]

_REGISTRY: dict[str, StageFactory] = {}


def register_stage(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under ``name`` (the name used in pipeline configs)."""

    def deco(factory: StageFactory) -> StageFactory:
        _REGISTRY[name] = factory
        return factory

    return deco


def registered_stages() -> dict[str, StageFactory]:
    _load_builtin_stages()
    return dict(_REGISTRY)


class UnknownStageError(KeyError):
    """A pipeline config names a stage no module registered."""

    def __str__(self) -> str:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        return f"unknown extraction stage {self.args[0]!r} (registered: {known})"


def _load_builtin_stages() -> None:
    # Importing the module registers its stages; kept lazy so `import tadmor` stays cheap.
    import tadmor.extract.stages  # noqa: F401


# The default order. Later stages read earlier ones' output: sentences before everything,
# places and actors before events, events before claims.
DEFAULT_STAGES: tuple[str, ...] = (
    "language",
    "sentences",
    "dates",
    "quantities",
    "places",
    "actors",
    "attribution",
    "heritage",
    "events",
    "claims",
)


@dataclass
class Pipeline:
    stages: list[Stage]
    config: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_config(
        cls,
        names: Sequence[str] = DEFAULT_STAGES,
        config: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Pipeline:
        """Build the named stages, passing each its section of ``config`` as keyword args."""
        _load_builtin_stages()
        config = dict(config or {})
        stages: list[Stage] = []
        for name in names:
            if name not in _REGISTRY:
                raise UnknownStageError(name)
            stages.append(_REGISTRY[name](**dict(config.get(name, {}))))
        return cls(stages, config)

    @property
    def version(self) -> str:
        """A short hash of what the pipeline is: stage names, versions and configuration."""
        desc = {
            "stages": [[s.name, s.version] for s in self.stages],
            "config": {k: dict(v) for k, v in sorted(self.config.items())},
        }
        raw = json.dumps(desc, sort_keys=True, default=str).encode()
        return hashlib.sha256(raw).hexdigest()[:12]

    def describe(self) -> list[dict[str, str]]:
        return [{"name": s.name, "version": s.version} for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)
