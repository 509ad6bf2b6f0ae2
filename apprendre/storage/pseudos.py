"""Pseudonyms: what a learner may choose, and when two of them are the same.

Any script is welcome (« Zoé », « Ёжик », « سارا », « 李雷 », even an emoji
beside letters). Two pseudonyms are the same learner when they differ only by
case, by accents on Latin letters (« Hélène », « helene », « HELENE », « e » +
combining accent) or by spaces around: the key is the Unicode NFKC normal form,
case-folded, with the marks on Latin letters dropped. Marks on other scripts
stay (in Russian « Й » is not « И », in Hindi a vowel sign is a letter).
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


KEY_VERSION = 2
"""Bumped whenever ``pseudo_key`` changes: the index is then rebuilt from the files."""


def pseudo_key(text: str) -> str:
    """What identifies a learner: « Zoé », « ZOÉ », « zoe » and « Zoe\\u0301 » give the same key."""
    pseudo = unicodedata.normalize("NFKC", clean_pseudo(text)).casefold()
    return unicodedata.normalize("NFKC", _without_latin_accents(pseudo))


def _without_latin_accents(text: str) -> str:
    kept: list[str] = []
    base_is_latin = False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if base_is_latin:
                continue
        else:
            base_is_latin = unicodedata.name(char, "").startswith("LATIN ")
        kept.append(char)
    return "".join(kept)
