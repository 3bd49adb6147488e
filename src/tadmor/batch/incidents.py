"""Grouping after a batch: hands the new claims to the incidents service, whose blocking
(grid cell or region, and a date window) keeps the work about linear in the number of claims.
A hook, not a second implementation: grouping logic lives in :mod:`tadmor.corroborate`."""

from __future__ import annotations

from typing import Any

from tadmor.store import Store


def group_after_batch(store: Store, *, actor: str = "tadmor") -> dict[str, Any] | None:
    """Group every claim not yet in an incident; None when the incidents stage is absent."""
    try:
        from tadmor.corroborate.service import group_new_claims
    except ModuleNotFoundError:
        return None
    out = group_new_claims(store, actor=actor)
    return {
        "claims": out.claims,
        "created": out.created,
        "joined": out.joined,
        "incidents": len(out.incidents),
    }
