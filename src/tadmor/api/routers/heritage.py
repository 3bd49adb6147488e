"""Heritage sites (read-only for now). Objects, safe havens and plans carry encrypted
secrets with their own role checks in :mod:`tadmor.heritage`; they are served once that stage
has service functions that take the caller's role."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from tadmor.api import auth
from tadmor.api.deps import StoreDep
from tadmor.api.http import json_response

router = APIRouter(prefix="/api/heritage", tags=["heritage"])
Viewer = Annotated[auth.Principal, Depends(auth.viewer)]


@router.get("/sites", response_model=list[dict[str, Any]])
def list_sites(
    request: Request,
    store: StoreDep,
    who: Viewer,
    kind: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    from tadmor.store import heritage_repo

    with store.read() as session:
        sites = heritage_repo.list_sites(session, kind or None)
    return json_response(request, [dataclasses.asdict(s) for s in sites], who)
