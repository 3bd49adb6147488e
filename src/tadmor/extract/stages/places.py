"""Places stage: every place name in the report, resolved to a GeoNames place.

Gazetteer matching only (no NER model), so it costs a few milliseconds per report; see
:mod:`tadmor.geo.parser` for how names are recognised and ranked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from tadmor.extract.pipeline import register_stage
from tadmor.extract.records import Document
from tadmor.geo import Geoparser, default_geoparser


@register_stage("places")
class PlacesStage:
    """Fill ``doc.toponyms``.

    ``aliases`` maps a name to a GeoNames id (the store's user alias table: "Tadmour" -> 163808)
    and wins over the gazetteer. ``country_hint`` (ISO alpha-2) is used when the document
    carries none. ``geoparser`` is for tests; by default the process-wide one is opened on the
    first report, not at construction, so building a pipeline stays cheap.
    """

    name: ClassVar[str] = "places"
    version: ClassVar[str] = "4"

    def __init__(
        self,
        aliases: Mapping[str, int] | None = None,
        country_hint: str | None = None,
        geoparser: Geoparser | None = None,
    ) -> None:
        self.aliases = dict(aliases) if aliases else None
        self.country_hint = country_hint
        self._geoparser = geoparser

    @property
    def geoparser(self) -> Geoparser:
        if self._geoparser is None:
            self._geoparser = default_geoparser()
        return self._geoparser

    def __call__(self, doc: Document) -> Document:
        doc.toponyms = self.geoparser.parse(
            doc.text, country_hint=doc.country_hint or self.country_hint, aliases=self.aliases
        )
        return doc
