"""Identifiers made from French titles: ``« Écrire un e-mail ! »`` → ``ecrire-un-e-mail``.

Module folders and question ids must be lowercase ASCII letters, digits and
dashes (see ``library.MODULE_ID``); a mediator types a title, not an id.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """An ASCII, lowercase, dash-separated id; empty if ``text`` has no letter or digit.

    Accents are dropped (``é`` → ``e``), ligatures spelt out (``œ`` → ``oe``), and a
    slug longer than ``max_length`` is cut at a dash when it can be.
    """
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ALNUM.sub("-", ascii_text.lower()).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    if slug[max_length] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")
