"""The source registry: origins and outlets cited by claims, with their registry entries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from tadmor.api import auth
from tadmor.api.deps import PagingDep, StoreDep, page
from tadmor.api.http import json_response
from tadmor.api.schemas import Page, SourceOut
from tadmor.store import server_repo as srv

router = APIRouter(prefix="/api/sources", tags=["sources"])
Viewer = Annotated[auth.Principal, Depends(auth.viewer)]


@router.get("", response_model=Page[SourceOut])
def list_sources(request: Request, store: StoreDep, who: Viewer, paging: PagingDep) -> Response:
    with store.read() as session:
        rows, more = srv.source_summary(
            session,
            hide_restricted=not who.sees_restricted,
            limit=paging.limit,
            offset=paging.offset,
        )
    items = [
        {
            "name": name,
            "claims": n,
            "registered": entry is not None,
            "reliability": entry.reliability if entry else None,
            "tags": list(entry.tags) if entry else [],
            "notes": entry.notes if entry else None,
        }
        for name, n, entry in rows
    ]
    return json_response(
        request, Page[SourceOut].model_validate(page(list(items), paging, more)), who
    )
