"""Store access for the team server: users, sessions, tokens, restrictions, and the queries the
API serves, each with the restriction filter built in.

Why the filter lives here, in SQL, rather than in the API: a list, a count, a search, a map
layer and an export are different queries; if each had to remember to drop restricted rows in
Python, one would forget, and pagination and counts would be computed over rows a viewer must
not know exist. Every query below takes ``hide_restricted`` and adds the same predicates
(:func:`report_hidden`, :func:`claim_hidden`, :func:`incident_hidden`), so a restricted row is
absent from a viewer's results exactly as if it had never been stored.

Every change made here writes its ledger entry in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    cast,
    delete,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import BindParameter

from tadmor.store import ledger
from tadmor.store.models import ClaimRow, Extraction
from tadmor.store.models import Report as ReportRow
from tadmor.store.models_corroborate import (
    IncidentClaim,
    IncidentEvent,
    IncidentRow,
    SourceEntry,
)
from tadmor.store.models_server import ApiToken, LoginSession, Restriction, UserRow

ROLES = ("viewer", "analyst", "admin")
TARGET_KINDS = ("report", "original", "claim", "incident", "source")

# --- users -----------------------------------------------------------------------------------


def add_user(session: Session, username: str, role: str, password_hash: str, actor: str) -> UserRow:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    row = UserRow(
        username=username,
        role=role,
        password_hash=password_hash,
        disabled=False,
        created_by=actor,
        created_at=ledger.utc_now(),
    )
    session.add(row)
    session.flush()
    ledger.append(session, "user_add", actor, None, {"user": username, "role": role})
    return row


def get_user(session: Session, user_id: int) -> UserRow | None:
    return session.get(UserRow, user_id)


def get_user_by_name(session: Session, username: str) -> UserRow | None:
    return session.execute(select(UserRow).where(UserRow.username == username)).scalar_one_or_none()


def list_users(session: Session) -> list[UserRow]:
    return list(session.execute(select(UserRow).order_by(UserRow.username)).scalars())


def count_users(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(UserRow)).scalar_one())


def update_user(
    session: Session,
    user: UserRow,
    actor: str,
    *,
    role: str | None = None,
    password_hash: str | None = None,
    disabled: bool | None = None,
) -> None:
    """Change a user's role, password or disabled flag. A password or role change, or
    disabling, ends the user's open sessions, so a stolen cookie stops working at once."""
    changed: dict[str, Any] = {}
    if role is not None and role != user.role:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
        changed["role"] = {"before": user.role, "after": role}
        user.role = role
    if password_hash is not None:
        user.password_hash = password_hash
        changed["password"] = "changed"
    if disabled is not None and disabled != user.disabled:
        user.disabled = disabled
        changed["disabled"] = disabled
    if not changed:
        return
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    ledger.append(session, "user_edit", actor, None, {"user": user.username, **changed})


def rehash_password(session: Session, user: UserRow, password_hash: str) -> None:
    """Store a stronger hash of the same password (argon2 parameters raised): no ledger entry,
    since nothing about the user's rights or identity changed."""
    user.password_hash = password_hash


# --- login sessions --------------------------------------------------------------------------


def create_login_session(
    session: Session, user: UserRow, token_hash: str, csrf_token: str, lifetime: dt.timedelta
) -> LoginSession:
    now = ledger.utc_now()
    row = LoginSession(
        token_hash=token_hash,
        user_id=user.id,
        csrf_token=csrf_token,
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    # Logins are part of custody: who could have seen what, from when.
    ledger.append(session, "login", user.username, None, {"user": user.username})
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    return row


def login_session_user(session: Session, token_hash: str) -> tuple[UserRow, LoginSession] | None:
    row = session.get(LoginSession, token_hash)
    if row is None or row.expires_at < ledger.utc_now():
        return None
    user = session.get(UserRow, row.user_id)
    if user is None or user.disabled:
        return None
    return user, row


def end_login_session(session: Session, token_hash: str, actor: str) -> None:
    result = session.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash))
    if getattr(result, "rowcount", 0):
        ledger.append(session, "logout", actor, None, {"user": actor})


# --- API tokens ------------------------------------------------------------------------------


def add_token(
    session: Session, user: UserRow, name: str, token_hash: str, prefix: str, actor: str
) -> ApiToken:
    row = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_hash,
        prefix=prefix,
        created_at=ledger.utc_now(),
        revoked_at=None,
    )
    session.add(row)
    session.flush()
    ledger.append(
        session,
        "token_add",
        actor,
        None,
        {"user": user.username, "token": row.id, "name": name, "prefix": prefix},
    )
    return row


def token_user(session: Session, token_hash: str) -> tuple[UserRow, ApiToken] | None:
    tok = session.execute(
        select(ApiToken).where(ApiToken.token_hash == token_hash)
    ).scalar_one_or_none()
    if tok is None or tok.revoked_at is not None:
        return None
    user = session.get(UserRow, tok.user_id)
    if user is None or user.disabled:
        return None
    return user, tok


def list_tokens(session: Session, user_id: int | None = None) -> list[ApiToken]:
    q = select(ApiToken).order_by(ApiToken.id)
    if user_id is not None:
        q = q.where(ApiToken.user_id == user_id)
    return list(session.execute(q).scalars())


def revoke_token(session: Session, token_id: int, actor: str) -> ApiToken | None:
    tok = session.get(ApiToken, token_id)
    if tok is None or tok.revoked_at is not None:
        return None
    tok.revoked_at = ledger.utc_now()
    ledger.append(session, "token_revoke", actor, None, {"token": token_id, "prefix": tok.prefix})
    return tok


# --- restrictions ----------------------------------------------------------------------------


def add_restriction(
    session: Session,
    *,
    kind: str,
    target_id: str,
    field: str = "",
    span: tuple[int, int] | None = None,
    reason: str,
    actor: str,
) -> Restriction:
    if kind not in TARGET_KINDS:
        raise ValueError(f"unknown restriction target {kind!r} (one of {', '.join(TARGET_KINDS)})")
    if span is not None and not (kind == "report" and field == "text"):
        raise ValueError("a span restriction applies to a report's text (field 'text')")
    if span is not None and not 0 <= span[0] < span[1]:
        raise ValueError("a span must have 0 <= start < end")
    if kind == "source":
        target_id = target_id.strip().lower()
    row = Restriction(
        target_kind=kind,
        target_id=target_id,
        field=field,
        span_start=span[0] if span else None,
        span_end=span[1] if span else None,
        reason=reason,
        created_by=actor,
        created_at=ledger.utc_now(),
    )
    session.add(row)
    session.flush()
    if span is not None:
        _derive(session, row)
    # The ledger records that something was restricted and why, never the restricted value.
    ledger.append(
        session,
        "restrict",
        actor,
        None,
        {
            "restriction": row.id,
            "target": f"{kind}:{target_id}",
            "field": field,
            "span": list(span) if span else None,
            "reason": reason,
        },
    )
    return row


def remove_restriction(session: Session, restriction_id: int, actor: str) -> Restriction | None:
    row = session.get(Restriction, restriction_id)
    if row is None or row.derived_from is not None:
        return None
    session.execute(delete(Restriction).where(Restriction.derived_from == row.id))
    session.delete(row)
    ledger.append(
        session,
        "unrestrict",
        actor,
        None,
        {
            "restriction": restriction_id,
            "target": f"{row.target_kind}:{row.target_id}",
            "field": row.field,
        },
    )
    return row


def list_restrictions(
    session: Session, kind: str | None = None, target_ids: Sequence[str] | None = None
) -> list[Restriction]:
    q = select(Restriction).order_by(Restriction.id)
    if kind is not None:
        q = q.where(Restriction.target_kind == kind)
    if target_ids is not None:
        if not target_ids:
            return []
        q = q.where(Restriction.target_id.in_(list(target_ids)))
    return list(session.execute(q).scalars())


_RESTRICTION_COLUMNS = (
    "id",
    "target_kind",
    "target_id",
    "field",
    "span_start",
    "span_end",
    "reason",
    "created_by",
    "created_at",
)


@lru_cache(maxsize=64)
def _restrictions_stmt(
    kinds: tuple[str, ...], source_names: bool, members: bool
) -> CompoundSelect[Any]:
    r, ic = aliased(Restriction), aliased(IncidentClaim)
    cols = [getattr(r, k) for k in _RESTRICTION_COLUMNS]
    none = cast(null(), String(40)).label("incident_id")
    parts: list[Select[Any]] = [
        select(*cols, none).where(
            r.target_kind == kind, r.target_id.in_(bindparam(f"{kind}_ids", expanding=True))
        )
        for kind in kinds
    ]
    if source_names:
        parts.append(select(*cols, none).where(r.target_kind == "source", r.field == ""))
    if members:
        parts += [
            select(*cols, ic.incident_id)
            .join(r, and_(r.target_kind == kind, r.target_id == target, r.field != ""))
            .where(ic.incident_id.in_(bindparam("member_ids", expanding=True)))
            for target, kind in ((ic.claim_id, "claim"), (ic.report_id, "report"))
        ]
    return union_all(*parts)


def restrictions_for(
    session: Session,
    targets: dict[str, Sequence[str]],
    *,
    source_names: bool = False,
    members_of: Sequence[str] = (),
) -> list[Row[Any]]:
    """What a response needs to redact, in one statement (a page asks this every time): the
    restrictions of the given targets (kind -> ids); with ``source_names`` every whole-source
    restriction; and the field restrictions of the member claims and reports of the incidents
    ``members_of`` (an incident's figures, sources and title repeat its members' values, so
    they are redacted with them). Rows have the restriction's columns and ``incident_id``,
    which is set on member rows only."""
    kinds = tuple(sorted(k for k, ids in targets.items() if ids))
    if not (kinds or source_names or members_of):
        return []
    params: dict[str, Any] = {f"{k}_ids": sorted(set(targets[k])) for k in kinds}
    if members_of:
        params["member_ids"] = sorted(set(members_of))
    stmt = _restrictions_stmt(kinds, source_names, bool(members_of))
    rows = list(session.execute(stmt, params))
    rows.sort(key=lambda row: row.id)
    return rows


def _spans(data: Any) -> list[tuple[int, int]]:
    """Every character span named anywhere in a claim's arguments."""
    out: list[tuple[int, int]] = []
    if isinstance(data, dict):
        s, e = data.get("start"), data.get("end")
        if isinstance(s, int) and isinstance(e, int):
            out.append((s, e))
        for v in data.values():
            out += _spans(v)
    elif isinstance(data, list):
        for v in data:
            out += _spans(v)
    return out


def _derive(session: Session, parent: Restriction) -> None:
    """Restrict each claim of the report that takes a value from the restricted span but does
    not sit in its sentence (those the SQL filter catches by sentence overlap already)."""
    a, b = parent.span_start, parent.span_end
    assert a is not None and b is not None
    claims = session.execute(
        select(ClaimRow.id, ClaimRow.data).where(ClaimRow.report_id == parent.target_id)
    )
    for cid, data in claims:
        if any(s < b and e > a for s, e in _spans(data)):
            session.add(
                Restriction(
                    target_kind="claim",
                    target_id=cid,
                    field="",
                    span_start=None,
                    span_end=None,
                    reason=f"takes a value from restricted span #{parent.id}",
                    derived_from=parent.id,
                    created_by=parent.created_by,
                    created_at=parent.created_at,
                )
            )
    session.flush()


def refresh_derived_restrictions(session: Session, report_ids: Sequence[str]) -> None:
    """Re-derive claim restrictions after a report's claims were (re-)extracted."""
    parents = [
        r
        for r in list_restrictions(session, "report", list(report_ids))
        if r.field == "text" and r.span_start is not None
    ]
    for p in parents:
        session.execute(delete(Restriction).where(Restriction.derived_from == p.id))
        _derive(session, p)


# --- the restriction filter ------------------------------------------------------------------


def _field_is(r: Any, fields: Sequence[str]) -> ColumnElement[bool]:
    """``field`` is one of ``fields``, spelt as equalities: SQLAlchemy turns a literal IN list
    into an "expanding" parameter that re-renders the whole statement on every execution,
    which for the restriction filter cost more than running it."""
    return or_(*(r.field == f for f in fields))


# The predicates below are built once per (kind, outer entity) and reused: they are immutable
# expressions, and building them (ORM aliasing) costs far more than running them.
@lru_cache(maxsize=256)
def _restricted(kind: str, target: Any, field: str = "") -> ColumnElement[bool]:
    r = aliased(Restriction)
    return exists().where(r.target_kind == kind, r.target_id == target, r.field == field)


def _fields_restricted(kind: str, target: Any, fields: Sequence[str]) -> ColumnElement[bool]:
    return _fields_restricted_cached(kind, target, tuple(sorted(set(fields))))


@lru_cache(maxsize=256)
def _fields_restricted_cached(
    kind: str, target: Any, fields: tuple[str, ...]
) -> ColumnElement[bool]:
    """Some field the request filters or searches on is restricted: such a row must not match,
    or the match itself would tell the value."""
    if not fields:
        return false()
    r = aliased(Restriction)
    return exists().where(r.target_kind == kind, r.target_id == target, _field_is(r, fields))


@lru_cache(maxsize=64)
def _any_text_restriction(report_id: Any) -> ColumnElement[bool]:
    r = aliased(Restriction)
    return exists().where(
        r.target_kind == "report", r.target_id == report_id, _field_is(r, ("", "text"))
    )


@lru_cache(maxsize=64)
def report_hidden(rep: Any) -> ColumnElement[bool]:
    """A report is hidden when it, its upload or its outlet is restricted, or when it copies a
    report that is restricted in whole or in part (an exact or near copy carries the same
    words, so it would show what the restriction hides)."""
    dup = aliased(ReportRow)
    return or_(
        _restricted("report", rep.id),
        _restricted("original", rep.original_sha256),
        _restricted("source", func.lower(rep.source)),
        and_(rep.duplicate_of.is_not(None), _any_text_restriction(rep.duplicate_of)),
        and_(
            rep.duplicate_of.is_not(None),
            exists().where(
                dup.id == rep.duplicate_of,
                or_(
                    _restricted("original", dup.original_sha256),
                    _restricted("source", func.lower(dup.source)),
                ),
            ),
        ),
    )


@lru_cache(maxsize=64)
def claim_hidden(claim: Any, rep: Any) -> ColumnElement[bool]:
    """A claim is hidden when its report is, when it or its origin is restricted, or when its
    sentence overlaps a restricted span of the text (the claim would repeat what it hides)."""
    r = aliased(Restriction)
    return or_(
        report_hidden(rep),
        _restricted("claim", claim.id),
        _restricted("source", func.lower(claim.origin)),
        exists().where(
            r.target_kind == "report",
            r.target_id == claim.report_id,
            r.field == "text",
            or_(
                r.span_start.is_(None),
                and_(r.span_start < claim.sentence_end, r.span_end > claim.sentence_start),
            ),
        ),
    )


@lru_cache(maxsize=64)
def incident_hidden(inc: Any) -> ColumnElement[bool]:
    """An incident is hidden when it is restricted or when any of its claims is hidden: its
    figures, title and contradictions are derived from every member, so a partial incident
    would still carry what a hidden claim said. (A stored membership whose claim row is gone
    is checked through its report.)"""
    ic = aliased(IncidentClaim)
    c = aliased(ClaimRow)
    rep = aliased(ReportRow)
    member_hidden = (
        select(literal(1))
        .select_from(ic)
        .outerjoin(c, c.id == ic.claim_id)
        .join(rep, rep.id == ic.report_id)
        .where(
            ic.incident_id == inc.id,
            or_(
                report_hidden(rep),
                _restricted("claim", ic.claim_id),
                and_(c.id.is_not(None), claim_hidden(c, rep)),
            ),
        )
        .exists()
    )
    return or_(_restricted("incident", inc.id), member_hidden)


# Set-based forms of the same rules. The row-wise predicates above read as the definition, but
# evaluated per row they cost a dozen index probes for every row a list scans (a page deep in
# 100k incidents scans thousands). Restrictions are few, so the database can instead start from
# them and collect, once per statement, the ids they hide; a list then tests each row against
# that set (SQLite materialises a non-correlated IN subquery once; PostgreSQL hashes it). The
# result is computed inside the same statement as the page, so it can never be stale: nothing
# is cached between requests. tests/server/test_restrictions.py checks that both forms agree.


def _target_ids(kind: str, fields: tuple[str, ...] = ("",)) -> Select[Any]:
    r = aliased(Restriction)
    q = select(r.target_id).where(r.target_kind == kind)
    return q.where(_field_is(r, fields))


def _source_names() -> Select[Any]:
    """Restricted source names, to match against ``lower(name)`` through the expression
    indexes of migration 0006. The names are stored lower-cased already; ``lower()`` here
    changes no value (lower is idempotent, so every ``lower(x)`` equal to a name equals its
    ``lower()`` too) but gives the column no affinity, without which SQLite will not use an
    expression index for ``IN (subquery)`` and scans every report instead."""
    r = aliased(Restriction)
    return select(func.lower(r.target_id)).where(r.target_kind == "source", r.field == "")


@lru_cache(maxsize=1)
def hidden_reports_select() -> CompoundSelect[Any]:
    """Ids of the reports :func:`report_hidden` hides."""
    rep, dup = aliased(ReportRow), aliased(ReportRow)
    sources, originals = _source_names(), _target_ids("original")
    return union_all(
        select(rep.id).where(rep.id.in_(_target_ids("report"))),
        select(rep.id).where(rep.original_sha256.in_(originals)),
        select(rep.id).where(func.lower(rep.source).in_(sources)),
        select(rep.id).where(rep.duplicate_of.in_(_target_ids("report", ("", "text")))),
        select(rep.id).where(
            rep.duplicate_of.in_(
                union_all(
                    select(dup.id).where(dup.original_sha256.in_(originals)),
                    select(dup.id).where(func.lower(dup.source).in_(sources)),
                )
            )
        ),
    )


@lru_cache(maxsize=1)
def hidden_incidents_select() -> CompoundSelect[Any]:
    """Ids of the incidents :func:`incident_hidden` hides: restricted ones, and those with a
    member whose report is hidden, whose claim is restricted, whose origin is a restricted
    source or whose sentence overlaps a restricted span (or whose text is restricted)."""
    ic, c, rep, r = (
        aliased(IncidentClaim),
        aliased(ClaimRow),
        aliased(ReportRow),
        aliased(Restriction),
    )
    return union_all(
        _target_ids("incident"),
        select(ic.incident_id).where(ic.report_id.in_(hidden_reports_select())),
        select(ic.incident_id)
        .join(rep, rep.id == ic.report_id)
        .where(ic.claim_id.in_(_target_ids("claim"))),
        select(ic.incident_id)
        .join(c, c.id == ic.claim_id)
        .join(rep, rep.id == ic.report_id)
        .where(func.lower(c.origin).in_(_source_names())),
        select(ic.incident_id)
        .select_from(r)
        .join(c, c.report_id == r.target_id)
        .join(ic, ic.claim_id == c.id)
        .join(rep, rep.id == ic.report_id)
        .where(
            r.target_kind == "report",
            r.field == "text",
            or_(
                r.span_start.is_(None),
                and_(r.span_start < c.sentence_end, r.span_end > c.sentence_start),
            ),
        ),
    )


# --- reports ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportQuery:
    source: str | None = None
    q: str | None = None  # words in the title or text
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int = 50
    offset: int = 0


def query_reports(
    session: Session, flt: ReportQuery, *, hide_restricted: bool
) -> tuple[list[ReportRow], bool]:
    """A page of reports (without their text) and whether there are more."""
    rep = ReportRow
    q = select(rep).order_by(rep.seq.desc())
    filtered: list[str] = []
    if flt.source:
        q = q.where(func.lower(rep.source) == flt.source.lower())
        filtered.append("source")
    if flt.q:
        needle = f"%{_escape_like(flt.q.lower())}%"
        q = q.where(
            or_(
                func.lower(rep.title).like(needle, escape="\\"),
                func.lower(rep.text).like(needle, escape="\\"),
            )
        )
        filtered += ["title", "text"]
    if flt.since:
        q = q.where(rep.published >= flt.since)
        filtered.append("published")
    if flt.until:
        q = q.where(rep.published <= flt.until)
        filtered.append("published")
    if hide_restricted:
        q = q.where(~report_hidden(rep), ~_fields_restricted("report", rep.id, filtered))
        if flt.q:  # a search must not find a report by a restricted name it contains
            r = aliased(Restriction)
            q = q.where(
                ~exists().where(
                    r.target_kind == "source",
                    r.field == "",
                    or_(
                        func.lower(rep.text).contains(r.target_id, autoescape=False),
                        func.lower(rep.title).contains(r.target_id, autoescape=False),
                    ),
                )
            )
    rows = list(session.execute(q.offset(flt.offset).limit(flt.limit + 1)).scalars())
    return rows[: flt.limit], len(rows) > flt.limit


def get_report_row(session: Session, report_id: str, *, hide_restricted: bool) -> ReportRow | None:
    q = select(ReportRow).where(ReportRow.id == report_id)
    if hide_restricted:
        q = q.where(~report_hidden(ReportRow))
    return session.execute(q).scalar_one_or_none()


def get_annotations(session: Session, report_id: str) -> dict[str, Any]:
    row = session.get(Extraction, report_id)
    return row.data if row else {}


def hidden_report_ids(session: Session, ids: Sequence[str]) -> set[str]:
    if not ids:
        return set()
    return set(
        session.execute(
            select(ReportRow.id).where(ReportRow.id.in_(list(ids)), report_hidden(ReportRow))
        ).scalars()
    )


# --- claims ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A bounding box in degrees: west, south, east, north."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class ClaimQuery:
    event_type: str | None = None
    actor: str | None = None
    source: str | None = None  # origin or outlet
    grade: str | None = None  # the grade of the claim's incident
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: Box | None = None
    report_id: str | None = None
    limit: int = 50
    offset: int = 0


def _box(lat: Any, lon: Any, box: Box) -> ColumnElement[bool]:
    lon_ok = (
        lon.between(box.west, box.east)
        if box.west <= box.east
        else or_(lon >= box.west, lon <= box.east)  # the box crosses the antimeridian
    )
    return and_(lat.is_not(None), lat.between(box.south, box.north), lon_ok)


def query_claims(
    session: Session, flt: ClaimQuery, *, hide_restricted: bool
) -> tuple[list[tuple[ClaimRow, str | None]], bool]:
    """A page of (claim, outlet) and whether there are more."""
    c, rep = ClaimRow, ReportRow
    q = select(c, rep.source).join(rep, rep.id == c.report_id)
    filtered: list[str] = []
    if flt.event_type:
        t = flt.event_type.lower()
        q = q.where(or_(func.lower(c.event_type) == t, func.lower(c.sub_event_type) == t))
    if flt.actor:
        a = flt.actor.lower()
        q = q.where(or_(func.lower(c.actor1) == a, func.lower(c.actor2) == a))
        filtered += ["actor1", "actor2"]
    if flt.source:
        s = flt.source.lower()
        q = q.where(or_(func.lower(c.origin) == s, func.lower(rep.source) == s))
        filtered += ["origin"]
    if flt.grade:
        ic, inc = aliased(IncidentClaim), aliased(IncidentRow)
        q = q.where(
            exists().where(ic.claim_id == c.id, inc.id == ic.incident_id, inc.grade == flt.grade)
        )
    if flt.since:
        q = q.where(c.event_date >= flt.since)
        filtered.append("event_date")
    if flt.until:
        q = q.where(c.event_date <= flt.until)
        filtered.append("event_date")
    if flt.bbox:
        q = q.where(_box(c.latitude, c.longitude, flt.bbox))
        filtered += ["latitude", "longitude", "location"]
    if flt.report_id:
        q = q.where(c.report_id == flt.report_id)
    if hide_restricted:
        q = q.where(~claim_hidden(c, rep), ~_fields_restricted("claim", c.id, filtered))
        if flt.source:
            q = q.where(~_fields_restricted("report", rep.id, ["source"]))
    q = q.order_by(rep.seq.desc(), c.seq).offset(flt.offset).limit(flt.limit + 1)
    rows = [(row, outlet) for row, outlet in session.execute(q)]
    return rows[: flt.limit], len(rows) > flt.limit


def get_claim(
    session: Session, claim_id: str, *, hide_restricted: bool
) -> tuple[ClaimRow, str | None] | None:
    c, rep = ClaimRow, ReportRow
    q = select(c, rep.source).join(rep, rep.id == c.report_id).where(c.id == claim_id)
    if hide_restricted:
        q = q.where(~claim_hidden(c, rep))
    row = session.execute(q).first()
    return (row[0], row[1]) if row else None


# --- incidents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentQuery:
    event_type: str | None = None
    actor: str | None = None
    source: str | None = None
    grade: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: Box | None = None
    q: str | None = None  # words in the title
    unreviewed: bool = False  # the review queue: grades nobody has looked at
    limit: int = 50
    offset: int = 0


# What a list or the map shows of an incident: every column but the derived ``data`` (decoding
# its JSON for each row of a page cost more than the rest of the row) and the blocking keys.
INCIDENT_SUMMARY_FIELDS = (
    "id",
    "title",
    "event_type",
    "sub_event_type",
    "event_date",
    "time_precision",
    "place_name",
    "country_code",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "actor1",
    "actor2",
    "fatalities",
    "injured",
    "grade",
    "grade_by",
    "credibility",
    "n_claims",
    "n_reports",
    "n_origins",
    "n_outlets",
    "n_contradictions",
    "updated_at",
)


# The list statements are built once per *shape* of request (which filters are present, whether
# restricted rows are hidden) with the values as bound parameters, and reused: building the
# expression and computing its cache key cost more than running it on an index.
Shape = tuple[Any, ...]


def _incident_shape(flt: IncidentQuery, hide_restricted: bool) -> Shape:
    box = None if flt.bbox is None else ("wraps" if flt.bbox.west > flt.bbox.east else "box")
    return (
        bool(flt.event_type),
        bool(flt.actor),
        bool(flt.source),
        bool(flt.grade),
        flt.since is not None,
        flt.until is not None,
        box,
        bool(flt.q),
        flt.unreviewed,
        hide_restricted,
    )


def _incident_params(flt: IncidentQuery) -> dict[str, Any]:
    p: dict[str, Any] = {}
    if flt.event_type:
        p["event_type"] = flt.event_type.lower()
    if flt.actor:
        p["actor"] = flt.actor.lower()
    if flt.source:
        p["source"] = flt.source.lower()
    if flt.grade:
        p["grade"] = flt.grade
    if flt.since is not None:
        p["since"] = flt.since
    if flt.until is not None:
        p["until"] = flt.until
    if flt.bbox is not None:
        b = flt.bbox
        p.update(west=b.west, south=b.south, east=b.east, north=b.north)
    if flt.q:
        p["title_like"] = f"%{_escape_like(flt.q.lower())}%"
    return p


@lru_cache(maxsize=512)
def _incident_stmt(shape: Shape, summary: bool) -> Select[Any]:
    """The filtered incidents of a request shape: whole rows, or with ``summary`` plain rows of
    :data:`INCIDENT_SUMMARY_FIELDS` (no ORM objects to build for a page of 50)."""
    has_type, has_actor, has_source, has_grade, has_since, has_until, box, has_q = shape[:8]
    unreviewed, hide_restricted = shape[8:]
    inc = IncidentRow
    q = select(*(getattr(inc, k) for k in INCIDENT_SUMMARY_FIELDS)) if summary else select(inc)
    filtered: list[str] = []
    if has_type:
        t: BindParameter[str] = bindparam("event_type")
        q = q.where(or_(func.lower(inc.event_type) == t, func.lower(inc.sub_event_type) == t))
    if has_actor:
        a: BindParameter[str] = bindparam("actor")
        q = q.where(or_(func.lower(inc.actor1) == a, func.lower(inc.actor2) == a))
        filtered += ["actor1", "actor2"]
    if has_source:
        src: BindParameter[str] = bindparam("source")
        ic, c, rep = aliased(IncidentClaim), aliased(ClaimRow), aliased(ReportRow)
        q = q.where(
            exists()
            .where(ic.incident_id == inc.id, c.id == ic.claim_id, rep.id == c.report_id)
            .where(or_(func.lower(c.origin) == src, func.lower(rep.source) == src))
        )
    if has_grade:
        q = q.where(inc.grade == bindparam("grade"))
        filtered.append("grade")
    if has_since:
        q = q.where(inc.event_date >= bindparam("since"))
        filtered.append("event_date")
    if has_until:
        q = q.where(inc.event_date <= bindparam("until"))
        filtered.append("event_date")
    if box:
        lat, lon = inc.latitude, inc.longitude
        west: BindParameter[float] = bindparam("west")
        east: BindParameter[float] = bindparam("east")
        lon_ok = (
            or_(lon >= west, lon <= east)  # the box crosses the antimeridian
            if box == "wraps"
            else lon.between(west, east)
        )
        q = q.where(
            and_(lat.is_not(None), lat.between(bindparam("south"), bindparam("north")), lon_ok)
        )
        filtered += ["latitude", "longitude", "place_name"]
    if has_q:
        q = q.where(func.lower(inc.title).like(bindparam("title_like"), escape="\\"))
        filtered.append("title")
    if unreviewed:
        q = q.where(inc.grade_by != "analyst")
    if hide_restricted:
        q = q.where(
            inc.id.not_in(hidden_incidents_select()),
            ~_fields_restricted("incident", inc.id, filtered),
        )
    return q


@lru_cache(maxsize=512)
def _incident_page_stmt(shape: Shape) -> Select[Any]:
    inc = IncidentRow
    q = _incident_stmt(shape, True)
    if shape[8]:  # the review queue: most disputed first, where an analyst's eye is needed
        q = q.order_by(inc.n_contradictions.desc(), inc.updated_at.desc(), inc.id)
    else:
        q = q.order_by(inc.event_date.desc().nulls_last(), inc.id)
    return q.offset(bindparam("offset", type_=Integer())).limit(bindparam("limit", type_=Integer()))


def query_incidents(
    session: Session, flt: IncidentQuery, *, hide_restricted: bool
) -> tuple[list[Row[Any]], bool]:
    """A page of incident summaries (:data:`INCIDENT_SUMMARY_FIELDS`) and whether there are
    more. Newest first, in the order of index ``ix_incidents_date_id``."""
    stmt = _incident_page_stmt(_incident_shape(flt, hide_restricted))
    params = {**_incident_params(flt), "offset": flt.offset, "limit": flt.limit + 1}
    rows = list(session.execute(stmt, params))
    return rows[: flt.limit], len(rows) > flt.limit


@lru_cache(maxsize=512)
def _incident_map_stmt(shape: Shape) -> Select[Any]:
    inc = IncidentRow
    return (
        _incident_stmt(shape, True)
        .where(inc.latitude.is_not(None), inc.longitude.is_not(None))
        .order_by(inc.event_date.desc().nulls_last(), inc.id)
        .limit(bindparam("cap", type_=Integer()))
    )


def map_incidents(
    session: Session, flt: IncidentQuery, *, hide_restricted: bool, cap: int
) -> list[Row[Any]]:
    """Points for the map (incident summaries): located incidents only, newest first, at most
    ``cap``."""
    stmt = _incident_map_stmt(_incident_shape(flt, hide_restricted))
    return list(session.execute(stmt, {**_incident_params(flt), "cap": cap}))


@lru_cache(maxsize=512)
def _incident_count_stmts(shape: Shape) -> tuple[Select[Any], Select[Any]]:
    sub = _incident_stmt(shape, True).subquery()
    return (
        select(sub.c.grade, func.count()).group_by(sub.c.grade),
        select(sub.c.event_type, func.count()).group_by(sub.c.event_type),
    )


def incident_counts(
    session: Session, flt: IncidentQuery, *, hide_restricted: bool
) -> dict[str, dict[str, int]]:
    """How many incidents match, by grade and by event type (for the filter panel)."""
    by_grade_q, by_type_q = _incident_count_stmts(_incident_shape(flt, hide_restricted))
    params = _incident_params(flt)
    by_grade: dict[Any, Any] = dict(session.execute(by_grade_q, params).all())
    by_type: dict[Any, Any] = dict(session.execute(by_type_q, params).all())
    return {
        "total": {"incidents": sum(by_grade.values())},
        "grade": {str(k): int(v) for k, v in by_grade.items()},
        "event_type": {str(k): int(v) for k, v in by_type.items()},
    }


# The statements of an incident's page, built once with the id as a parameter: the restriction
# predicate is a large expression, and computing its cache key on every request cost more than
# evaluating it for the one row.
@lru_cache(maxsize=2)
def _incident_by_id_stmt(hide_restricted: bool) -> Select[Any]:
    q = select(IncidentRow).where(IncidentRow.id == bindparam("incident_id"))
    return q.where(~incident_hidden(IncidentRow)) if hide_restricted else q


def get_incident(
    session: Session, incident_id: str, *, hide_restricted: bool
) -> IncidentRow | None:
    stmt = _incident_by_id_stmt(hide_restricted)
    return session.execute(stmt, {"incident_id": incident_id}).scalar_one_or_none()


@lru_cache(maxsize=1)
def _members_stmt() -> Select[IncidentClaim, ClaimRow, str | None]:
    ic, c, rep = IncidentClaim, ClaimRow, ReportRow
    q = (
        select(ic, c, rep.source)
        .outerjoin(c, c.id == ic.claim_id)
        .outerjoin(rep, rep.id == ic.report_id)
        .where(ic.incident_id == bindparam("incident_id"))
        .order_by(rep.seq, ic.claim_id)
    )
    return q


def incident_members(
    session: Session, incident_id: str
) -> list[tuple[IncidentClaim, ClaimRow | None, str | None]]:
    """(membership, claim row if still stored, outlet) of an incident, in report order."""
    rows = session.execute(_members_stmt(), {"incident_id": incident_id})
    return [(m, claim, outlet) for m, claim, outlet in rows]


@lru_cache(maxsize=1)
def _history_stmt() -> Select[Any]:
    return (
        select(IncidentEvent)
        .where(IncidentEvent.incident_id == bindparam("incident_id"))
        .order_by(IncidentEvent.at, IncidentEvent.id)
    )


def incident_history(session: Session, incident_id: str) -> list[IncidentEvent]:
    return list(session.execute(_history_stmt(), {"incident_id": incident_id}).scalars())


@lru_cache(maxsize=1)
def _texts_stmt() -> Select[Any]:
    return select(ReportRow).where(ReportRow.id.in_(bindparam("ids", expanding=True)))


def report_texts(session: Session, ids: Sequence[str]) -> dict[str, ReportRow]:
    if not ids:
        return {}
    rows = session.execute(_texts_stmt(), {"ids": list(ids)}).scalars()
    return {r.id: r for r in rows}


@lru_cache(maxsize=1)
def _annotations_stmt() -> Select[Any]:
    e = Extraction
    return select(e.report_id, e.data).where(e.report_id.in_(bindparam("ids", expanding=True)))


def annotations_of(session: Session, report_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The extracted annotations of each report (``{}`` when it has none), in one query."""
    found: dict[str, dict[str, Any]] = {rid: {} for rid in report_ids}
    if report_ids:
        for rid, data in session.execute(_annotations_stmt(), {"ids": list(report_ids)}):
            found[rid] = data or {}
    return found


# --- sources ---------------------------------------------------------------------------------


def source_summary(
    session: Session, *, hide_restricted: bool, limit: int, offset: int
) -> tuple[list[tuple[str, int, SourceEntry | None]], bool]:
    """Origins and outlets seen in claims, with how many (visible) claims each has, joined to
    their registry entry when there is one; registry entries nobody cites yet come last."""
    c, rep = ClaimRow, ReportRow
    name = func.coalesce(c.origin, rep.source)
    q = select(name.label("name"), func.count().label("n")).join(rep, rep.id == c.report_id)
    q = q.where(name.is_not(None))
    if hide_restricted:
        q = q.where(~claim_hidden(c, rep), ~_restricted("source", func.lower(name)))
    seen = [(str(n), int(k)) for n, k in session.execute(q.group_by(name))]
    entries = {e.key: e for e in session.execute(select(SourceEntry)).scalars()}
    if hide_restricted:
        hidden = {r.target_id for r in list_restrictions(session, "source") if r.field == ""}
        entries = {
            k: e for k, e in entries.items() if k not in hidden and e.name.lower() not in hidden
        }
    out: list[tuple[str, int, SourceEntry | None]] = []
    used: set[str] = set()
    for nm, n in sorted(seen, key=lambda x: (-x[1], x[0].lower())):
        entry = entries.get(nm.lower()) or _entry_named(entries, nm)
        if entry is not None:
            used.add(entry.key)
        out.append((nm, n, entry))
    out += [(e.name, 0, e) for k, e in sorted(entries.items()) if k not in used]
    page = out[offset : offset + limit + 1]
    return page[:limit], len(page) > limit


def _entry_named(entries: dict[str, SourceEntry], name: str) -> SourceEntry | None:
    low = name.lower()
    for e in entries.values():
        if e.name.lower() == low or low in (str(a).lower() for a in e.aliases):
            return e
    return None


# --- helpers ---------------------------------------------------------------------------------


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def ping(session: Session) -> bool:
    return bool(session.execute(select(true())).scalar_one())


@lru_cache(maxsize=512)
def _incident_timeline_stmt(shape: Shape) -> Select[Any]:
    sub = _incident_stmt(shape, True).subquery()
    return (
        select(sub.c.event_date, func.count())
        .where(sub.c.event_date.is_not(None))
        .group_by(sub.c.event_date)
        .order_by(sub.c.event_date)
    )


def incident_timeline(
    session: Session, flt: IncidentQuery, *, hide_restricted: bool
) -> list[tuple[dt.date, int]]:
    """How many matching incidents each day has (days with none are left out)."""
    stmt = _incident_timeline_stmt(_incident_shape(flt, hide_restricted))
    rows = session.execute(stmt, _incident_params(flt))
    return [(d, int(n)) for d, n in rows]


def bulk_load(session: Session, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows at once into one of the tables the server reads (incidents, their
    memberships, reports). For benchmarks and demos that need a large store quickly; it
    writes no ledger entries, so it must never be used on a store that holds evidence."""
    from sqlalchemy import insert

    models: dict[str, Any] = {
        "incidents": IncidentRow,
        "incident_claims": IncidentClaim,
        "reports": ReportRow,
    }
    if rows:
        session.execute(insert(models[table]), list(rows))
