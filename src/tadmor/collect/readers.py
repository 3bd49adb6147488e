"""Readers: from an original's bytes to the report items it holds.

One function per input format, chosen by :func:`read_items`. Each yields
:class:`CollectedItem` records and raises a :class:`CollectError` subclass with one clear line
when the input cannot be read. Readers never write anywhere; the service stores what they yield.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tadmor.collect.encoding import decode
from tadmor.collect.records import (
    CollectedItem,
    CsvColumns,
    EmptyInputError,
    MalformedInputError,
    Original,
)

FORMATS = ("auto", "text", "html", "json", "warc", "csv")


@dataclass(frozen=True)
class ReadOptions:
    format: str = "auto"
    csv: CsvColumns | None = None
    csv_date_order: str = "MDY"  # for ambiguous numeric dates such as 4/7/17
    extra: Mapping[str, Any] = field(default_factory=dict)


def detect_format(original: Original, options: ReadOptions) -> str:
    """The input's format: the user's choice, else the file name, else a look at the bytes."""
    if options.format != "auto":
        return options.format
    name = original.name.lower()
    for suffixes, fmt in (
        ((".warc", ".warc.gz", ".arc", ".arc.gz"), "warc"),
        ((".html", ".htm", ".xhtml", ".shtml"), "html"),
        ((".json", ".jsonl", ".ndjson"), "json"),
        ((".csv", ".tsv"), "csv"),
        ((".txt", ".text", ".md"), "text"),
    ):
        if name.endswith(suffixes):
            return fmt
    head = original.data[:2048].lstrip()
    if head.startswith(b"WARC/") or original.data[:2] == b"\x1f\x8b":
        return "warc"
    if head[:1] in (b"{", b"["):
        return "json"
    lowered = head[:1024].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in lowered:
        return "html"
    return "text"


def read_items(original: Original, options: ReadOptions | None = None) -> Iterator[CollectedItem]:
    options = options or ReadOptions()
    fmt = detect_format(original, options)
    reader = {
        "text": read_text,
        "html": read_html,
        "json": read_json,
        "warc": read_warc,
        "csv": read_csv,
    }.get(fmt)
    if reader is None:
        raise MalformedInputError(f"{original.name}: unknown format {fmt!r} (one of {FORMATS})")
    yield from reader(original, options)


# --- plain text ------------------------------------------------------------------------------


def read_text(original: Original, options: ReadOptions) -> Iterator[CollectedItem]:
    text, encoding = decode(original.data, original.name)
    if not text.strip():
        raise EmptyInputError(f"{original.name}: no text")
    yield CollectedItem(
        locator="", text=text, format="text", media_type="text/plain", encoding=encoding
    )


# --- HTML ------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        enc = declared.group(1).decode("ascii", "replace")
        try:
            return data.decode(enc), enc.lower()
        except (LookupError, UnicodeDecodeError):
            pass  # a page that lies about its charset: detect instead
    return decode(data, name)


def html_item(html: str, name: str, locator: str, encoding: str | None) -> CollectedItem:
    """Main text and metadata of a page (trafilatura); hostile markup is never executed,
    only parsed by lxml, and scripts and styles are dropped."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        # trafilatura found no article body (a short page): fall back to all visible text.
        text = (trafilatura.html2txt(html) or "").strip()
    if not text:
        raise EmptyInputError(f"{name}: HTML page has no readable text")

    def meta(attr: str) -> str | None:
        value = getattr(doc, attr, None) if doc is not None else None
        return str(value).strip() or None if value else None

    return CollectedItem(
        locator=locator,
        text=text,
        format="html",
        media_type="text/html",
        title=meta("title"),
        author=meta("author"),
        url=meta("url"),
        site_name=meta("sitename"),
        published=parse_datetime(meta("date")),
        language=meta("language"),
        encoding=encoding,
    )


def read_html(original: Original, options: ReadOptions) -> Iterator[CollectedItem]:
    html, encoding = _decode_html(original.data, original.name)
    yield html_item(html, original.name, "", encoding)


# --- JSON posts ------------------------------------------------------------------------------


def read_json(original: Original, options: ReadOptions) -> Iterator[CollectedItem]:
    raw, encoding = decode(original.data, original.name)
    try:
        docs: list[Any] = [json.loads(raw)]
    except json.JSONDecodeError as first_error:
        # JSON Lines: one object per line
        docs = []
        for lineno, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError:
                raise MalformedInputError(
                    f"{original.name}: invalid JSON at line {first_error.lineno} column "
                    f"{first_error.colno}: {first_error.msg}"
                    + (f" (and not JSON Lines: line {lineno} is not JSON)" if lineno > 1 else "")
                ) from None
    items: list[CollectedItem] = []
    for index, doc in enumerate(docs):
        items.extend(_json_items(doc, original.name, index if len(docs) > 1 else None))
    if not items:
        raise EmptyInputError(f"{original.name}: JSON holds no posts with text")
    for item in items:
        yield _with_encoding(item, encoding)


def _with_encoding(item: CollectedItem, encoding: str) -> CollectedItem:
    from dataclasses import replace

    return replace(item, encoding=encoding)


def _json_items(doc: Any, name: str, line: int | None) -> list[CollectedItem]:
    prefix = f"line:{line + 1}/" if line is not None else ""
    if isinstance(doc, dict) and isinstance(doc.get("messages"), list):
        return list(_telegram_items(doc, prefix))
    if isinstance(doc, dict) and "data" in doc and isinstance(doc["data"], list | dict):
        return list(_tweet_items(doc, prefix))
    if (
        isinstance(doc, dict)
        and isinstance(doc.get("text"), str)
        and "id" in doc
        and ("author_id" in doc or "edit_history_tweet_ids" in doc)
    ):
        return list(_tweet_items({"data": doc}, prefix))
    if isinstance(doc, dict) and isinstance(doc.get("text"), str):
        item = _post_item(doc, prefix.rstrip("/") if prefix else "")
        return [item] if item else []
    if isinstance(doc, list):
        out: list[CollectedItem] = []
        for i, entry in enumerate(doc):
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                raise MalformedInputError(
                    f"{name}: JSON list entry {i} is not a post (needs a 'text' field)"
                )
            item = _post_item(entry, f"{prefix}post:{entry.get('id', i)}")
            if item:
                out.append(item)
        return out
    raise MalformedInputError(
        f"{name}: JSON is not a known post format (tadmor post with 'text', X/Twitter API v2 "
        "with 'data', or a Telegram Desktop export with 'messages')"
    )


def _post_item(doc: Mapping[str, Any], locator: str) -> CollectedItem | None:
    """The documented tadmor post schema: text, author, created_at, url, platform (and
    optional title, source, language)."""
    text = str(doc.get("text") or "").strip()
    if not text:
        return None
    return CollectedItem(
        locator=locator,
        text=text,
        format="post",
        media_type="application/json",
        title=_str(doc.get("title")),
        author=_str(doc.get("author")),
        url=_str(doc.get("url")),
        source=_str(doc.get("source")),
        platform=_str(doc.get("platform")),
        published=parse_datetime(_str(doc.get("created_at"))),
        language=_str(doc.get("language")),
    )


def _tweet_items(doc: Mapping[str, Any], prefix: str) -> Iterator[CollectedItem]:
    """X/Twitter API v2 payloads: ``{"data": tweet | [tweets], "includes": {"users": [...]}}``.
    Long posts carry their full text in ``note_tweet.text``."""
    tweets = doc["data"] if isinstance(doc["data"], list) else [doc["data"]]
    users = {
        str(u.get("id")): u
        for u in (doc.get("includes") or {}).get("users", [])
        if isinstance(u, dict)
    }
    for tweet in tweets:
        if not isinstance(tweet, dict):
            continue
        note = tweet.get("note_tweet")
        text = (note.get("text") if isinstance(note, dict) else None) or tweet.get("text") or ""
        if not str(text).strip():
            continue
        tid = str(tweet.get("id", ""))
        user = users.get(str(tweet.get("author_id")), {})
        username = user.get("username")
        author = (
            f"{user.get('name')} (@{username})" if username and user.get("name") else username
        ) or (f"user {tweet['author_id']}" if tweet.get("author_id") else None)
        yield CollectedItem(
            locator=f"{prefix}tweet:{tid}",
            text=str(text).strip(),
            format="tweet",
            media_type="application/json",
            author=author,
            url=f"https://x.com/{username}/status/{tid}" if username and tid else None,
            source=f"@{username}" if username else None,
            platform="x",
            published=parse_datetime(_str(tweet.get("created_at"))),
            language=_str(tweet.get("lang")) if tweet.get("lang") not in ("und", None) else None,
        )


def _telegram_text(value: Any) -> str:
    """Telegram Desktop stores text as a string or a list of strings and entity objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in value
            if isinstance(part, str | dict)
        )
    return ""


def _telegram_items(doc: Mapping[str, Any], prefix: str) -> Iterator[CollectedItem]:
    """A Telegram Desktop export (``result.json``) of one chat or channel."""
    chat = _str(doc.get("name"))
    for msg in doc["messages"]:
        if not isinstance(msg, dict) or msg.get("type", "message") != "message":
            continue
        text = _telegram_text(msg.get("text")).strip()
        if not text:
            continue
        published = None
        if msg.get("date_unixtime"):
            try:
                published = dt.datetime.fromtimestamp(int(msg["date_unixtime"]), dt.UTC).replace(
                    tzinfo=None
                )
            except (TypeError, ValueError):
                published = None
        if published is None:
            published = parse_datetime(_str(msg.get("date")))
        yield CollectedItem(
            locator=f"{prefix}message:{msg.get('id')}",
            text=text,
            format="telegram",
            media_type="application/json",
            author=_str(msg.get("from")) or _str(msg.get("actor")),
            source=chat,
            platform="telegram",
            published=published,
        )


# --- WARC ------------------------------------------------------------------------------------


_WARC_TYPES = frozenset(
    {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion"}
)


def read_warc(original: Original, options: ReadOptions) -> Iterator[CollectedItem]:
    """Each HTML response (or resource) record of a web archive is a report; its payload is
    preserved as a blob of its own, its target URI is its URL."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = records = 0
    try:
        for record in ArchiveIterator(io.BytesIO(original.data)):
            if record.rec_type in _WARC_TYPES:
                records += 1
            if record.rec_type not in ("response", "resource"):
                continue
            if record.rec_type == "response" and record.http_headers is not None:
                ctype = record.http_headers.get_header("Content-Type") or ""
                status = record.http_headers.get_statuscode() or "200"
                if not status.startswith("2"):
                    continue
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            payload = record.content_stream().read()
            if not payload.strip():
                continue
            record_id = record.rec_headers.get_header("WARC-Record-ID") or f"#{found}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            charset = re.search(r"charset=([\w.:-]+)", ctype, re.I)
            html: str | None = None
            encoding: str | None = None
            if charset:
                try:
                    html, encoding = payload.decode(charset.group(1)), charset.group(1).lower()
                except (LookupError, UnicodeDecodeError):
                    html = None
            if html is None:
                html, encoding = _decode_html(payload, f"{original.name} {record_id}")
            item = html_item(html, original.name, f"warc:{record_id.strip('<>')}", encoding)
            from dataclasses import replace

            found += 1
            yield replace(item, url=url or item.url, payload=payload, format="warc")
    except ArchiveLoadFailed as exc:
        raise MalformedInputError(f"{original.name}: not a readable WARC file ({exc})") from exc
    if not records:
        raise MalformedInputError(f"{original.name}: no WARC records found (not a WARC file?)")
    if not found:
        raise EmptyInputError(f"{original.name}: WARC file holds no HTML responses")


# --- CSV spreadsheets ------------------------------------------------------------------------


def check_columns(cols: CsvColumns, header: Sequence[str], name: str, kind: str) -> None:
    """Refuse a table that lacks a column the user named, listing the columns it has."""
    wanted = {
        "text": cols.text,
        "title": cols.title,
        "date": cols.date,
        "source": cols.source,
        "url": cols.url,
        "id": cols.id,
    }
    missing = [f"{v!r} ({k})" for k, v in wanted.items() if v and v not in header]
    if missing:
        raise MalformedInputError(
            f"{name}: {kind} has no column {', '.join(missing)}; columns are "
            f"{', '.join(header) or 'none'} (choose with --csv-text/--csv-title/...)"
        )


class RowLocators:
    """Locators of table rows: ``row:N`` (from 1), or ``id:KEY`` with a stable id column.
    Spreadsheets repeat ids; every row is still a report of its own (``id:KEY#2``)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def next(self, rowno: int, key: str) -> str:
        if not key:
            return f"row:{rowno}"
        self._seen[key] = self._seen.get(key, 0) + 1
        n = self._seen[key]
        return f"id:{key}" + (f"#{n}" if n > 1 else "")


def read_csv(original: Original, options: ReadOptions) -> Iterator[CollectedItem]:
    cols = options.csv or CsvColumns()
    raw, encoding = decode(original.data, original.name)
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    if original.name.lower().endswith(".tsv"):
        dialect = csv.excel_tab
    csv.field_size_limit(64 * 1024 * 1024)
    reader = csv.DictReader(io.StringIO(raw, newline=""), dialect=dialect)
    check_columns(cols, reader.fieldnames or [], original.name, "CSV")
    found = 0
    locators = RowLocators()
    try:
        for rowno, row in enumerate(reader, 1):
            text = (row.get(cols.text) or "").strip()
            if not text:
                continue
            key = (row.get(cols.id) or "").strip() if cols.id else ""
            found += 1
            yield CollectedItem(
                locator=locators.next(rowno, key),
                text=text,
                format="csv",
                media_type="text/csv",
                title=_str(row.get(cols.title)) if cols.title else None,
                source=_str(row.get(cols.source)) if cols.source else None,
                url=_str(row.get(cols.url)) if cols.url else None,
                published=parse_datetime(
                    _str(row.get(cols.date)) if cols.date else None, options.csv_date_order
                ),
                encoding=encoding,
            )
    except csv.Error as exc:
        raise MalformedInputError(f"{original.name}: malformed CSV ({exc})") from exc
    if not found:
        raise EmptyInputError(f"{original.name}: no rows with text in column {cols.text!r}")


# --- helpers ---------------------------------------------------------------------------------


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$")


def _numeric_date(text: str, date_order: str) -> dt.datetime | None:
    """Spreadsheet dates such as 4/7/17 or 07.04.2017, read in the given order without
    dateparser (which costs milliseconds a call: too slow for a million-row CSV)."""
    m = _NUMERIC_DATE.match(text)
    if not m:
        return None
    parts = dict(zip(date_order.upper(), (int(g) for g in m.groups()), strict=False))
    if len(m.group(1)) == 4:  # 2017-04-07 whatever the order says
        parts = {"Y": int(m.group(1)), "M": int(m.group(2)), "D": int(m.group(3))}
    year = parts.get("Y", 0)
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return dt.datetime(year, parts.get("M", 0), parts.get("D", 0))
    except ValueError:
        return None


def parse_datetime(value: str | None, date_order: str = "MDY") -> dt.datetime | None:
    """A date or date-time as naive UTC; ISO-8601 and numeric dates first, then dateparser."""
    if not value:
        return None
    text = value.strip()
    numeric = _numeric_date(text, date_order)
    if numeric is not None:
        return numeric
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        import dateparser

        parsed_or_none = dateparser.parse(
            text,
            settings={
                "DATE_ORDER": date_order,
                "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": True,
                "TIMEZONE": "UTC",
                "TO_TIMEZONE": "UTC",
            },
        )
        if parsed_or_none is None:
            return None
        parsed = parsed_or_none
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed
