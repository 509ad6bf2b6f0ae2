"""Pseudonyms: what a learner may choose, and when two of them are the same.

Any script is welcome (« Zoé », « Ёжик », « سارا », « 李雷 », even an emoji
beside letters). Two pseudonyms are the same learner when they differ only by
case, by the way an accent was typed (« é » or « e » + combining accent) or by
spaces around: the key is the Unicode NFKC normal form, case-folded.
"""

from __future__ import annotations

import re
import unicodedata

from apprendre.storage.errors import PseudoInvalide

LONGUEUR_MAX = 30

ALLOWED_FORMAT = {"\u200c", "\u200d"}
"""Zero-width non-joiner and joiner: needed in Persian, Indic scripts and emoji sequences.
Other invisible format characters (direction overrides…) can disguise a name: refused."""
_SPACES = re.compile(r"\s+")


def clean_pseudo(text: str) -> str:
    """The pseudonym as it will be shown: trimmed, spaces collapsed, NFC; or PseudoInvalide."""
    pseudo = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if not pseudo:
        raise PseudoInvalide("Écrivez un pseudo : un prénom, un surnom, de 1 à 30 caractères.")
    if len(pseudo) > LONGUEUR_MAX:
        raise PseudoInvalide(f"Ce pseudo est trop long ({len(pseudo)} caractères) : "
                             f"{LONGUEUR_MAX} caractères au plus.")
    for char in pseudo:
        category = unicodedata.category(char)
        if category in ("Cc", "Co", "Cs", "Cn", "Zl", "Zp") or (category == "Cf" and char not in ALLOWED_FORMAT):
            raise PseudoInvalide("Ce pseudo contient un caractère invisible ou de contrôle. "
                                 "Utilisez seulement des lettres, des chiffres et des espaces.")
    if not any(unicodedata.category(char)[0] in "LN" for char in pseudo):
        raise PseudoInvalide("Le pseudo doit contenir au moins une lettre ou un chiffre.")
    return pseudo


def pseudo_key(text: str) -> str:
    """What identifies a learner: « Zoé », « ZOÉ » and « Zoe\\u0301 » give the same key."""
    pseudo = clean_pseudo(text)
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", pseudo).casefold())
