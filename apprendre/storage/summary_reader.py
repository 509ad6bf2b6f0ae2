"""A learner's ``Resume`` straight from their file's bytes, without parsing it.

Usually the file ends with its summary, written at each save (``summary_line``):
it is taken from there. This module reads the facts of files that have none,
or one that doesn't match (written before this line existed, edited by hand).

The activity report reads every learner's file. Parsing TOML and validating
every fact costs about 10 ms for a learner who did four modules: 100 seconds
for 10,000 learners. But the files are written by ``learner_file.render``, always
in the same layout (one key a line, in a fixed order, dates in UTC), so this
module reads that layout line by line, turns the facts into plain tuples and
hands them to ``resume.build_resume``, skipping TOML and pydantic.

Anything that is not exactly that layout (a file edited by hand, written by
another version, an unusual escape in a string) is read the slow, sure way:
``learner_file.parse``, then ``resume.summarize``. A test checks that both ways
give the same summary on generated learners.
"""

from __future__ import annotations

import json
from datetime import datetime

from apprendre.learning.learner import TRANCHES_AGE
from apprendre.reports.summary import Resume, build_resume, summarize
from apprendre.storage import learner_file
from apprendre.storage.errors import PseudoInvalide
from apprendre.storage.learner_file import HEAD_BYTES, parse
from apprendre.storage.pseudos import clean_pseudo
from apprendre.storage.summary_line import decode, split_summary


class _NotCanonical(Exception):
    """This file is not laid out as ``render`` writes it: read it the slow way."""


def read_resume(data: bytes, pseudo: bool = False, questions: bool = True) -> Resume:
    """The summary of the learner file ``data``; Illisible or VersionTropRecente as ``parse``.

    The summary line at the end of the file when it matches the rest (``summary_line``: the
    usual case), else the facts read line by line, else parsed. ``questions=False`` may leave
    out the answers to each question (see ``summary_cache.load_resumes``).
    """
    body, summary = split_summary(data)
    if summary is not None:
        resume = decode(summary, questions)
        if resume is not None:
            if pseudo:
                resume.pseudo = read_pseudo(data[:HEAD_BYTES])
            if not pseudo or resume.pseudo is not None:
                return resume
    try:
        return _read(body, pseudo)
    except _NotCanonical:
        return summarize(parse(data), pseudo=pseudo)


def read_pseudo(head: bytes) -> str | None:
    """The pseudonym from the first bytes of a learner file, without reading the facts.

    The one pseudonym reader: the header as ``learner_file.render`` writes it is read
    directly; anything else goes through TOML (``learner_file.parse_pseudo``).
    """
    header, blank, _ = head.partition(b"\n\n")
    try:
        if blank:
            return _header(header.decode("utf-8"))[1]
    except (_NotCanonical, UnicodeDecodeError):
        pass
    return learner_file.parse_pseudo(head)


def _read(data: bytes, pseudo: bool) -> Resume:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _NotCanonical from None
    header, blank, body = text.partition("\n\n")
    if not blank:  # no facts: the file ends after the header
        if not header.endswith("\n"):
            raise _NotCanonical
        header = header[:-1]
    apprenant_id, name, cree_le, tranche = _header(header)
    pages, reponses, quiz, visites = [], [], [], []
    if body:
        if not body.endswith("\n"):
            raise _NotCanonical
        for chunk in body[:-1].split("\n\n"):
            lines = chunk.split("\n")
            table = lines[0]
            if table == "[[pages]]" and len(lines) == 5:
                page = _value(lines[3], "page = ")
                if not (page.isdigit() and page.isascii() and page[0] != "0"):
                    raise _NotCanonical
                pages.append((_string(lines[1], "module = "), _string(lines[2], "lecon = "), int(page),
                              _date(lines[4], "le = ")))
            elif table == "[[reponses]]" and len(lines) >= 7:
                juste = _value(lines[3], "juste = ")
                if juste not in ("true", "false"):
                    raise _NotCanonical
                won, worth, start = int(juste == "true"), 1, 4
                if lines[4].startswith("points = "):  # absent from answers written before points existed
                    won, worth, start = _integer(lines[4], "points = "), _integer(lines[5], "sur = "), 6
                    if worth < 1:
                        raise _NotCanonical
                reponses.append((_string(lines[1], "module = "), _string(lines[2], "question = "), juste == "true",
                                 _donnee(lines[start:-2]), _string(lines[-2], "tentative = "),
                                 min(won, worth), worth))
                _date(lines[-1], "le = ")  # checked, not kept: answers count when their attempt ends
            elif table == "[[quiz]]" and len(lines) == 4:
                quiz.append((_string(lines[1], "module = "), _string(lines[2], "tentative = "),
                             _date(lines[3], "le = ")))
            elif table == "[[visites]]" and len(lines) == 4:
                _string(lines[1], "id = ")
                visites.append((_date(lines[2], "debut = "), _date(lines[3], "fin = ")))
            else:
                raise _NotCanonical
    return build_resume(apprenant_id, cree_le, name if pseudo else None, pages, reponses, quiz, visites,
                        tranche_age=tranche)


def _header(header: str) -> tuple[str, str, int, str | None]:
    lines = header.split("\n")
    if len(lines) not in (4, 5, 6) or lines[0] not in ("version = 1", "version = 2"):
        raise _NotCanonical
    apprenant_id = _string(lines[1], "id = ")
    name = _string(lines[2], "pseudo = ")
    tranche = None
    optional = lines[3:-1]
    if optional and optional[0].startswith("code = "):
        _string(optional.pop(0), "code = ")
    if optional:
        tranche = _string(optional.pop(0), "tranche_age = ")
    if optional or (tranche is not None and tranche not in TRANCHES_AGE):
        raise _NotCanonical
    if not (len(apprenant_id) == 12 and all(c in "0123456789abcdef" for c in apprenant_id)):
        raise _NotCanonical
    try:
        clean_pseudo(name)
    except PseudoInvalide:
        raise _NotCanonical from None
    return apprenant_id, name, _date(lines[-1], "cree_le = "), tranche


def _value(line: str, prefix: str) -> str:
    if not line.startswith(prefix):
        raise _NotCanonical
    return line[len(prefix):]


def _integer(line: str, prefix: str) -> int:
    value = _value(line, prefix)
    if not (value.isdigit() and value.isascii() and (value == "0" or value[0] != "0")):
        raise _NotCanonical
    return int(value)


def _string(line: str, prefix: str) -> str:
    start = len(prefix) + 1
    if not (line.startswith(prefix) and line[start - 1:start] == '"' and line.endswith('"')) or len(line) <= start:
        raise _NotCanonical
    inner = line[start:-1]
    return _unescape(inner) if "\\" in inner or '"' in inner else inner


def _unescape(inner: str) -> str:
    """A TOML basic string's escapes, by JSON's rules where they agree (elsewhere: the slow way)."""
    if "\\/" in inner or "\\U" in inner or "\\e" in inner or "\\x" in inner:
        raise _NotCanonical
    try:
        return str(json.loads(f'"{inner}"'))
    except ValueError:
        raise _NotCanonical from None


_fromisoformat = datetime.fromisoformat


def _date(line: str, prefix: str) -> int:
    start = len(prefix)
    if not (line.startswith(prefix) and line.endswith("+00:00") and len(line) - start in (25, 32)
            and line[start + 10] == "T"):
        raise _NotCanonical
    try:
        return int(_fromisoformat(line[start:]).timestamp())
    except ValueError:
        raise _NotCanonical from None


def _donnee(lines: list[str]) -> tuple[str, ...]:
    if lines == ["donnee = []"]:
        return ()
    if len(lines) < 3 or lines[0] != "donnee = [" or lines[-1] != "]":
        raise _NotCanonical
    items = []
    for line in lines[1:-1]:
        if not (line.startswith('    "') and line.endswith('",')):
            raise _NotCanonical
        inner = line[5:-2]
        items.append(_unescape(inner) if "\\" in inner or '"' in inner else inner)
    return tuple(items)
