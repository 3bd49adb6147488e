"""Claims: list with filters, and one claim."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from tadmor.api import auth, services
from tadmor.api.deps import FiltersDep, PagingDep, StoreDep, not_found, page
from tadmor.api.http import json_response
from tadmor.api.restrict import Redactor
from tadmor.api.schemas import ClaimOut, Page, Problem
from tadmor.publish.claims import claim_record
from tadmor.store import server_repo as srv

router = APIRouter(prefix="/api/claims", tags=["claims"])
Viewer = Annotated[auth.Principal, Depends(auth.viewer)]


@router.get("", response_model=Page[ClaimOut])
def list_claims(
    request: Request,
    store: StoreDep,
    who: Viewer,
    paging: PagingDep,
    filters: FiltersDep,
    report: Annotated[str | None, Query(max_length=40, description="Only this report.")] = None,
) -> Response:
    flt = filters.claims(report_id=report or None, limit=paging.limit, offset=paging.offset)
    items, more = services.visible_claim_records(store, flt, hide=not who.sees_restricted)
    body = Page[ClaimOut].model_validate(page(list(items), paging, more))
    return json_response(request, body, who)


@router.get("/{claim_id}", response_model=ClaimOut, responses={404: {"model": Problem}})
def get_claim(claim_id: str, request: Request, store: StoreDep, who: Viewer) -> Response:
    hide = not who.sees_restricted
    with store.read() as session:
        found = srv.get_claim(session, claim_id, hide_restricted=hide)
        if found is None:
            raise not_found()
        red = Redactor.load(session, active=hide, claims=[found])
    return json_response(request, ClaimOut.model_validate(red.claim(claim_record(*found))), who)
