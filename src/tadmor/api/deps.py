"""Dependencies shared by the routers: the store, the settings, and list filters parsed from
the query string once, the same way for every list (incidents, claims, map, counts, exports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from tadmor.api.settings import ServerSettings
from tadmor.store import Store
from tadmor.store import server_repo as srv

MAX_OFFSET = 10_000_000


# The dependencies below are ``async`` although they never await: FastAPI runs a sync
# dependency (a class too) in the thread pool, and on a busy server each of those hops costs
# more than the work itself. Only the endpoint's store work belongs in a thread.


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]


def parse_bbox(raw: str | None) -> srv.Box | None:
    if raw is None or raw == "":
        return None
    parts = raw.split(",")
    try:
        w, s, e, n = (float(p) for p in parts)
    except ValueError:
        raise HTTPException(422, "bbox is west,south,east,north in degrees") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise HTTPException(422, "bbox is west,south,east,north in degrees") from None
    return srv.Box(w, s, e, n)


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


async def paging_params(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=500, description="Items a page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Paging:
    settings: ServerSettings = request.app.state.settings
    return Paging(min(limit, settings.max_page), offset)


PagingDep = Annotated[Paging, Depends(paging_params)]


@dataclass(frozen=True)
class Filters:
    """type, actor, source, grade, time range and bounding box, as every list takes them."""

    type: str | None
    actor: str | None
    source: str | None
    grade: str | None
    since: dt.date | None
    until: dt.date | None
    bbox: srv.Box | None

    def incidents(
        self, *, q: str | None = None, unreviewed: bool = False, limit: int = 50, offset: int = 0
    ) -> srv.IncidentQuery:
        return srv.IncidentQuery(
            event_type=self.type,
            actor=self.actor,
            source=self.source,
            grade=self.grade,
            since=self.since,
            until=self.until,
            bbox=self.bbox,
            q=q or None,
            unreviewed=unreviewed,
            limit=limit,
            offset=offset,
        )

    def claims(
        self, *, report_id: str | None = None, limit: int = 50, offset: int = 0
    ) -> srv.ClaimQuery:
        return srv.ClaimQuery(
            event_type=self.type,
            actor=self.actor,
            source=self.source,
            grade=self.grade,
            since=self.since,
            until=self.until,
            bbox=self.bbox,
            report_id=report_id,
            limit=limit,
            offset=offset,
        )


async def filter_params(
    type: Annotated[
        str | None, Query(max_length=60, description="Event type or sub-event type.")
    ] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    source: Annotated[str | None, Query(max_length=300, description="Origin or outlet.")] = None,
    grade: Annotated[str | None, Query(max_length=20)] = None,
    since: Annotated[dt.date | None, Query(description="Event on or after.")] = None,
    until: Annotated[dt.date | None, Query(description="Event on or before.")] = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=r"^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$",
            description="west,south,east,north (degrees).",
        ),
    ] = None,
) -> Filters:
    return Filters(
        type=type or None,
        actor=actor or None,
        source=source or None,
        grade=grade or None,
        since=since,
        until=until,
        bbox=parse_bbox(bbox),
    )


FiltersDep = Annotated[Filters, Depends(filter_params)]


def page(items: list[object], paging: Paging, more: bool) -> dict[str, object]:
    return {
        "items": items,
        "limit": paging.limit,
        "offset": paging.offset,
        "next_offset": paging.offset + paging.limit if more else None,
    }


NOT_FOUND = "not found"


def not_found() -> HTTPException:
    """The one answer for an id that does not exist *and* for one the caller may not see, so
    a restricted id cannot be told from a made-up one."""
    return HTTPException(404, NOT_FOUND)
