"""The heritage part of ``tadmor demo``: the story of May 2015 on the sample data.

Loads the Palmyra sites (OSM/Pleiades points, attributed) and the INVENTED museum inventory if
they are absent, raises alerts from the claims the demo article produced, and plans an
evacuation of the museum with an example fleet before a 6-hour deadline: which objects go on
which truck and trip, which stay (the multi-tonne sarcophagi, unless a crane truck can take
them in time) and how to protect those in place.
"""

from __future__ import annotations

from typing import Any

from tadmor.heritage import secrecy, service, synthetic
from tadmor.heritage.records import Role
from tadmor.store import Store
from tadmor.store import heritage_repo as hrepo

DEMO_ACTOR = "tadmor demo"
DEMO_SITE = "palmyra-museum"


def heritage_demo(
    store: Store, *, deadline_h: float = 6.0, time_limit_s: float = 5.0
) -> dict[str, Any]:
    """Run the heritage story on ``store`` and return a JSON-ready summary.

    Location codes of the sample inventory are stored encrypted only when a key is configured
    (``TADMOR_KEY`` / key file); the demo never creates a key of its own, since a key made and
    forgotten would leave unreadable secrets behind."""
    role = Role.ANALYST
    out: dict[str, Any] = {}
    with store.read() as session:
        have_sites = hrepo.get_site(session, DEMO_SITE) is not None
        have_objects = bool(hrepo.list_objects(session, site_id=DEMO_SITE))
    if not have_sites:
        s = service.import_sites(
            store, service.sample_path("palmyra-sites.csv"), role=role, actor=DEMO_ACTOR
        )
        out["sites_added"] = s.added
    if not have_objects:
        o = service.import_objects(
            store,
            service.sample_path("palmyra-museum-inventory.csv"),
            role=role,
            actor=DEMO_ACTOR,
        )
        out["objects_added"] = o.added
        out["location_codes"] = (
            "not stored: no key (run `tadmor heritage keygen` first to store them encrypted)"
            if o.secrets_skipped
            else "stored encrypted"
        )
    alerts = service.refresh_alerts(store, role=role, actor=DEMO_ACTOR)
    museum = [a for a in alerts if a.site_id == DEMO_SITE]
    out["alerts"] = len(alerts)
    out["sites_alerted"] = sorted({a.site_name for a in alerts})
    out["museum_alerts"] = [
        {
            "id": a.id,
            "event": a.event_id,
            "reasons": list(a.reasons),
            "distance_km": a.distance_km,
            "threat": a.threat_level,
            "evidence": a.evidence[0].text if a.evidence else None,
        }
        for a in museum[:5]
    ]
    stored = service.plan_evacuation(
        store,
        DEMO_SITE,
        synthetic.example_fleet(),
        deadline_h * 60,
        role=role,
        actor=DEMO_ACTOR,
        crew=synthetic.example_crew(),
        time_limit_s=time_limit_s,
    )
    listing = service.packing_list(store, stored, role=role, actor=DEMO_ACTOR)
    heavy_left = [i for i in listing["left_behind"] if (i.get("weight_kg") or 0) > 1000]
    out["plan"] = {
        "id": stored.id,
        "status": stored.plan.status,
        "value": stored.plan.value,
        "bound": stored.plan.bound,
        "gap": stored.plan.gap,
        "objects": listing["objects_considered"],
        "carried": listing["objects_carried"],
        "trips": len(listing["trips"]),
        "left_behind": len(listing["left_behind"]),
        "heavy_left_behind": [i["inventory_number"] for i in heavy_left],
        "violations": [v.message for v in service.check(stored)],
    }
    out["attribution"] = sorted(
        {s.attribution for s in service.list_sites(store, role=role) if s.attribution}
    )
    out["note"] = "The museum inventory is INVENTED sample data; the site points are real."
    out["next"] = [
        "tadmor heritage alerts",
        f"tadmor evacuate show {stored.id}",
        "tadmor heritage objects --site palmyra-museum",
    ]
    out["key"] = "configured" if _has_key() else "none"
    return out


def _has_key() -> bool:
    try:
        secrecy.load_cipher()
    except secrecy.SecretError:
        return False
    return True
