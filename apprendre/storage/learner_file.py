"""The learner's file: one TOML file per learner, its format and its version.

::

    version = 2                         # 1 while no answer has « points » and « sur »
    id = "3f9a1c2b7d4e"
    pseudo = "Zoé"
    code = "scrypt$16384$8$1$…$…"      # absent when the learner chose no code
    tranche_age = "40 - 59 ans"         # absent when not given (« Non communiqué »)
    cree_le = 2026-01-05T10:00:00+00:00

    [[pages]]                           # then [[reponses]], [[quiz]], [[visites]]
    module = "la-souris"
    …

The facts are those of ``apprendre.learning.progress``, one table each, in the
canonical order of ``merge``. docs/progression.md describes every key.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from apprendre.base.files import FileError, parse_toml
from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import Fait, PageLue, QuizTermine, Reponse, Visite
from apprendre.storage.errors import PseudoInvalide, VersionTropRecente
from apprendre.storage.pseudos import clean_pseudo
from apprendre.storage.summary_line import with_summary

VERSION = 2
"""Version 2 added ``points`` and ``sur`` to answers. A file is written as version 1 while none of
its answers has them, so that a terminal not yet updated still reads it; with them, such a
terminal refuses the file as too recent instead of setting it aside as broken."""
TABLES: dict[str, type[Fait]] = {"pages": PageLue, "reponses": Reponse, "quiz": QuizTermine, "visites": Visite}


_NAMELESS = Path("apprenant.toml")
"""Errors here name no file: the caller knows which one it read."""


class Illisible(Exception):
    """A learner's file that can't be used; the message says why, in French, for a mediator."""


# --- Reading -------------------------------------------------------------------------------

def parse(data: bytes) -> Apprenant:
    """The learner in ``data``, or Illisible (VersionTropRecente if a newer apprendre wrote it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Illisible("le fichier n'est pas du texte UTF-8") from None
    try:
        document = parse_toml(text, _NAMELESS)
    except FileError as error:
        problem = error.problemes[0]
        where = f"ligne {problem.ligne} : " if problem.ligne else ""
        raise Illisible(f"le fichier n'est pas du TOML valide ({where}{problem.message})") from None
    version = document.pop("version", None)
    if type(version) is not int or version < 1:
        raise Illisible("la clé « version » manque ou n'est pas un nombre entier")
    if version > VERSION:
        raise VersionTropRecente()
    facts = {table: document.pop(table, []) for table in TABLES}
    try:
        apprenant = Apprenant.model_validate({**document, "progression": facts})
        clean_pseudo(apprenant.pseudo)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"] if part != "progression")
        raise Illisible(f"contenu inattendu à « {where} » ({first['msg']})") from None
    except PseudoInvalide:
        raise Illisible("le pseudo enregistré n'est pas valide") from None
    return _in_utc(apprenant)


def parse_pseudo(head: bytes) -> str | None:
    """The pseudonym from the first bytes of a learner's file, parsed as TOML: the sure way
    behind ``summary_reader.read_pseudo``, which everyone calls.

    None when the start of the file doesn't look right (the caller then reads the whole
    file, and repairs it).
    """
    header, found, _ = head.partition(b"\n[[")
    if not found and len(head) >= HEAD_BYTES:
        return None
    try:
        document = parse_toml(header.decode("utf-8-sig"), _NAMELESS)
        pseudo = document["pseudo"]
        if document["version"] not in (1, VERSION) or not isinstance(pseudo, str):
            return None
        return clean_pseudo(pseudo)
    except (UnicodeDecodeError, FileError, KeyError, PseudoInvalide):
        return None


HEAD_BYTES = 4096
"""More than the keys before the first fact ever take."""


def _in_utc(apprenant: Apprenant) -> Apprenant:
    """Every date with its offset, turned to UTC: equal instants must be equal facts."""
    if apprenant.cree_le.tzinfo is None:
        raise Illisible("la date « cree_le » n'a pas de fuseau horaire")
    apprenant.cree_le = apprenant.cree_le.astimezone(UTC)
    progression = apprenant.progression
    for table in TABLES:
        facts = getattr(progression, table)
        setattr(progression, table, [_fact_in_utc(fait, table) for fait in facts])
    return apprenant


def _fact_in_utc(fait: Fait, table: str) -> Fait:
    changes = {}
    for name, value in fait:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise Illisible(f"une date de « {table} » n'a pas de fuseau horaire")
            if value.utcoffset():
                changes[name] = value.astimezone(UTC)
    return fait.model_copy(update=changes) if changes else fait


# --- Writing -------------------------------------------------------------------------------

def render(apprenant: Apprenant) -> bytes:
    """The learner's whole file: the header, the facts, and the summary line (``summary_line``)."""
    header, chunks = render_parts(apprenant)
    return with_summary(assemble(header, chunks), apprenant, header, chunks["visites"])


Chunks = dict[str, list[bytes]]
"""Each table's facts, each as its ``[[table]]`` block, in the file's order."""


def render_parts(apprenant: Apprenant) -> tuple[bytes, Chunks]:
    """The file in parts: the header, and each fact's block (``assemble`` joins them), so that a
    save that adds a fact or two reuses the blocks of the others (``learner_store``)."""
    return render_header(apprenant), {table: [_chunk(table, fait) for fait in getattr(apprenant.progression, table)]
                                      for table in TABLES}


def render_header(apprenant: Apprenant, version: int | None = None) -> bytes:
    """The keys before the facts; ``version``: the file's, if known (else from the facts)."""
    header = {"version": version or file_version(apprenant), "id": apprenant.id, "pseudo": apprenant.pseudo}
    if apprenant.code is not None:
        header["code"] = apprenant.code
    if apprenant.tranche_age is not None:
        header["tranche_age"] = apprenant.tranche_age
    return (tomli_w.dumps(header) + f"cree_le = {_datetime(apprenant.cree_le)}\n").encode("utf-8")


def assemble(header: bytes, chunks: Chunks, *after: bytes) -> bytes:
    """The file's bytes: the header, each fact, then ``after`` (the summary line), a blank line between."""
    return b"\n".join([header, *(chunk for table in TABLES for chunk in chunks[table]), *after])


def join_blocks(blocks: list[bytes], before: bytes = b"") -> bytes:
    """A table's blocks as in the file (``before``: its blocks already joined)."""
    if not blocks:
        return before
    return b"\n".join([before, *blocks] if before else blocks)


def assemble_joined(header: bytes, joined: dict[str, bytes], *after: bytes) -> bytes:
    """``assemble``, each table's blocks being already joined (``join_blocks``): the same bytes."""
    return b"\n".join([header, *(joined[table] for table in TABLES if joined.get(table)), *after])


def file_version(apprenant: Apprenant) -> int:
    """1 while no answer has points (see ``VERSION``), else 2."""
    with_points = any(r.points is not None or r.sur is not None for r in apprenant.progression.reponses)
    return VERSION if with_points else 1


@lru_cache(maxsize=50_000)
def _chunk(table: str, fait: Fait) -> bytes:
    """One fact as a ``[[table]]`` block. Facts are immutable, so each is formatted only once."""
    lines = [f"[[{table}]]\n"]
    for name, value in fait:
        if value is None:  # an optional key absent from the file it was read from
            continue
        lines.append(f"{name} = {_datetime(value)}\n" if isinstance(value, datetime) else _line(name, value))
    return "".join(lines).encode()


def _line(name: str, value: Any) -> str:
    return tomli_w.dumps({name: list(value) if isinstance(value, tuple) else value})


def _datetime(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()
