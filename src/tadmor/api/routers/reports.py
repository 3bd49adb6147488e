"""Reports: list, read (text with its extracted spans), original bytes, upload."""

from __future__ import annotations

from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Query,
    Request,
    Response,
    UploadFile,
)

from tadmor.api import auth, services
from tadmor.api.deps import PagingDep, SettingsDep, StoreDep, not_found, page
from tadmor.api.http import json_response
from tadmor.api.records import marks, report_detail, report_summary
from tadmor.api.restrict import Redactor
from tadmor.api.schemas import Page, Problem, ReportDetail, ReportSummary, UploadOut
from tadmor.collect.records import Metadata
from tadmor.publish.claims import claim_record
from tadmor.store import repository as repo
from tadmor.store import server_repo as srv

router = APIRouter(prefix="/api/reports", tags=["reports"])
Viewer = Annotated[auth.Principal, Depends(auth.viewer)]
Analyst = Annotated[auth.Principal, Depends(auth.analyst)]


@router.get("", response_model=Page[ReportSummary])
def list_reports(
    request: Request,
    store: StoreDep,
    who: Viewer,
    paging: PagingDep,
    source: Annotated[str | None, Query(max_length=300)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in title or text.")] = None,
) -> Response:
    hide = not who.sees_restricted
    flt = srv.ReportQuery(
        source=source or None, q=q or None, limit=paging.limit, offset=paging.offset
    )
    with store.read() as session:
        rows, more = srv.query_reports(session, flt, hide_restricted=hide)
        red = Redactor.load(session, active=hide, report_ids=[r.id for r in rows])
    items = [red.report(report_summary(r)) for r in rows]
    body = Page[ReportSummary].model_validate(page(list(items), paging, more))
    return json_response(request, body, who)


@router.get("/{report_id}", response_model=ReportDetail, responses={404: {"model": Problem}})
def get_report(report_id: str, request: Request, store: StoreDep, who: Viewer) -> Response:
    hide = not who.sees_restricted
    with store.read() as session:
        row = srv.get_report_row(session, report_id, hide_restricted=hide)
        if row is None:
            raise not_found()
        annotations = dict(srv.get_annotations(session, row.id))
        claims, _ = srv.query_claims(
            session, srv.ClaimQuery(report_id=row.id, limit=10_000), hide_restricted=hide
        )
        red = Redactor.load(session, active=hide, claims=claims, report_ids=[row.id])
    rec = red.report(report_detail(row), annotations)
    rec["annotations"] = annotations
    rec["marks"] = marks(annotations)
    rec["claims"] = [red.claim(claim_record(c, outlet)) for c, outlet in claims]
    return json_response(request, ReportDetail.model_validate(rec), who)


@router.get(
    "/{report_id}/original",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, 404: {"model": Problem}},
)
def get_original(report_id: str, store: StoreDep, who: Analyst) -> Response:
    """The original bytes as collected, as a download that a browser never renders: an
    uploaded page's scripts must not run on this server's origin. Analysts only: the original
    holds everything a restriction hides in the working text."""
    with store.read() as session:
        row = srv.get_report_row(session, report_id, hide_restricted=False)
        data = repo.get_blob(session, row.original_sha256) if row else None
    if row is None or data is None:
        raise not_found()
    name = f"{row.original_sha256[:16]}.bin"
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "no-store",
            "X-Original-SHA256": row.original_sha256,
        },
    )


@router.post(
    "",
    response_model=UploadOut,
    status_code=201,
    responses={413: {"model": Problem}, 422: {"model": Problem}},
)
def upload(
    store: StoreDep,
    settings: SettingsDep,
    who: Analyst,
    file: Annotated[UploadFile, File(description="Any input `tadmor add` reads.")],
    source: Annotated[str | None, Form(max_length=300)] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    published: Annotated[
        str | None, Form(max_length=40, description="A date, e.g. 2015-05-24.")
    ] = None,
    title: Annotated[str | None, Form(max_length=500)] = None,
    language: Annotated[str | None, Form(max_length=10)] = None,
    restricted: Annotated[bool, Form()] = False,
    reason: Annotated[str | None, Form(max_length=5000)] = None,
) -> UploadOut:
    """Collect a file through the same pipeline as ``tadmor add`` (hash, custody ledger,
    near-duplicates, extraction, incident grouping), recorded under your name."""
    from tadmor.collect.readers import parse_datetime

    data = file.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise HTTPException(413, f"the upload is over {settings.max_upload_bytes // 1_000_000} MB")
    when = parse_datetime(published, "DMY") if published else None
    if published and when is None:
        raise HTTPException(422, "cannot read 'published' as a date")
    if restricted and not (reason or "").strip():
        raise HTTPException(422, "a restricted upload needs a reason")
    meta = Metadata(
        source=source or None,
        url=url or None,
        published=when,
        title=title or None,
        language=language or None,
    )
    result = services.upload(
        store,
        data,
        file.filename or "upload",
        metadata=meta,
        actor=who.username,
        restrict_reason=(reason or "").strip() if restricted else None,
    )
    o = result.outcome
    if o.error:
        raise HTTPException(422, o.error)
    return UploadOut(
        name=o.name,
        sha256=o.sha256,
        added=o.added,
        already_present=o.already_present,
        duplicates=[
            {"report": a, "duplicate_of": b, "similarity": s}  # type: ignore[misc]
            for a, b, s in o.duplicates
        ],
        error=o.error,
        claims=result.claims,
        incidents=result.incidents,
        warnings=result.errors,
        restricted=restricted,
    )
