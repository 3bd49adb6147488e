"""Exports of claims (JSON Lines, CSV, GeoJSON), recorded in the custody ledger."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from tadmor.api import auth, services
from tadmor.api.deps import FiltersDep, StoreDep

router = APIRouter(prefix="/api/exports", tags=["exports"])
Viewer = Annotated[auth.Principal, Depends(auth.viewer)]
MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv", "geojson": "application/geo+json"}


@router.get(
    "/claims.{fmt}",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA.values()}}},
)
def export_claims(
    fmt: Literal["jsonl", "csv", "geojson"],
    store: StoreDep,
    who: Viewer,
    filters: FiltersDep,
    scope: Annotated[
        Literal["public", "internal"],
        Query(
            description="public: as a viewer sees the store (the default); internal: "
            "everything, for analysts and admins."
        ),
    ] = "public",
) -> Response:
    if scope == "internal" and not who.sees_restricted:
        raise HTTPException(403, "an internal export needs the analyst role")
    data, count, sha = services.export(
        store, fmt, filters.claims(), principal=who, public=scope == "public"
    )
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="tadmor-claims-{scope}.{fmt}"',
            "X-Export-SHA256": sha,
            "X-Export-Claims": str(count),
            "Cache-Control": "no-store",
        },
    )
