"""Health (for monitors; no login) and the page's configuration."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from tadmor import __version__
from tadmor.api import auth, incidents_ops
from tadmor.api.deps import SettingsDep
from tadmor.api.schemas import Health, UiConfig

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok")


@router.get("/config", response_model=UiConfig)
def config(settings: SettingsDep, _: Annotated[auth.Principal, Depends(auth.viewer)]) -> UiConfig:
    return UiConfig(
        tiles_url=settings.tiles_url,
        tiles_attribution=settings.tiles_attribution,
        max_upload_bytes=settings.max_upload_bytes,
        grades=list(incidents_ops.GRADES),
        incidents_writable=incidents_ops.available(),
        version=__version__,
    )
