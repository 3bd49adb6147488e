"""Restrictions: analysts mark what viewers must not see; lifting one takes an admin, since it
is the riskier way round."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from tadmor.api import auth, services
from tadmor.api.deps import StoreDep, not_found
from tadmor.api.restrict import RESTRICTABLE_FIELDS
from tadmor.api.schemas import Problem, RestrictionIn, RestrictionOut, TargetKind
from tadmor.store import server_repo as srv
from tadmor.store.models_server import Restriction

router = APIRouter(prefix="/api/restrictions", tags=["restrictions"])
Analyst = Annotated[auth.Principal, Depends(auth.analyst)]
Admin = Annotated[auth.Principal, Depends(auth.admin)]


def _out(r: Restriction) -> RestrictionOut:
    return RestrictionOut(
        id=r.id,
        kind=r.target_kind,
        target_id=r.target_id,
        field=r.field,
        span=[r.span_start, r.span_end]
        if r.span_start is not None and r.span_end is not None
        else None,
        reason=r.reason,
        by=r.created_by,
        at=r.created_at,
    )


@router.get("", response_model=list[RestrictionOut])
def list_restrictions(
    store: StoreDep,
    _: Analyst,
    kind: Annotated[TargetKind | None, Query()] = None,
    target: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    with store.read() as session:
        rows = srv.list_restrictions(session, kind, [target] if target else None)
    body = "[" + ",".join(_out(r).model_dump_json() for r in rows) + "]"
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


@router.post(
    "", response_model=RestrictionOut, status_code=201, responses={422: {"model": Problem}}
)
def add_restriction(
    body: RestrictionIn, request: Request, store: StoreDep, who: Analyst
) -> RestrictionOut:
    """Restrict a whole record (``field`` empty), one field of it, or (``kind`` report,
    ``field`` text) a span of a report's text."""
    span = None
    if body.span_start is not None or body.span_end is not None:
        if body.span_start is None or body.span_end is None or body.span_end <= body.span_start:
            raise HTTPException(422, "a span needs span_start < span_end")
        span = (body.span_start, body.span_end)
    allowed = RESTRICTABLE_FIELDS.get(body.kind, ())
    if body.field and body.field not in allowed:
        raise HTTPException(
            422, f"{body.kind} fields that can be restricted: {', '.join(allowed) or 'none'}"
        )
    try:
        row = services.restrict(
            store,
            kind=body.kind,
            target_id=body.target_id,
            field=body.field,
            span=span,
            reason=body.reason,
            actor=who.username,
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    return _out(row)


@router.delete("/{restriction_id}", status_code=204, responses={404: {"model": Problem}})
def remove_restriction(
    restriction_id: Annotated[int, Path(ge=1, le=2**31 - 1)], store: StoreDep, who: Admin
) -> Response:
    if not services.unrestrict(store, restriction_id, actor=who.username):
        raise not_found()
    return Response(status_code=204)
