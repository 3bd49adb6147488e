"""Typed records of the collect stage and its errors."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


class CollectError(Exception):
    """An input could not be collected. The message is one line a user can act on."""


class EmptyInputError(CollectError):
    pass


class BinaryInputError(CollectError):
    pass


class EncodingDetectionError(CollectError):
    pass


class TooLargeError(CollectError):
    pass


class MalformedInputError(CollectError):
    pass


class UnreadableInputError(CollectError):
    pass


DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Original:
    """Bytes exactly as they arrived, with their SHA-256: the evidentiary copy."""

    data: bytes
    name: str  # file path as given, or "-" for standard input
    sha256: str = field(default="")

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", hashlib.sha256(self.data).hexdigest())


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the user says about an input (command-line options); overrides what is read."""

    source: str | None = None
    url: str | None = None
    published: dt.datetime | None = None
    collector: str | None = None
    language: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Which spreadsheet columns hold the article fields."""

    text: str = "text"
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    id: str | None = None  # a stable row id column makes locators survive row reordering


@dataclass(frozen=True, slots=True)
class CollectedItem:
    """One report-to-be read from an original: its working text and what the input said of it.

    ``locator`` names the item inside its original ("" for a whole file, "row:17",
    "warc:<record id>", "tweet:123"), so (original SHA-256, locator) identifies a report.
    ``payload`` holds the item's own bytes when they differ from the original's (a WARC
    response body), to be preserved as a blob of their own.
    """

    locator: str
    text: str
    format: str
    media_type: str
    title: str | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None
    site_name: str | None = None
    platform: str | None = None
    published: dt.datetime | None = None
    language: str | None = None
    encoding: str | None = None
    payload: bytes | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """A collected report as later stages see it: working text plus provenance."""

    id: str
    original_sha256: str
    locator: str
    text: str
    text_sha256: str
    format: str
    collector: str
    collected_at: dt.datetime
    item_sha256: str | None = None
    filename: str | None = None
    encoding: str | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None
    site_name: str | None = None
    platform: str | None = None
    published: dt.datetime | None = None
    language: str | None = None
    duplicate_of: str | None = None
    duplicate_similarity: float | None = None
    pipeline_version: str | None = None


def report_id(original_sha256: str, locator: str) -> str:
    """Stable id of the report at ``locator`` in an original: the same input gives the same id
    on every machine, so re-collection and distributed runs never make a second report."""
    return hashlib.sha256(f"{original_sha256}\x00{locator}".encode()).hexdigest()[:20]
