"""Offline geoparsing: find the places a report names and resolve them to GeoNames places.

Public API::

    from tadmor.geo import default_geoparser
    gp = default_geoparser()              # opens (or builds once) the local gazetteer
    gp.parse("ISIS entered Tadmour ...", country_hint="SY")  # -> list[Toponym]
    gp.resolve("Palmyra", country_hint="SY")                 # -> Toponym | None

The gazetteer is a SQLite file built from GeoNames data shipped by PyPI packages; nothing is
downloaded. Exports that carry its data must credit GeoNames with :data:`GEONAMES_ATTRIBUTION`.
"""

from __future__ import annotations

import threading

from tadmor.geo.build import GAZETTEER_VERSION, build_gazetteer
from tadmor.geo.errors import GazetteerBuildError, GazetteerError, GeoError, GoldFormatError
from tadmor.geo.gazetteer import Gazetteer, default_gazetteer_path, open_gazetteer
from tadmor.geo.normalize import governorate_key, name_key, skeleton
from tadmor.geo.parser import Geoparser, distance_km
from tadmor.geo.records import Place, Toponym

GEONAMES_ATTRIBUTION = (
    "Place data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/); admin-region points derived by tadmor."
)

__all__ = [
    "GAZETTEER_VERSION",
    "GEONAMES_ATTRIBUTION",
    "Gazetteer",
    "GazetteerBuildError",
    "GazetteerError",
    "GeoError",
    "Geoparser",
    "GoldFormatError",
    "Place",
    "Toponym",
    "build_gazetteer",
    "default_gazetteer_path",
    "default_geoparser",
    "distance_km",
    "governorate_key",
    "name_key",
    "open_gazetteer",
    "skeleton",
]

_lock = threading.Lock()
_default: Geoparser | None = None


def default_geoparser() -> Geoparser:
    """The process-wide geoparser over the default gazetteer (built on first use if missing).

    The location is ``$TADMOR_GAZETTEER``, else ``$TADMOR_HOME/gazetteer-<version>.sqlite``,
    else ``~/.cache/tadmor/gazetteer-<version>.sqlite``.
    """
    global _default
    with _lock:
        if _default is None:
            _default = Geoparser(open_gazetteer())
        return _default


def _reset_default() -> None:
    """Forget the cached geoparser (tests that change TADMOR_* variables)."""
    global _default
    with _lock:
        _default = None
