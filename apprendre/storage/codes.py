"""Codes (the learner's 4 digits, the mediator's code), kept only as a slow salted hash.

scrypt from the standard library, with n=2¹⁴, r=8, p=1 and a 16-byte random salt:
about 50 ms per check on a desktop computer. The stored text is
``scrypt$16384$8$1$<salt base64>$<hash base64>``, so the parameters can be raised
later without breaking the existing codes.

A 4-digit code has only 10,000 values: whoever copies the files can try them all
offline. The code keeps another learner at the same terminal out, nothing more.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from apprendre.storage.errors import CodeInvalide

N, R, P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MAX_N = 2**20
"""A file asking for more (about 1 GB of memory) is refused rather than obeyed."""
_FOUR_DIGITS = re.compile(r"[0-9]{4}")


def clean_code(code: str | None) -> str | None:
    """A learner's code: None or blank for no code, else exactly 4 digits (CodeInvalide)."""
    if code is None or not code.strip():
        return None
    code = code.strip()
    if not _FOUR_DIGITS.fullmatch(code):
        raise CodeInvalide()
    return code


def hash_code(code: str) -> str:
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(code, salt, N, R, P)
    return "$".join(["scrypt", str(N), str(R), str(P), _b64(salt), _b64(digest)])


def verify_code(code: str, stored: str) -> bool:
    """Whether ``code`` is the one ``stored`` was made from (False for a malformed ``stored``)."""
    try:
        name, n, r, p, salt, digest = stored.split("$")
        if name != "scrypt" or not 1 < int(n) <= MAX_N:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(code, base64.b64decode(salt, validate=True), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(code: str, salt: bytes, n: int, r: int, p: int, length: int = HASH_BYTES) -> bytes:
    return hashlib.scrypt(code.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + 2**20, dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
