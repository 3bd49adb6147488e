"""Errors of the geography part, each with a message that says what to do."""

from __future__ import annotations


class GeoError(Exception):
    """Base class of tadmor.geo errors."""


class GazetteerBuildError(GeoError):
    """The gazetteer could not be built (a source package is missing or a data file is bad)."""


class GazetteerError(GeoError):
    """The gazetteer file is missing, unreadable or of another version."""


class GoldFormatError(GeoError):
    """An evaluation gold file does not have the expected layout."""
