"""Every learner's ``Resume``, quickly, for the activity report and the espace médiateur.

Each learner's file ends with their summary, written at every save
(``summary_line``): reading it costs a read of the file, a CRC-32 and a small JSON,
instead of working the facts out again (about a millisecond per learner). The
summaries are read one file at a time and handed on (``load_resumes`` is a
generator): thousands of learners never sit in memory together.

A file without a summary that matches it (written before summaries existed,
edited by hand) is read from its facts, once: its summary is then kept in
``index/resumes.jsonl``, keyed by the fingerprint of the file's content (its size
and CRC-32), which survives a restore or a copy, unlike its inode and dates. One
line per learner, sorted by id so that it is read alongside the sorted files::

    {"format": 2, "empreinte": "…"}                    the layout, and the code that made it
    3f9a1c2b7d4e 18734-5f3a9c1d ["3f9a1c2b7d4e",…]	{…}   id, size-CRC of the file, its summary

It is read along with the files and written again only if it changes, as a stream
(``_NewCache``, ``base.atomic.AtomicWriter``): the lines that stay are copied from
the old file, the new ones written as they come, the whole renamed over the old file
at the end; at 50,000 learners no line is held in memory, and a crash in the middle
leaves the old file whole.

The file is only a shortcut: missing, broken, written by another version of the
code, it is rebuilt; failing to write it is not an error. It holds no pseudonym,
but it is still data about the learners: ``Depot.erase`` removes a learner's line
along with their files, and a line whose file is gone is dropped at the next read.
Once every learner has saved again, it is empty.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from apprendre.base.atomic import AtomicWriter, clean_temporaries
from apprendre.base.files import open_regular
from apprendre.reports.summary import Resume, summarize
from apprendre.storage import Depot, StorageError
from apprendre.storage.learner_file import HEAD_BYTES, Illisible
from apprendre.storage.summary_file import FICHIER
from apprendre.storage.summary_line import decode, encode, summary_of
from apprendre.storage.summary_reader import read_pseudo, read_resume

FORMAT = 2
"""Bump when the layout of a line changes (a change of the summary code is noticed by itself)."""

Problemes = list[tuple[str, StorageError]]


def _fingerprint() -> str:
    from apprendre.reports import summary as resume
    from apprendre.storage import summary_line, summary_reader

    sources = b"".join(Path(str(module.__file__)).read_bytes() for module in (resume, summary_reader, summary_line))
    return hashlib.sha256(sources + str(FORMAT).encode()).hexdigest()[:16]


def load_resumes(depot: Depot, pseudo: bool = False, questions: bool = True,
                 problemes: Problemes | None = None) -> Iterator[Resume]:
    """The summary of every learner that can be read, in the order of their ids; the others go to
    ``problemes`` as (id, error).

    Like ``Depot.apprenants``: a broken file goes through the storage's repair
    (set aside, backup restored). With ``pseudo``, each summary also gets the
    learner's pseudonym, read from the start of their file. ``questions=False``
    may leave out the answers to each question (``SuiviModule.questions`` and
    ``mal_places`` come empty): the activity report doesn't use them.
    """
    path = depot.dossier / FICHIER
    header = json.dumps({"format": FORMAT, "empreinte": _fingerprint()}).encode("ascii")
    cached = _Cached(path, header)
    new = _NewCache(path, cached)
    try:
        for apprenant_id in depot.ids():
            try:
                data = _read(depot, apprenant_id)
            except FileNotFoundError:
                continue  # erased meanwhile
            except OSError:
                data = None
            resume = _from_file(data, pseudo, questions) if data is not None else None
            if resume is None and data is not None:
                line = cached.line(apprenant_id)
                resume, fresh = _from_cache(line, data, pseudo, questions)
                if resume is None:
                    resume = _from_facts(depot, apprenant_id, data, pseudo, problemes)
                    fresh = None if resume is None else (
                        b"%s %s %s" % (apprenant_id.encode("ascii"), _content(data), encode(resume)))
                new.keep(line, fresh)
                if resume is None:
                    continue
            elif resume is None:
                resume = _repaired(depot, apprenant_id, pseudo, problemes)
                if resume is None:
                    continue
            yield resume
        new.finish()
    finally:
        new.abort()
        cached.close()


# --- Files on disk --------------------------------------------------------------------------

def _read(depot: Depot, apprenant_id: str) -> bytes:
    with open_regular(depot.path(apprenant_id)) as file:
        return file.read()


def _from_file(data: bytes, pseudo: bool, questions: bool) -> Resume | None:
    """The summary at the end of the file, if it matches the file."""
    summary = summary_of(data)
    if summary is None:
        return None
    resume = decode(summary, questions)
    if resume is not None and pseudo:
        resume.pseudo = read_pseudo(data[:HEAD_BYTES])
        if resume.pseudo is None:
            return None
    return resume


def _from_cache(line: bytes | None, data: bytes, pseudo: bool, questions: bool) -> tuple[Resume | None, bytes | None]:
    """The summary kept in the cache for this very content, and its line."""
    if line is None:
        return None, None
    _, content, summary = line.split(b" ", 2)
    if content != _content(data):
        return None, None
    resume = decode(summary, questions)
    if resume is not None and pseudo:
        resume.pseudo = read_pseudo(data[:HEAD_BYTES])
        if resume.pseudo is None:
            return None, None
    return resume, line if resume is not None else None


def _from_facts(depot: Depot, apprenant_id: str, data: bytes, pseudo: bool,
                problemes: Problemes | None) -> Resume | None:
    try:
        return read_resume(data, pseudo)
    except Illisible:
        return _repaired(depot, apprenant_id, pseudo, problemes)
    except StorageError as error:  # a file written by a newer apprendre
        if problemes is not None:
            problemes.append((apprenant_id, error))
        return None


def _repaired(depot: Depot, apprenant_id: str, pseudo: bool, problemes: Problemes | None) -> Resume | None:
    """A broken file, through the storage's repair (set aside, backup restored); not cached."""
    try:
        return summarize(depot.load(apprenant_id), pseudo)
    except StorageError as error:
        if problemes is not None:
            problemes.append((apprenant_id, error))
        return None


def _content(data: bytes) -> bytes:
    """The fingerprint of a file's content: what a restore or a copy keeps."""
    return b"%d-%08x" % (len(data), zlib.crc32(data))


# --- The cache file -------------------------------------------------------------------------

class _Cached:
    """The cache's lines, read along with the learners' ids, both in order (nothing kept but the
    line asked for, and where in the file the lines kept as they are end)."""

    def __init__(self, path: Path, header: bytes) -> None:
        self.header = header
        self.more = False
        """Whether the file holds lines that were not asked for (learners gone), or is not ours."""
        self.agreed = 0
        """How many of its first lines the new cache keeps as they are (``agree``)…"""
        self.agreed_end = 0
        """… and where they end in the file (0: the file is not ours, nothing of it is kept)."""
        self._next: tuple[str, bytes, int] | None = None
        self._last_end = 0
        self._offset = 0
        self._stream: BinaryIO | None
        try:
            self._stream = open_regular(path)  # a pipe put here is not waited on
        except OSError:
            self._stream = None
            return
        raw = self._stream.readline()
        first = raw.rstrip(b"\n")
        if first != header:
            self.more = bool(first)
            self.close()
            return
        self._offset = self.agreed_end = len(raw)
        self._advance()

    def _advance(self) -> None:
        self._next = None
        while self._stream is not None and (raw := self._stream.readline()):
            self._offset += len(raw)
            line = raw.rstrip(b"\n")
            if line[12:13] == b" " and line[:12].isalnum() and line.count(b" ", 0, 40) >= 2:
                self._next = line[:12].decode("ascii"), line, self._offset
                return
            self.more = True  # a damaged line: written again without it

    def line(self, apprenant_id: str) -> bytes | None:
        """The line of ``apprenant_id``; ids must be asked in increasing order."""
        while self._next is not None and self._next[0] < apprenant_id:
            self.more = True  # a learner gone
            self._advance()
        if self._next is not None and self._next[0] == apprenant_id:
            _, line, self._last_end = self._next
            self._advance()
            return line
        return None

    def agree(self) -> None:
        """The line just given is kept as it is, after all the lines before it."""
        self.agreed += 1
        self.agreed_end = self._last_end

    def left(self) -> bool:
        """Whether lines were not asked for (learners gone), or skipped."""
        return self.more or self._next is not None

    def kept_lines(self) -> Iterator[bytes]:
        """The start of the new cache: the header and the lines agreed, copied from the file as
        they are (read again from the file opened: another process may have replaced its name)."""
        if self._stream is None or self.agreed_end == 0:
            yield self.header + b"\n"
            return
        fd, offset, tail = self._stream.fileno(), 0, b"\n"
        while offset < self.agreed_end:
            chunk = os.pread(fd, min(AtomicWriter.BUFFER, self.agreed_end - offset), offset)
            if not chunk:
                raise OSError(errno.EIO, "cache raccourci pendant sa lecture")
            offset += len(chunk)
            tail = chunk[-1:]
            yield chunk
        if tail != b"\n":
            yield b"\n"  # the last line of the file had no end of line

    def close(self) -> None:
        if self._next is not None:
            self.more = True
        if self._stream is not None:
            self._stream.close()
            self._stream = None


class _NewCache:
    """The cache written again as the learners are read, only if it changes: the lines that stay
    as they were are only counted; at the first line that differs (a new summary, a line dropped or
    skipped), the new cache starts in a temporary file with those lines copied from the old one,
    and every line after goes straight to it (``AtomicWriter``: renamed over the old one at the end,
    which a crash in the middle leaves whole). Nothing is kept in memory but the line at hand.
    Failing to write is not an error: the cache is only a shortcut."""

    def __init__(self, path: Path, cached: _Cached) -> None:
        self.path = path
        self.cached = cached
        self.count = 0
        """Lines written after those agreed."""
        self._out: AtomicWriter | None = None
        self._failed = False

    def keep(self, line: bytes | None, fresh: bytes | None) -> None:
        """For one learner without a summary of their own: ``line``, what the old cache had,
        ``fresh``, what the new one holds (None: nothing)."""
        if self._out is None and not self._failed:
            if fresh is not None and fresh is line and not self.cached.more:
                self.cached.agree()
                return
            if fresh is None and line is None and not self.cached.more:
                return
            self._start()
        if fresh is not None and self._out is not None:
            self._write(fresh + b"\n")
            self.count += 1

    def _start(self) -> None:
        clean_temporaries(self.path.parent)  # what a crash in the middle of this write would have left
        try:
            self._out = AtomicWriter(self.path, durable=False)
        except OSError:
            self._failed = True
            return
        try:
            for chunk in self.cached.kept_lines():
                self._write(chunk)
        except OSError:  # the old cache could not be read again
            self.abort()
            self._failed = True

    def _write(self, data: bytes) -> None:
        try:
            if self._out is not None:
                self._out.write(data)
        except OSError:
            self._failed, self._out = True, None  # the writer removed its temporary file

    def finish(self) -> None:
        """All learners read: put the new cache in place (or remove it if it holds nothing)."""
        if self._failed:
            return
        if self._out is None and self.cached.left():
            if self.cached.agreed == 0:
                self._remove()
                return
            self._start()
        if self._out is None:
            return  # unchanged
        out, self._out = self._out, None
        if self.cached.agreed + self.count == 0:
            out.abort()
            self._remove()
            return
        try:
            out.commit()
        except OSError:
            pass  # only a shortcut: next time the files are read again

    def _remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass

    def abort(self) -> None:
        """Stopped before the end (the reader stopped, an error): the old cache stays as it was."""
        if self._out is not None:
            self._out.abort()
            self._out = None
