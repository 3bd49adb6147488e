"""The web page: static files bundled in the package (no CDN, no build step at install time),
served by the API app. ``static/`` holds the page, its script and styles, Leaflet (built from
npm by ``web/build.sh`` at the repository root, licence alongside) and the offline basemap
(``world.geojson``, built from ``countryinfo`` by :mod:`tadmor.web.basemap`)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from tadmor.api.settings import ServerSettings

STATIC = Path(__file__).parent / "static"


def mount(app: FastAPI, settings: ServerSettings) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)
