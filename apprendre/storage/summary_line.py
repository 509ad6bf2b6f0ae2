"""A learner's summary (``Resume``) as one line of text: at the end of their file, and in the cache.

The activity report and the espace médiateur need every learner's summary.
Working it out from the facts costs about a millisecond per learner (seconds
for thousands), so each save writes it at the end of the learner's file, as a
TOML comment (TOML readers, an older apprendre among them, skip it)::

    # resume 1 5f3a9c1d ["3f9a1c2b7d4e",1767604320,[…],{"la-souris":[…]},null]	{"la-souris":[…]}

``1`` is the layout (``FORMAT``); ``5f3a9c1d`` the CRC-32 of every byte before
the line, the fingerprint of the content: a file edited by hand, or rewritten by
a version that knows nothing of the line, doesn't match, and is read the slow
way. Unlike the inode or the dates of the file, the fingerprint survives a
restore or a copy. Then the summary as JSON, in ASCII: the dates, a tab, the
answers to each question (read only when asked; JSON never writes a tab itself).

A save adds a fact or two: ``SummaryParts`` keeps each module's tally and its
piece of the line, so that a save only tallies its new facts and writes again
the pieces of the modules they belong to.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from itertools import accumulate

from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import PageLue, QuizTermine, Reponse
from apprendre.reports.summary import ModuleTally, Resume, SuiviModule, epoch, tally_facts, visit_times

FORMAT = 1
"""Bump when the layout of the line, or what the summary counts, changes: older lines are then
read the slow way (and rewritten at the learner's next save)."""
MARK = b"\n# resume "
_PREFIX = f"# resume {FORMAT} "
_TABLES = ("pages", "reponses", "quiz", "visites")
_STARTS = tuple(f"\n[[{table}]]\n".encode("ascii") for table in _TABLES)
_FINGERPRINT = 5 * 9 - 1
"""The fingerprint's length: five CRC-32 in hexadecimal, joined by « - »."""


@dataclass(frozen=True)
class SummaryParts:
    """A learner's summary in pieces, as their last save wrote it (never changed: a save makes new ones)."""

    tallies: dict[str, ModuleTally]
    pieces: dict[str, tuple[str, str]]
    """Module → its entry in the dates, its entry in the answers (modules with only empty quizzes: none)."""
    crcs: tuple[int, int, int]
    """The CRC-32 of the pages, answers and quizzes as written (``_tiles``): a save that adds facts
    after them continues them with its own, without going over the whole file again."""


def summary_parts(apprenant: Apprenant, body: bytes) -> SummaryParts:
    """The summary of a whole file: ``apprenant`` written as ``body`` (header and facts)."""
    progression = apprenant.progression
    tallies = tally_facts(progression.pages, progression.reponses, progression.quiz)
    tiles = _tiles(body)
    assert tiles is not None, "a file as written is always laid out in order"
    crcs = tuple(zlib.crc32(tile) for tile in tiles[1:4])
    return SummaryParts(tallies, {name: _pieces(name, found) for name, found in tallies.items() if not found.empty},
                        (crcs[0], crcs[1], crcs[2]))


def summary_added(parts: SummaryParts, pages: list[PageLue], reponses: list[Reponse], quiz: list[QuizTermine],
                  chunks: tuple[list[bytes], list[bytes], list[bytes]]) -> SummaryParts:
    """``parts`` with the facts of a save added after the others, ``chunks`` their blocks in the file
    (for pages, answers and quizzes). Only the modules they belong to are tallied again."""
    crcs = tuple(_continue(crc, added) for crc, added in zip(parts.crcs, chunks))
    touched = {fait.module for table in (pages, reponses, quiz) for fait in table}
    tallies, pieces = parts.tallies, parts.pieces
    if touched:
        tallies = dict(tallies)
        for name in touched:
            found = tallies.get(name)
            tallies[name] = found.copy() if found is not None else ModuleTally()
        tally_facts(pages, reponses, quiz, tallies)
        pieces = dict(pieces)
        for name in touched:
            if not tallies[name].empty:
                pieces[name] = _pieces(name, tallies[name])
    return SummaryParts(tallies, pieces, (crcs[0], crcs[1], crcs[2]))


def last_line(parts: SummaryParts, apprenant: Apprenant, header: bytes, visit_chunks: list[bytes]) -> bytes:
    """The last line of the learner's file, written after ``header`` and the facts (``parts.crcs``,
    then the visits, ``visit_chunks``)."""
    crcs = (zlib.crc32(header), *parts.crcs, _continue(0, visit_chunks))
    fingerprint = "-".join(f"{crc:08x}" for crc in crcs)
    line = _line(apprenant.id, epoch(apprenant.cree_le), visit_times(apprenant.progression.visites),
                 apprenant.tranche_age, [parts.pieces[name] for name in sorted(parts.pieces)])
    return b"%s%s %s\n" % (_PREFIX.encode("ascii"), fingerprint.encode("ascii"), line)


def with_summary(body: bytes, apprenant: Apprenant, header: bytes, visit_chunks: list[bytes]) -> bytes:
    """The learner's whole file: ``body`` (``header`` and the facts), then the summary line."""
    return b"%s\n%s" % (body, last_line(summary_parts(apprenant, body), apprenant, header, visit_chunks))


def split_summary(data: bytes) -> tuple[bytes, bytes | None]:
    """(the file without its summary line, the summary if it is of this layout and matches the rest)."""
    start = data.rfind(MARK)
    if start < 0 or not data.endswith(b"\n"):
        return data, None
    body, line = data[:start], data[start + 1:-1]
    prefix = len(_PREFIX)
    if not line.startswith(_PREFIX.encode("ascii")) or line[prefix + _FINGERPRINT:prefix + _FINGERPRINT + 1] != b" ":
        return body, None
    tiles = _tiles(body)
    if tiles is None:
        return body, None
    fingerprint = "-".join(f"{zlib.crc32(tile):08x}" for tile in tiles).encode("ascii")
    if line[prefix:prefix + _FINGERPRINT] != fingerprint:
        return body, None
    return body, line[prefix + _FINGERPRINT + 1:]


def read_summary(data: bytes, questions: bool = True) -> Resume | None:
    """The summary written at the end of the learner's file ``data``; None if there is none that
    matches the file (then the facts must be read)."""
    _, summary = split_summary(data)
    return decode(summary, questions) if summary is not None else None


def _tiles(body: bytes) -> list[memoryview] | None:
    """The header, then each table's facts (from the line break before its first block), as laid
    out by ``learner_file.assemble``; None if the tables are not in that order (edited by hand)."""
    starts = [body.find(start) for start in _STARTS]
    found = [start for start in starts if start >= 0]
    if found != sorted(found):
        return None
    view = memoryview(body)
    tiles, end = [], len(body)
    for start in reversed(starts):
        if start < 0:
            tiles.append(view[0:0])
        else:
            tiles.append(view[start:end])
            end = start
    tiles.append(view[:end])
    return tiles[::-1]


def _continue(crc: int, chunks: list[bytes]) -> int:
    """``crc`` continued with ``chunks`` as ``assemble`` lays them out (each after a line break)."""
    for chunk in chunks:
        crc = zlib.crc32(chunk, zlib.crc32(b"\n", crc))
    return crc


# --- The line -------------------------------------------------------------------------------

def encode(resume: Resume) -> bytes:
    """The summary of ``resume`` (not its pseudonym) as written after the mark (see the module)."""
    pieces = [_pieces(name, resume.modules[name]) for name in sorted(resume.modules)]
    return _line(resume.id, resume.cree_le, resume.visites, resume.tranche_age, pieces)


def _line(apprenant_id: str, cree_le: int, visites: list[tuple[int, int]], tranche_age: str | None,
          pieces: list[tuple[str, str]]) -> bytes:
    """The summary, modules in the order of their names (the same file whatever the order of the saves)."""
    dates = ",".join(dates for dates, _ in pieces)
    answers = ",".join(answers for _, answers in pieces)
    visits = _json(_deltas([n for visite in visites for n in visite]))
    return (f'["{apprenant_id}",{cree_le},{visits},{{{dates}}},{_json(tranche_age)}]\t{{{answers}}}'
            .encode("ascii"))


def _pieces(name: str, found: ModuleTally | SuiviModule) -> tuple[str, str]:
    """A module's entries: "name":[pages, first readings (0: the same), attempts, answered], and
    "name":[questions, misplaced items]. Dates are written as differences (shorter, quicker to read)."""
    suivi = found.suivi() if isinstance(found, ModuleTally) else found
    key = _json(name)
    premieres = 0 if suivi.premieres == suivi.pages else _deltas(suivi.premieres)
    dates = [_deltas(suivi.pages), premieres, [n for attempt in suivi.tentatives for n in attempt],
             int(suivi.repondu)]
    return f"{key}:{_json(dates)}", f"{key}:{_json([suivi.questions, suivi.mal_places])}"


def decode(summary: bytes, questions: bool = True) -> Resume | None:
    """The ``Resume`` of a summary (without the answers to each question unless ``questions``);
    None if it is not one."""
    dates, tab, answers = summary.partition(b"\t")
    if not tab:
        return None
    try:
        apprenant_id, cree_le, visites, modules, tranche_age = json.loads(dates)
        asked = json.loads(answers) if questions else {}
        visites = list(accumulate(visites))
        resume = Resume(id=apprenant_id, cree_le=cree_le, visites=list(zip(visites[::2], visites[1::2])),
                        tranche_age=tranche_age)
        for name, (pages, premieres, t, repondu) in modules.items():
            pages = list(accumulate(pages))
            given, misplaced = asked[name] if questions else ({}, {})
            resume.modules[name] = SuiviModule(pages, list(accumulate(premieres)) if premieres else pages.copy(),
                                               list(zip(t[::3], t[1::3], t[2::3])), bool(repondu), given,
                                               misplaced)
        return resume
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def _json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _deltas(values: list[int]) -> list[int]:
    return values[:1] + [after - before for before, after in zip(values, values[1:])]

