"""Server service functions: users, tokens, logins, restrictions, uploads, exports.

``tadmor users ...`` and the HTTP endpoints both call these, so a user made on the command line
and one made in the admin page are made the same way, with the same ledger entry.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tadmor.api import auth, incidents_ops
from tadmor.api.restrict import Redactor
from tadmor.collect.records import Metadata, Original
from tadmor.collect.service import AddOutcome, add_original
from tadmor.heritage.records import Role
from tadmor.publish.claims import claim_record
from tadmor.store import Store
from tadmor.store import server_repo as srv
from tadmor.store.models_server import ApiToken, Restriction, UserRow

MIN_PASSWORD = 10


class AccountError(ValueError):
    """A user or token cannot be made or changed; the message says why."""


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")


def add_user(store: Store, username: str, role: str, password: str, *, actor: str) -> UserRow:
    username = username.strip()
    if not username or len(username) > 100 or any(ch.isspace() for ch in username):
        raise AccountError("a username is 1-100 characters without spaces")
    if role not in srv.ROLES:
        raise AccountError(f"unknown role {role!r} (one of {', '.join(srv.ROLES)})")
    _check_password(password)
    hashed = auth.hash_password(password)
    with store.write() as session:
        if srv.get_user_by_name(session, username) is not None:
            raise AccountError(f"user {username!r} exists already")
        return srv.add_user(session, username, role, hashed, actor)


def update_user(
    store: Store,
    username: str,
    *,
    actor: str,
    role: str | None = None,
    password: str | None = None,
    disabled: bool | None = None,
) -> UserRow:
    if password is not None:
        _check_password(password)
    hashed = auth.hash_password(password) if password is not None else None
    with store.write() as session:
        user = srv.get_user_by_name(session, username)
        if user is None:
            raise AccountError(f"no user {username!r}")
        try:
            srv.update_user(
                session, user, actor, role=role, password_hash=hashed, disabled=disabled
            )
        except ValueError as exc:
            raise AccountError(str(exc)) from None
        return user


def list_users(store: Store) -> list[UserRow]:
    with store.read() as session:
        return srv.list_users(session)


def add_token(store: Store, username: str, name: str, *, actor: str) -> tuple[str, ApiToken]:
    """A new API token; the token itself is returned once and never stored."""
    token = auth.new_api_token()
    with store.write() as session:
        user = srv.get_user_by_name(session, username)
        if user is None:
            raise AccountError(f"no user {username!r}")
        row = srv.add_token(session, user, name, auth.token_hash(token), token[:10], actor)
    return token, row


def list_tokens(store: Store, username: str | None = None) -> list[tuple[ApiToken, str]]:
    with store.read() as session:
        users = {u.id: u.username for u in srv.list_users(session)}
        uid = None
        if username is not None:
            match = [i for i, n in users.items() if n == username]
            if not match:
                raise AccountError(f"no user {username!r}")
            uid = match[0]
        return [(t, users.get(t.user_id, "?")) for t in srv.list_tokens(session, uid)]


def revoke_token(store: Store, token_id: int, *, actor: str, owner_id: int | None = None) -> bool:
    """Revoke a token (only the owner's when ``owner_id`` is given)."""
    with store.write() as session:
        toks = srv.list_tokens(session, owner_id)
        if not any(t.id == token_id for t in toks):
            return False
        return srv.revoke_token(session, token_id, actor) is not None


@dataclass(frozen=True)
class Login:
    session_token: str
    csrf_token: str
    user: UserRow


def log_in(store: Store, username: str, password: str, lifetime: dt.timedelta) -> Login | None:
    with store.read() as session:
        user = srv.get_user_by_name(session, username)
    ok = auth.check_password(user.password_hash if user else None, password)
    if not ok or user is None or user.disabled:
        return None
    token, csrf = auth.new_secret(), auth.new_secret()
    with store.write() as session:
        row = srv.get_user(session, user.id)
        assert row is not None
        if auth.needs_rehash(row.password_hash):
            srv.rehash_password(session, row, auth.hash_password(password))
        srv.create_login_session(session, row, auth.token_hash(token), csrf, lifetime)
    return Login(token, csrf, user)


def log_out(store: Store, session_token_hash: str, actor: str) -> None:
    with store.write() as session:
        srv.end_login_session(session, session_token_hash, actor)


# --- restrictions ----------------------------------------------------------------------------


def restrict(
    store: Store,
    *,
    kind: str,
    target_id: str,
    reason: str,
    actor: str,
    field: str = "",
    span: tuple[int, int] | None = None,
) -> Restriction:
    if not reason.strip():
        raise ValueError("say why (a reason is recorded in the custody ledger)")
    with store.write() as session:
        return srv.add_restriction(
            session,
            kind=kind,
            target_id=target_id,
            field=field,
            span=span,
            reason=reason,
            actor=actor,
        )


def unrestrict(store: Store, restriction_id: int, *, actor: str) -> bool:
    with store.write() as session:
        return srv.remove_restriction(session, restriction_id, actor) is not None


# --- uploads ---------------------------------------------------------------------------------


@dataclass
class UploadResult:
    outcome: AddOutcome
    claims: int = 0
    incidents: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def upload(
    store: Store,
    data: bytes,
    filename: str,
    *,
    metadata: Metadata,
    actor: str,
    restrict_reason: str | None = None,
) -> UploadResult:
    """Collect an uploaded file exactly as ``tadmor add`` does, then extract its claims and
    group them into incidents. With ``restrict_reason`` the upload is restricted *before* its
    reports exist, so there is no moment at which a viewer could see them."""
    from tadmor.extract.service import extract_reports

    name = os.path.basename(filename.replace("\\", "/")).strip()[:200] or "upload"
    if name == "-":
        name = "upload"
    original = Original(data=data, name=name)
    if restrict_reason:
        restrict(
            store, kind="original", target_id=original.sha256, reason=restrict_reason, actor=actor
        )
    outcome = add_original(store, original, metadata=metadata, collector=actor)
    result = UploadResult(outcome)
    if outcome.error or not outcome.added:
        return result
    summary = extract_reports(store, report_ids=outcome.added, actor=actor)
    result.claims = summary.claims
    with store.write() as session:  # claims of a restricted span stay restricted
        srv.refresh_derived_restrictions(session, outcome.added)
    result.errors += [f"report {rid}: extraction failed: {err}" for rid, err in summary.failed]
    try:
        result.incidents = incidents_ops.group_new_claims(
            store, report_ids=outcome.added, actor=actor
        )
    except incidents_ops.IncidentsUnavailable as exc:
        result.errors.append(str(exc))
    return result


# --- exports ---------------------------------------------------------------------------------

EXPORT_CAP = 200_000


def export(
    store: Store, fmt: str, flt: srv.ClaimQuery, *, principal: auth.Principal, public: bool
) -> tuple[bytes, int, str]:
    """Render claims and record the export. A public export is made as a viewer sees the
    store, whoever asks for it; only analysts and admins may make an internal one."""
    from dataclasses import replace

    from tadmor.publish.exports import export_claims

    hide = public or not principal.at_least(Role.ANALYST)
    flt = replace(flt, limit=EXPORT_CAP, offset=0)
    with store.read() as session:
        rows, _more = srv.query_claims(session, flt, hide_restricted=hide)
        redactor = Redactor.load(session, claims=rows, active=hide)
    records = [redactor.claim(claim_record(row, outlet)) for row, outlet in rows]
    scope = "public" if hide else "internal"
    return export_claims(
        store, fmt, records, destination=f"api ({scope})", actor=principal.username
    )


def visible_claim_records(
    store: Store, flt: srv.ClaimQuery, *, hide: bool
) -> tuple[list[dict[str, Any]], bool]:
    with store.read() as session:
        rows, more = srv.query_claims(session, flt, hide_restricted=hide)
        redactor = Redactor.load(session, claims=rows, active=hide)
    return [redactor.claim(claim_record(row, outlet)) for row, outlet in rows], more


def known_roles() -> Sequence[str]:
    return srv.ROLES
