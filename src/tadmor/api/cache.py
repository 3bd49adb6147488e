"""Pages already built, kept while the data they show is unchanged.

Many people open the same pages (the newest incidents, a grade, a month on the map); building
one is a few milliseconds of SQL and serialising, answering from memory a fraction of that.
What makes it safe is the key:

* the store's data version (:meth:`tadmor.store.Store.data_version`), which database
  triggers move in the same transaction as any change to served data, restrictions included;
  the version is read before the data, so a page is never filed under a version older than
  what it shows, and a restriction committed before a request started always applies to it;
* whether the caller may see restricted data (viewers and analysts never share a page);
* the path and query string exactly as sent.

Only pages whose content depends on nothing else are cached (see the routers that call
:func:`cached_json`); anything per user (tokens, the user's own record) is not. Pages for an
older version are dropped as soon as a newer one is seen, and the cache is bounded in entries
and bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

from tadmor.api.auth import Principal
from tadmor.api.http import encode_json, respond_json
from tadmor.store import Store

Key = tuple[int, bool, str, str]


class PageCache:
    """A bounded LRU of response bodies for the newest data version only."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[Key, bytes] = OrderedDict()
        self._bytes = 0
        self._version = -1
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0

    def get(self, key: Key) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: Key, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:
            return  # one huge page (a map of everything) would evict all the others
        with self._lock:
            version = key[0]
            if version < self._version:
                return  # built from an older snapshot while the data changed: never file it
            if version > self._version:
                self._items.clear()
                self._bytes = 0
                self._version = version
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._items[key] = body
            self._bytes += len(body)
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _k, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


def cached_json(
    request: Request,
    store: Store,
    who: Principal,
    build: Callable[[Any], BaseModel | dict[str, Any] | list[Any]],
) -> Response:
    """Answer from the cache, or build the page with ``build(session)`` and keep it. The
    version is read before the read session begins, so the page is at least as new as the
    version it is filed under."""
    cache: PageCache | None = getattr(request.app.state, "page_cache", None)
    if cache is None or not cache.enabled:
        with store.read() as session:
            return respond_json(request, encode_json(build(session)), who)
    key: Key = (store.data_version(), who.sees_restricted, request.url.path, request.url.query)
    body = cache.get(key)
    if body is None:
        with store.read() as session:
            body = encode_json(build(session))
        cache.put(key, body)
    return respond_json(request, body, who)
