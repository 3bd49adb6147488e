"""The team server's REST API (FastAPI). :func:`create_app` builds it for a store URL; the web
pages in :mod:`tadmor.web` are served by the same app and call the same endpoints."""

from tadmor.api.app import create_app
from tadmor.api.settings import ServerSettings

__all__ = ["ServerSettings", "create_app"]
