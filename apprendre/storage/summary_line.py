"""A learner's summary (``Resume``) as one line of text: at the end of their file, and in the cache.

The activity report and the espace médiateur need every learner's summary.
Working it out from the facts costs about a millisecond per learner (seconds
for thousands), so each save writes it at the end of the learner's file, as a
TOML comment (TOML readers, an older apprendre among them, skip it)::

    # resume 1 142:5f3a9c1d,20113:0b1c2d3e,2980:7a6b5c4d,0:00000000,512:1f2e3d4c ["3f9a1c2b7d4e",…]	{…}

``1`` is the layout (``FORMAT``). Then the fingerprint of the content: the length
and CRC-32 of the header, then of the pages, the answers, the quizzes and the
visits, which make up everything before the line. A file edited by hand, or
rewritten by a version that knows nothing of the line, doesn't match, and is
read the slow way (its facts). Unlike the inode or the dates of the file, the
fingerprint survives a restore or a copy; and as each table of facts has its
own CRC, a save that adds facts at the end of the tables continues them with its
own blocks, without going over the whole file. Then the summary as JSON, in
ASCII: the dates, a tab, the answers to each question (read only when asked;
JSON never writes a tab itself).

A save adds a fact or two: ``SummaryParts`` keeps each module's tally and its
piece of the line, so that a save only tallies its new facts and writes again
the pieces of the modules they belong to.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from itertools import accumulate

from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import PageLue, QuizTermine, Reponse, Visite
from apprendre.reports.summary import ModuleTally, Resume, SuiviModule, epoch, tally_facts

FORMAT = 1
"""Bump when the layout of the line, or what the summary counts, changes: older lines are then
read the slow way (and rewritten at the learner's next save)."""
MARK = b"\n# resume "
_PREFIX = f"# resume {FORMAT} ".encode("ascii")
_STARTS = tuple(f"\n[[{table}]]\n".encode("ascii") for table in ("pages", "reponses", "quiz", "visites"))

Tile = tuple[int, int]
"""(length, CRC-32) of a piece of the file."""


@dataclass(frozen=True)
class SummaryParts:
    """A learner's summary in pieces, as their last save wrote it (never changed: a save makes new ones)."""

    tallies: dict[str, ModuleTally]
    pieces: dict[str, tuple[str, str]]
    """Module → its entry in the dates, its entry in the answers (modules with only empty quizzes: none)."""
    tiles: tuple[Tile, Tile, Tile]
    """The pages, answers and quizzes as written (``_cut``): a save that adds facts after them
    continues each CRC with its own blocks, without going over the whole file again."""
    visits: dict[str, tuple[Visite, tuple[int, int]]] = field(default_factory=dict)
    """Visit id → the visit and its (start, end) in seconds, as last written: only the visit that
    goes on is converted again (shared from save to save, only ever added to)."""


def summary_parts(apprenant: Apprenant, body: bytes) -> SummaryParts:
    """The summary of a whole file: ``apprenant`` written as ``body`` (header and facts)."""
    progression = apprenant.progression
    tallies = tally_facts(progression.pages, progression.reponses, progression.quiz)
    view = memoryview(body)
    tiles = [(end - start, zlib.crc32(view[start:end])) for start, end in _cut(body)[1:4]]
    return SummaryParts(tallies, {name: _pieces(name, found) for name, found in tallies.items() if not found.empty},
                        (tiles[0], tiles[1], tiles[2]))


def summary_added(parts: SummaryParts, pages: list[PageLue], reponses: list[Reponse], quiz: list[QuizTermine],
                  chunks: tuple[list[bytes], list[bytes], list[bytes]]) -> SummaryParts:
    """``parts`` with the facts of a save added after the others, ``chunks`` their blocks in the file
    (for pages, answers and quizzes). Only the modules they belong to are tallied again."""
    tiles = [_continue(tile, added) for tile, added in zip(parts.tiles, chunks)]
    touched = {fait.module for table in (pages, reponses, quiz) for fait in table}
    tallies, pieces = parts.tallies, parts.pieces
    if touched:
        tallies = dict(tallies)
        for name in touched:
            found = tallies.get(name)
            tallies[name] = found.copy() if found is not None else ModuleTally()
        tally_facts(pages, reponses, quiz, tallies)
        pieces = dict(pieces)
        answered = {reponse.module for reponse in reponses}
        for name in touched:
            found = tallies[name]
            if found.empty:
                continue
            before = pieces.get(name)
            pieces[name] = (_dates_piece(name, found), _answers_piece(name, found)
                            if before is None or name in answered else before[1])
    return SummaryParts(tallies, pieces, (tiles[0], tiles[1], tiles[2]), parts.visits)


def last_line(parts: SummaryParts, apprenant: Apprenant, header: bytes, visit_chunks: list[bytes]) -> bytes:
    """The last line of the learner's file, written after ``header`` and the facts (``parts.tiles``,
    then the visits, ``visit_chunks``)."""
    tiles = ((len(header), zlib.crc32(header)), *parts.tiles, _continue((0, 0), visit_chunks))
    fingerprint = b",".join(b"%d:%08x" % tile for tile in tiles)
    line = _line(apprenant.id, epoch(apprenant.cree_le), _visit_times(apprenant.progression.visites, parts.visits),
                 apprenant.tranche_age, [parts.pieces[name] for name in sorted(parts.pieces)])
    return b"%s%s %s\n" % (_PREFIX, fingerprint, line)


def _visit_times(visites: list[Visite], known: dict[str, tuple[Visite, tuple[int, int]]]) -> list[tuple[int, int]]:
    """``visit_times``, reusing the times of the visits already converted."""
    times = []
    for visite in visites:
        found = known.get(visite.id)
        if found is None or found[0] is not visite:
            found = known[visite.id] = (visite, (epoch(visite.debut), epoch(visite.fin)))
        times.append(found[1])
    times.sort()
    return times


def with_summary(body: bytes, apprenant: Apprenant, header: bytes, visit_chunks: list[bytes]) -> bytes:
    """The learner's whole file: ``body`` (``header`` and the facts), then the summary line."""
    return b"%s\n%s" % (body, last_line(summary_parts(apprenant, body), apprenant, header, visit_chunks))


def summary_of(data: bytes) -> bytes | None:
    """The summary at the end of the learner's file ``data``, if it is of this layout and matches the rest.

    The fingerprint gives the length and CRC-32 of five pieces that make up the rest of the file:
    they match only if every byte is the one written with the summary.
    """
    start = data.rfind(MARK)
    if start < 0 or not data.endswith(b"\n") or not data.startswith(_PREFIX, start + 1):
        return None
    begin = start + 1 + len(_PREFIX)
    space = data.find(b" ", begin, begin + 120)
    tiles = data[begin:space].split(b",")
    if space < 0 or len(tiles) != 5:
        return None
    view, position = memoryview(data), 0
    try:
        for tile in tiles:
            length, colon, crc = tile.partition(b":")
            if not length.isdigit():
                return None
            end = position + int(length)
            if not colon or end > start or crc != b"%08x" % zlib.crc32(view[position:end]):
                return None
            position = end
    except ValueError:
        return None
    return data[space + 1:-1] if position == start else None


def split_summary(data: bytes) -> tuple[bytes, bytes | None]:
    """(the file without its summary line, the summary if it matches the rest: ``summary_of``)."""
    summary = summary_of(data)
    start = data.rfind(MARK)
    return (data[:start] if start >= 0 and data.endswith(b"\n") else data), summary


def read_summary(data: bytes, questions: bool = True) -> Resume | None:
    """The summary written at the end of the learner's file ``data``; None if there is none that
    matches the file (then the facts must be read)."""
    summary = summary_of(data)
    return decode(summary, questions) if summary is not None else None


def _cut(body: bytes) -> list[tuple[int, int]]:
    """(start, end) of the header, then of each table's facts (from the line break before its first
    block), as laid out by ``learner_file.assemble``; a table that is not there is empty."""
    starts, cut = [], 0
    for marker in _STARTS:
        found = body.find(marker, cut)
        starts.append(found)
        if found >= 0:
            cut = found
    bounds, end = [], len(body)
    for found in reversed(starts):
        if found < 0:
            bounds.append((0, 0))
        else:
            bounds.append((found, end))
            end = found
    bounds.append((0, end))
    return bounds[::-1]


def _continue(tile: Tile, chunks: list[bytes]) -> Tile:
    """``tile`` continued with ``chunks`` as ``assemble`` lays them out (each after a line break)."""
    length, crc = tile
    for chunk in chunks:
        crc = zlib.crc32(chunk, zlib.crc32(b"\n", crc))
        length += len(chunk) + 1
    return length, crc


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
    return _dates_piece(name, found), _answers_piece(name, found)


def _dates_piece(name: str, found: ModuleTally | SuiviModule) -> str:
    suivi = found.suivi(answers=False) if isinstance(found, ModuleTally) else found
    premieres = 0 if suivi.premieres == suivi.pages else _deltas(suivi.premieres)
    dates = [_deltas(suivi.pages), premieres, [n for attempt in suivi.tentatives for n in attempt],
             int(suivi.repondu)]
    return f"{_json(name)}:{_json(dates)}"


def _answers_piece(name: str, found: ModuleTally | SuiviModule) -> str:
    return f"{_json(name)}:{_json([found.questions, found.mal_places])}"


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

