"""Secrets of the registry: where safe havens are and where each object is kept.

In 2015 Palmyra's retired director was killed, reportedly for refusing to say where objects
were hidden. So these values are encrypted at rest (AES-256-GCM) with a key that never enters
the database: ``TADMOR_KEY`` (the key itself) or ``TADMOR_KEY_FILE`` (default
``~/.config/tadmor/key``, written by ``tadmor heritage keygen`` with mode 0600). A copy of the
database alone reveals nothing; a wrong or missing key is an error, never plaintext.

Each ciphertext is bound to its row and field (AES-GCM associated data), so a ciphertext copied
into another row does not decrypt there, and it names the id of the key that made it, so the
error for a wrong key says which key is needed.

Who may read what is :data:`READERS`; every read is audited in the ledger by the store.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tadmor.heritage.records import Role

KEY_ENV = "TADMOR_KEY"
KEY_FILE_ENV = "TADMOR_KEY_FILE"
DEFAULT_KEY_FILE = Path("~/.config/tadmor/key")
_PREFIX = "tg1"

LOCATION_CODE = "location_code"
HAVEN_LOCATION = "safe_haven_location"

# Location codes are needed by the staff who pack (analysts); where the havens are, only by
# those who organise the transport (admins). Viewers see neither.
READERS: Mapping[str, frozenset[Role]] = {
    LOCATION_CODE: frozenset({Role.ANALYST, Role.ADMIN}),
    HAVEN_LOCATION: frozenset({Role.ADMIN}),
}


class SecretError(Exception):
    """A secret cannot be read or written; the message says what to do."""


class KeyMissingError(SecretError):
    pass


class WrongKeyError(SecretError):
    pass


class AccessDenied(PermissionError):
    """The acting role may not do this."""


def may_read(role: Role, field: str) -> bool:
    return role in READERS.get(field, frozenset())


def require(role: Role, allowed: frozenset[Role] | set[Role], what: str) -> None:
    if role not in allowed:
        names = ", ".join(sorted(r.value for r in allowed))
        raise AccessDenied(f"role {role.value!r} may not {what} (allowed: {names})")


def generate_key() -> str:
    """A new random 256-bit key, URL-safe base64 (what ``TADMOR_KEY`` and key files hold)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def default_key_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get(KEY_FILE_ENV) or DEFAULT_KEY_FILE).expanduser()


def write_key_file(path: Path | None = None, *, overwrite: bool = False) -> Path:
    """Write a new key readable by its owner only. Refuses to replace an existing key: that
    would make every secret encrypted with it unreadable."""
    path = (path or default_key_path()).expanduser()
    if path.exists() and not overwrite:
        raise SecretError(
            f"a key already exists at {path}; replacing it would make the secrets encrypted "
            "with it unreadable (move it away first if that is really what you want)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(generate_key() + "\n")
    os.chmod(path, 0o600)
    return path


def _decode_key(text: str, where: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = b""
    if len(raw) != 32:
        raise SecretError(
            f"the key in {where} is not a tadmor key (32 bytes, URL-safe base64); "
            "make one with `tadmor heritage keygen`"
        )
    return raw


@dataclass(frozen=True)
class Cipher:
    """AES-256-GCM with row-bound associated data. ``key_id`` is a one-way fingerprint,
    safe to store and print."""

    key: bytes

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"tadmor-key-id:" + self.key).hexdigest()[:12]

    def encrypt(self, plaintext: str, context: str) -> str:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(12)
        ct = AESGCM(self.key).encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
        body = base64.urlsafe_b64encode(nonce + ct).decode("ascii")
        return f"{_PREFIX}:{self.key_id}:{body}"

    def decrypt(self, token: str, context: str) -> str:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            prefix, key_id, body = token.split(":", 2)
        except ValueError:
            raise SecretError("a stored secret is malformed (not a tadmor ciphertext)") from None
        if prefix != _PREFIX:
            raise SecretError(f"a stored secret has an unknown format {prefix!r}")
        if key_id != self.key_id:
            raise WrongKeyError(
                f"this secret was encrypted with key {key_id}; the key given is {self.key_id} "
                f"(set {KEY_ENV} or {KEY_FILE_ENV} to the right key)"
            )
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        try:
            data = AESGCM(self.key).decrypt(raw[:12], raw[12:], context.encode("utf-8"))
        except InvalidTag:
            raise WrongKeyError(
                f"a secret does not decrypt for {context}: it was altered or moved from "
                "another record"
            ) from None
        return data.decode("utf-8")


def load_cipher(env: Mapping[str, str] | None = None) -> Cipher:
    """The key from ``TADMOR_KEY``, else the key file; a clear error when there is none."""
    env = os.environ if env is None else env
    if env.get(KEY_ENV):
        return Cipher(_decode_key(env[KEY_ENV], f"${KEY_ENV}"))
    path = default_key_path(env)
    if not path.exists():
        raise KeyMissingError(
            f"no heritage key: set {KEY_ENV}, or {KEY_FILE_ENV}, or create {path} with "
            "`tadmor heritage keygen` (secrets stay unreadable without it)"
        )
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretError(f"cannot read the key file {path}: {exc}") from exc
    return Cipher(_decode_key(text, str(path)))


def context_of(table: str, row_id: str, field: str) -> str:
    """The associated data binding a ciphertext to its place."""
    return f"tadmor:{table}:{row_id}:{field}"
