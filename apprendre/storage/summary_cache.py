"""Every learner's ``Resume``, quickly: the summaries are kept in the data folder between two reads.

Reading 10,000 learner files takes seconds even the fast way
(``resume_reader``); the activity report and the espace médiateur read them
all each time. So ``index/resumes.jsonl`` in the data folder keeps each learner's
summary with the identity of the file it came from (inode, size, times of
modification and of change): while a file doesn't change, its summary is
taken from there, and only new or changed files are read. One JSON line per
learner:

    {"format": 1, "empreinte": "…"}                  the layout, and the code that made it
    ["3f9a1c2b7d4e", [ino, size, mtime, ctime], …]   one learner's summary, no pseudonym

The file is only a shortcut: missing, broken, written by another version of
the code, it is rebuilt; failing to write it is not an error. It holds no
pseudonym, but it is still data about the learners: ``Depot.erase`` removes a
learner's line along with their files, and a line whose file is gone is
dropped at the next read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from stat import S_ISREG

from apprendre.base.atomic import FileIdentity, clean_temporaries, file_identity, write_atomic
from apprendre.reports.summary import Resume, SuiviModule, summarize
from apprendre.storage import Depot, StorageError
from apprendre.storage.depot import MAIN_FILE
from apprendre.storage.errors import disk_error
from apprendre.storage.learner_file import HEAD_BYTES, Illisible
from apprendre.storage.summary_file import FICHIER

FORMAT = 4
"""Bump when the layout of a line changes (a change of the summary code is noticed by itself)."""

Signature = FileIdentity
Problemes = list[tuple[str, StorageError]]


def _fingerprint() -> str:
    from apprendre.reports import summary as resume
    from apprendre.storage import summary_reader as resume_reader

    sources = b"".join(Path(str(module.__file__)).read_bytes() for module in (resume, resume_reader))
    return hashlib.sha256(sources + str(FORMAT).encode()).hexdigest()[:16]


def load_resumes(depot: Depot, pseudo: bool = False, questions: bool = True,
                 problemes: Problemes | None = None) -> Iterator[Resume]:
    """The summary of every learner that can be read; the others go to ``problemes`` as (id, error).

    Like ``Depot.apprenants``: a broken file goes through the storage's repair
    (set aside, backup restored). With ``pseudo``, each summary also gets the
    learner's pseudonym, read from the start of their file. ``questions=False``
    leaves out the answers to each question (``SuiviModule.questions`` and
    ``mal_places`` may come empty): half the reading time, for the activity
    report, which doesn't use them.
    """
    on_disk = _scan(depot)
    header = json.dumps({"format": FORMAT, "empreinte": _fingerprint()}).encode("ascii")
    lines = [header]
    served: set[str] = set()
    stale = False
    for apprenant_id, line in _cached_lines(depot.dossier / FICHIER, header):
        resume = (_decode(line, apprenant_id, on_disk.get(apprenant_id), questions)
                  if apprenant_id not in served else None)
        if resume is None:
            stale = True
            continue
        if pseudo:
            resume.pseudo = _pseudo(depot, apprenant_id)
            if resume.pseudo is None:  # gone meanwhile, or broken: read below, the sure way
                stale = True
                continue
        served.add(apprenant_id)
        lines.append(line)
        yield resume
    for apprenant_id in sorted(on_disk.keys() - served):
        stale = True
        found = _read(depot, apprenant_id, pseudo, problemes)
        if found is not None:
            resume, signature = found
            if signature is not None:
                lines.append(_encode(resume, signature))
            yield resume
    if stale:
        _write(depot.dossier / FICHIER, lines)


# --- Files on disk --------------------------------------------------------------------------

def _scan(depot: Depot) -> dict[str, Signature]:
    """The id and file identity of every learner file."""
    found = {}
    try:
        with os.scandir(depot.apprenants_folder) as entries:
            for entry in entries:
                match = MAIN_FILE.match(entry.name)
                if match:
                    try:
                        stat = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if S_ISREG(stat.st_mode):  # a named pipe would block the report for everyone
                        found[match.group(1)] = file_identity(stat)
    except OSError as error:
        raise disk_error(error, "ouvrir") from None
    return found


def _read(depot: Depot, apprenant_id: str, pseudo: bool,
          problemes: Problemes | None) -> tuple[Resume, Signature | None] | None:
    """A learner's summary from their file, and the identity of the file read (None: don't cache it)."""
    from apprendre.storage.summary_reader import read_resume

    try:
        try:
            with open(depot.path(apprenant_id), "rb") as file:
                stat = os.fstat(file.fileno())  # before reading: a later change is noticed next time
                data = file.read()
            return read_resume(data, pseudo), file_identity(stat)
        except FileNotFoundError:
            return None
        except (Illisible, OSError):
            return summarize(depot.load(apprenant_id), pseudo), None
    except StorageError as error:
        if problemes is not None:
            problemes.append((apprenant_id, error))
        return None


def _pseudo(depot: Depot, apprenant_id: str) -> str | None:
    from apprendre.storage.summary_reader import read_pseudo

    try:
        with open(depot.path(apprenant_id), "rb") as file:
            return read_pseudo(file.read(HEAD_BYTES))
    except OSError:
        return None


# --- The cache file -------------------------------------------------------------------------

def _cached_lines(path: Path, header: bytes) -> Iterator[tuple[str, bytes]]:
    """(id, line) of each learner in the cache; nothing if it is missing or of another layout.

    Lines stay bytes (UTF-8): half the memory of texts with accents, for 10,000 learners.
    """
    try:
        with open(path, "rb") as stream:
            if stream.readline().rstrip(b"\n") != header:
                return
            for line in stream:
                line = line.rstrip(b"\n")
                if line.startswith(b'["') and line[14:16] == b'",' and line[2:14].isalnum():
                    yield line[2:14].decode("ascii"), line
    except OSError:
        return


def _encode(resume: Resume, signature: Signature) -> bytes:
    """One cache line: the dates, then a tab, then the answers to each question (read only when asked).

    Lists of dates are written as differences (shorter, so quicker to read back);
    the first reading of each page is written 0 when it is the list of readings
    itself (the usual case). JSON never writes a tab itself (it would be « \\t »).
    """
    dates = {name: [_deltas(m.pages), 0 if m.premieres == m.pages else _deltas(m.premieres),
                    [n for attempt in m.tentatives for n in attempt], int(m.repondu)]
             for name, m in resume.modules.items()}
    answers = {name: [m.questions, m.mal_places] for name, m in resume.modules.items()}
    visites = _deltas([n for visite in resume.visites for n in visite])
    line = (_prefix(resume.id, signature) + _json([resume.cree_le, visites, dates, resume.tranche_age])[1:]
            + "\t" + _json(answers))
    return line.encode("utf-8")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _prefix(apprenant_id: str, signature: Signature) -> str:
    return f'["{apprenant_id}",[{",".join(map(str, signature))}],'


def _decode(line: bytes, apprenant_id: str, signature: Signature | None, questions: bool) -> Resume | None:
    """The summary of a cache line, if it was made from the file now on disk."""
    if signature is None or not line.startswith(_prefix(apprenant_id, signature).encode("ascii")):
        return None
    dates, tab, answers = line.partition(b"\t")
    try:
        _, _, cree_le, visites, modules, tranche_age = json.loads(dates)
        answers = json.loads(answers) if questions else {}
        visites = list(accumulate(visites))
        resume = Resume(id=apprenant_id, cree_le=cree_le, visites=list(zip(visites[::2], visites[1::2])),
                        tranche_age=tranche_age)
        for name, (pages, premieres, t, repondu) in modules.items():
            pages = list(accumulate(pages))
            asked, misplaced = answers[name] if questions else ({}, {})
            resume.modules[name] = SuiviModule(pages, list(accumulate(premieres)) if premieres else pages.copy(),
                                               list(zip(t[::3], t[1::3], t[2::3])), bool(repondu), asked,
                                               misplaced)
        return resume if tab else None
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def _deltas(values: list[int]) -> list[int]:
    return values[:1] + [after - before for before, after in zip(values, values[1:])]


def _write(path: Path, lines: list[bytes]) -> None:
    clean_temporaries(path.parent)  # what a crash in the middle of this write would have left
    try:
        write_atomic(path, b"\n".join(lines) + b"\n", durable=False)
    except OSError:
        pass  # only a shortcut: next time the files are read again
