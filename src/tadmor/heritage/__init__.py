"""Heritage at risk: a registry of sites and movable objects, alerts raised by hazard events
(claims now, incidents later), an evacuation planner, and secrecy for where things are hidden.

Public entry points are the service functions in :mod:`tadmor.heritage.service` (what the CLI
and the future REST API call) and :func:`tadmor.heritage.demo.heritage_demo`. This package
imports nothing heavy on import; OR-Tools and cryptography load when first needed.
"""

from tadmor.heritage.records import (
    Alert,
    Condition,
    Custody,
    Evidence,
    HazardEvent,
    HeritageObject,
    Role,
    SafeHaven,
    Site,
)

__all__ = [
    "Alert",
    "Condition",
    "Custody",
    "Evidence",
    "HazardEvent",
    "HeritageObject",
    "Role",
    "SafeHaven",
    "Site",
]
