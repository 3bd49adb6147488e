"""Server settings: one frozen object, built by ``tadmor serve`` from its options, so the app
factory has no hidden inputs (environment variables are read by the CLI, not here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ServerSettings:
    # Basemap tiles ("https://tile.example/{z}/{x}/{y}.png"); None keeps the map offline, on the
    # bundled country borders only.
    tiles_url: str | None = None
    tiles_attribution: str = ""
    # Session cookies carry the Secure flag unless this is set; a browser drops Secure cookies
    # on plain http, except on localhost, so this is only needed for http on a LAN address.
    insecure_cookies: bool = False
    session_lifetime: dt.timedelta = dt.timedelta(hours=12)
    max_upload_bytes: int = 50 * 1024 * 1024
    # Requests a minute per client (token, session, or address when anonymous); 0 turns a
    # limit off. Logins are limited per address to slow password guessing.
    rate_limit: int = 1200
    login_rate_limit: int = 10
    upload_rate_limit: int = 30
    # How long a resolved session or token is trusted without asking the store again; logout
    # and revocation in this process take effect at once, in other workers after this.
    auth_cache_seconds: float = 5.0
    max_page: int = 500
    # Built pages kept (per worker process) while the store's data version is unchanged; see
    # tadmor.api.cache. 0 turns the cache off.
    page_cache_entries: int = 4096
    page_cache_bytes: int = 64 * 1024 * 1024
    map_cap: int = 5000
