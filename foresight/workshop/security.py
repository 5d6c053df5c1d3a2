"""Secrets and untrusted text: join codes, hashed keys and tokens, length limits, escaping."""

from __future__ import annotations

import hashlib
import hmac
import html
import re
import secrets
import unicodedata
from typing import Final

# No 0/O, 1/I/L: a code read off a wall and typed on a phone must survive the reading.
CODE_ALPHABET: Final = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH: Final = 6  # 31**6 ≈ 8.9e8 ≈ 29.7 bits: unguessable within a meeting

# Length limits in characters, after cleaning (what a phone keyboard produces in a workshop).
LIMITS: Final = {
    "title": 120,
    "municipality": 10,
    "peer_spec": 500,
    "display_name": 40,
    "comment": 500,
    "scenario_name": 80,
    "levers_json": 4000,
    "steps_json": 20000,
    "step_id": 40,
    "step_title": 200,
    "item": 80,
    "idem_key": 64,
    "owndata_json": 5_000_000,  # one attached own-data file as stored JSON (~100 000 observations)
    "owndata_files": 10,  # attached files per workshop
}

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_IDEM = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class TooLong(ValueError):
    """A text longer than its limit; .field and .limit say which."""

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(f"{field} is longer than {limit} characters")
        self.field = field
        self.limit = limit


def new_join_code() -> str:
    """A random join code from the unambiguous alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A typed code in canonical form: upper case, without spaces or dashes."""
    return re.sub(r"[\s\-]", "", text or "").upper()[: CODE_LENGTH * 2]


def spaced(code: str) -> str:
    """A short code in two groups of four for reading aloud or copying ('ABCDEFGH' → 'ABCD EFGH')."""
    return f"{code[:4]} {code[4:]}"


def new_secret() -> str:
    """A facilitator key or participant secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    """A salted scrypt hash of a facilitator key, as 'scrypt$salt$hash' (hex)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(key.encode("utf-8"), salt=salt, **_SCRYPT)  # type: ignore[arg-type]
    return f"scrypt${salt.hex()}${digest.hex()}"


def hash_token(token: str) -> str:
    """A salted SHA-256 hash of a participant secret, as 'sha256$salt$hash'.

    The secret is 256 random bits, so stretching adds nothing but CPU per submission.
    """
    salt = secrets.token_bytes(16)
    digest = hashlib.sha256(salt + token.encode("utf-8")).digest()
    return f"sha256${salt.hex()}${digest.hex()}"


def verify(secret: str, stored: str) -> bool:
    """Whether secret matches a stored hash; compared in constant time."""
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    raw = secret.encode("utf-8")
    if scheme == "scrypt":
        actual = hashlib.scrypt(raw, salt=salt, **_SCRYPT)  # type: ignore[arg-type]
    elif scheme == "sha256":
        actual = hashlib.sha256(salt + raw).digest()
    else:
        return False
    return hmac.compare_digest(actual, expected)


def clean_text(text: object, field: str, *, multiline: bool = False) -> str:
    """Text as stored: NFC, control characters and (unless multiline) newlines removed, trimmed, within its limit.

    The text stays raw otherwise; escaping is the display's job (escape_html / escape_markdown).
    """
    value = unicodedata.normalize("NFC", "" if text is None else str(text))
    value = _CONTROL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = " ".join(value.split())
    value = value.strip()
    limit = LIMITS[field]
    if len(value) > limit:
        raise TooLong(field, limit)
    return value


def valid_idem_key(key: str) -> bool:
    """Whether a client-made idempotency key has the allowed shape (a UUID fits)."""
    return bool(_IDEM.match(key or ""))


def escape_html(text: object) -> str:
    """Participant text made safe inside HTML (element content and quoted attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&$:])")


def escape_markdown(text: object) -> str:
    """Participant text made literal for st.markdown: Markdown syntax and HTML both escaped."""
    value = "" if text is None else str(text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", "  \n")
