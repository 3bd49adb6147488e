"""Decoding bytes of unknown encoding into text, or refusing them with a clear reason.

Reports arrive as UTF-8, but also as latin-1 / windows-1252 (European outlets) and
windows-1256 (Arabic). UTF-8 is tried strictly first; then charset-normalizer chooses, and a
choice that still leaves control characters or replacement marks is refused, not guessed.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from tadmor.collect.records import BinaryInputError, EmptyInputError, EncodingDetectionError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = {9, 10, 12, 13}
# Single-byte encodings met in conflict reporting: Western European (cp1252 is a superset of
# latin-1's printable range), Arabic (Windows and ISO), Cyrillic, Turkish.
LEGACY_ENCODINGS = ("cp1252", "cp1256", "iso8859_6", "cp1251", "cp1254", "latin_1")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean this is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls > max(2, len(head) // 100)


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """Return (text, encoding). Raises a :class:`CollectError` subclass naming the problem."""
    if not data.strip():
        raise EmptyInputError(f"{name}: empty file (no text to collect)")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise EncodingDetectionError(f"{name}: {enc} byte-order mark but {exc}") from exc
    if looks_binary(data):
        raise BinaryInputError(f"{name}: binary data, not text (NUL or control bytes found)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Restricting the detector to the encodings reports actually come in makes it reliable:
    # unrestricted, it reads short French latin-1 as cp1250 and short Arabic as big5.
    sample = data[: 2 * 1024 * 1024]
    best = from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        best = from_bytes(sample).best()
    if best is None or best.encoding is None:
        raise EncodingDetectionError(f"{name}: cannot tell the text encoding (not UTF-8)")
    enc = best.encoding
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise EncodingDetectionError(f"{name}: detected {enc} but cannot decode: {exc}") from exc
    if "\ufffd" in text or any(ord(c) < 32 and ord(c) not in _TEXT_CONTROLS for c in text[:8192]):
        raise EncodingDetectionError(f"{name}: text encoding unclear (best guess {enc})")
    return text, enc
