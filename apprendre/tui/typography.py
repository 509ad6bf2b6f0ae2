"""French typography when text wraps: no punctuation ever starts a line.

French puts a space before « ? ! : ; » » and « % », and after « « ». Written with
a non-breaking space or a plain one, these spaces must never become a line
break, or a lone « ? » or « : » starts the next line. Textual breaks lines at
any whitespace (the non-breaking space included), in two regular expressions
(``rich._wrap.re_word``, which ``Content`` uses, and ``textual._wrap.re_chunk``):
``install`` replaces them with ones that keep such a space with its neighbours,
for every text the app shows, lessons included.
"""

from __future__ import annotations

import re

import rich._wrap
import textual._wrap

NO_BREAK = "\u00a0\u202f\u2060"
"""The non-breaking space, the narrow one, and the word joiner."""

_GLUED = rf"(?:\S|[{NO_BREAK}]| (?=[?!:;»%])|(?<=«) )"
"""One character of a word: not a space, or a space that French typography glues."""

_BREAKABLE = rf"[^\S{NO_BREAK}]"
"""A space where a line may break."""

FRENCH_CHUNK = re.compile(rf"{_GLUED}+{_BREAKABLE}*|{_BREAKABLE}+")
"""For ``textual._wrap.re_chunk`` (was ``\\S+\\s*|\\s+``)."""

FRENCH_WORD = re.compile(rf"{_BREAKABLE}*{_GLUED}+{_BREAKABLE}*")
"""For ``rich._wrap.re_word`` (was ``\\s*\\S+\\s*``)."""


def install() -> None:
    textual._wrap.re_chunk = FRENCH_CHUNK
    rich._wrap.re_word = FRENCH_WORD
