"""The server's port to the incidents service (:mod:`tadmor.corroborate.service`).

Grouping, merging, splitting and grading are the corroboration stage's logic; the server holds
no copy of it. This module is the one place that calls that stage, so the routers do not change
when it evolves, and a server built without the stage still serves everything else (each
operation then raises :class:`IncidentsUnavailable`, HTTP 503). Reading incidents goes through
:mod:`tadmor.store.server_repo` instead, because lists must carry the restriction filter in SQL.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType

from tadmor.store import Store

SERVICE_MODULE = "tadmor.corroborate.service"
GRADES = ("confirmed", "fair", "weak", "contested", "discounted")


class IncidentsUnavailable(RuntimeError):
    """The incidents service is not installed."""


class IncidentOpError(ValueError):
    """The incidents service refused the operation; the message says why."""


def _service() -> ModuleType:
    try:
        return importlib.import_module(SERVICE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name in (SERVICE_MODULE, "tadmor.corroborate"):
            raise IncidentsUnavailable(
                "incidents are not available: the corroboration stage is not installed"
            ) from None
        raise


def available() -> bool:
    try:
        _service()
    except IncidentsUnavailable:
        return False
    return True


def group_new_claims(store: Store, *, report_ids: Sequence[str], actor: str) -> list[str]:
    """Group the new claims of these reports into incidents; the incidents touched."""
    summary = _service().group_new_claims(store, report_ids=list(report_ids), actor=actor)
    return list(summary.incidents)


def regrade(store: Store, incident_id: str, grade: str, *, reason: str, actor: str) -> None:
    svc = _service()
    try:
        svc.set_grade(store, incident_id, grade, actor=actor, reason=reason)
    except svc.IncidentError as exc:
        raise IncidentOpError(str(exc)) from None


def merge(store: Store, incident_ids: Sequence[str], *, reason: str, actor: str) -> list[str]:
    svc = _service()
    try:
        return [svc.merge(store, list(incident_ids), actor=actor, reason=reason)]
    except svc.IncidentError as exc:
        raise IncidentOpError(str(exc)) from None


def split(
    store: Store, incident_id: str, claim_ids: Sequence[str], *, reason: str, actor: str
) -> list[str]:
    svc = _service()
    try:
        new = svc.split(store, incident_id, claim_ids=list(claim_ids), actor=actor, reason=reason)
    except svc.IncidentError as exc:
        raise IncidentOpError(str(exc)) from None
    return [incident_id, new]
