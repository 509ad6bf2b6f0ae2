"""Finding a learner by pseudonym without reading every learner's file.

The index is a folder of tiny files, so that a look-up costs the same with ten
learners or ten thousand:

- ``index/pseudos-v<N>/<h>``: the ids of the learners whose pseudonym key hashes to
  ``<h>`` (one a line; two only when two terminals offline created the same
  pseudonym);
- ``index/ids-v<N>/<id>``: "this learner is indexed", holding its ``<h>``.

``<N>`` is ``KEY_VERSION``: when the pseudonym key changes, a new pair of folders
starts empty and fills itself from the files (the old pair is removed), so no
process ever finds a learner under a stale key nor wipes an index in use.

It can always be rebuilt from the learners' files: ``refresh`` compares the ids
on disk with the indexed ones and indexes only the difference (all of them when
the index was deleted). The storage calls it when a look-up finds nothing, so a
file brought by a sync tool or a restored backup is found too. Callers hold the
index lock around ``add``, ``remove`` and ``refresh``.

``index/etat`` says when the index was last known complete: the state of the folders
(``LearnerStore._folders_state``: their times change whenever a file comes or goes) at that
moment, and the time of the last full comparison. Every terminal that changes the folders in a
way that keeps the index complete (a save, a new learner indexed first) records the new state
if the old one was recorded, so a folder shared by several terminals needs no comparison while
only apprendre writes in it; anything else (a sync tool, a restore, a deleted index) leaves the
state different from the record, and the next look-up compares. It is written in place, without
a temporary file (a few bytes, 10 µs instead of 0.5 ms, at each save): two terminals writing it
at once, or a crash in the middle, can only leave it unreadable or different from the folders,
and then the index is compared again, never wrongly trusted.

``index/copies`` says when ``apprenants/`` was last searched for conflict copies (the copies a
sync tool leaves, ``conflicts.py``): the folder's times then, the time of that search, and the
learners whose copies were left there (not merged: written by a newer apprendre, or nobody
asked for them yet). It is kept apart from ``etat``: the full comparison of the index makes the
index complete without merging any copy. Every change that apprendre makes in ``apprenants/``
keeps it current the same way, so « Je reviens » looks for copies only when something else may
have touched the folder. Written in place too, it ends with its own CRC-32: a torn or mixed
write reads as unknown, and the folder is searched again.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from apprendre.base.atomic import FILE_MODE, make_folder, write_atomic
from apprendre.storage.pseudos import KEY_VERSION


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


State = tuple[int, ...]
"""The learners' folders as they are now (``LearnerStore._folders_state``)."""
_STATE_FIELDS = 9
_FIELD = 20
_ID = re.compile(rb"^[0-9a-f]{12}$")


@dataclass(frozen=True)
class CopiesLook:
    """The last search of ``apprenants/`` for conflict copies (``index/copies``)."""

    state: tuple[int, int]
    """The folder's modification and change times just before it was listed."""
    looked: float
    """When it was listed (the clock of ``LearnerStore``)."""
    left: frozenset[str]
    """The learners whose conflict copies were left in the folder."""


class Index:
    def __init__(self, folder: Path) -> None:
        self.state_file = folder / "etat"
        self.copies_file = folder / "copies"
        self.pseudos = folder / f"pseudos-v{KEY_VERSION}"
        self.ids = folder / f"ids-v{KEY_VERSION}"
        for sub in (self.pseudos, self.ids):
            make_folder(sub)
        for old in ("pseudos", "ids", *(f"{name}-v{n}" for name in ("pseudos", "ids") for n in range(2, KEY_VERSION))):
            if (folder / old).is_dir():
                shutil.rmtree(folder / old, ignore_errors=True)

    def find(self, key: str) -> list[str]:
        """The ids indexed under a pseudonym key (maybe stale: check that their files exist)."""
        return _read_lines(self.pseudos / key_hash(key))

    def add(self, key: str, apprenant_id: str) -> None:
        digest = key_hash(key)
        entry = self.pseudos / digest
        ids = _read_lines(entry)
        if apprenant_id not in ids:
            write_atomic(entry, _lines(sorted([*ids, apprenant_id])), durable=False)
        write_atomic(self.ids / apprenant_id, digest.encode("ascii"), durable=False)

    def remove(self, apprenant_id: str) -> None:
        marker = self.ids / apprenant_id
        digests = _read_lines(marker)
        for digest in digests:
            entry = self.pseudos / digest
            ids = [i for i in _read_lines(entry) if i != apprenant_id]
            if ids:
                write_atomic(entry, _lines(ids), durable=False)
            else:
                entry.unlink(missing_ok=True)
        marker.unlink(missing_ok=True)

    def recorded(self) -> tuple[State, float] | None:
        """The folders' state when the index was last known complete, and the time of the last
        full comparison (None if unknown or unreadable)."""
        try:
            numbers = [int(field) for field in self.state_file.read_bytes().split()]
        except (OSError, ValueError):
            return None
        if len(numbers) != _STATE_FIELDS:
            return None
        return tuple(numbers[:-1]), numbers[-1] / 1e9

    def record(self, state: State, compared: float) -> None:
        """The index is complete with the folders in ``state``; ``compared``: the time of the last
        full comparison. Written in place, fixed width (see the module's docstring). Raises OSError."""
        numbers = [*state, int(compared * 1e9)]
        if len(numbers) != _STATE_FIELDS:
            raise ValueError(state)
        data = b" ".join(b"%0*d" % (_FIELD, number) for number in numbers) + b"\n"
        fd = os.open(self.state_file, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def copies_looked(self) -> CopiesLook | None:
        """The last search for conflict copies (None if unknown, unreadable or torn)."""
        try:
            data = self.copies_file.read_bytes()
        except OSError:
            return None
        body, _, crc = data.rstrip(b"\n").rpartition(b" ")
        try:
            if not data.endswith(b"\n") or int(crc, 16) != zlib.crc32(body) or len(crc) != 8:
                return None
            fields = body.split(b" ")
            mtime, ctime, looked = (int(field) for field in fields[:3])
        except ValueError:
            return None
        ids = fields[3:]
        if not all(_ID.match(i) for i in ids):
            return None
        return CopiesLook((mtime, ctime), looked / 1e9, frozenset(i.decode("ascii") for i in ids))

    def record_copies(self, look: CopiesLook) -> None:
        """Write ``index/copies`` in place (see the module's docstring). Raises OSError."""
        numbers = (*look.state, int(look.looked * 1e9))
        body = b" ".join([*(b"%0*d" % (_FIELD, number) for number in numbers),
                          *(i.encode("ascii") for i in sorted(look.left))])
        data = b"%s %08x\n" % (body, zlib.crc32(body))
        fd = os.open(self.copies_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), FILE_MODE)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def has(self, apprenant_id: str) -> bool:
        return (self.ids / apprenant_id).exists()

    def indexed(self) -> set[str]:
        return {name for name in os.listdir(self.ids) if name[:1] != "."}  # names: no Path for each of 50,000

    def duplicates(self) -> list[list[str]]:
        """Groups of ids sharing one pseudonym key (created offline on two terminals)."""
        groups = (_read_lines(self.pseudos / name) for name in os.listdir(self.pseudos) if name[:1] != ".")
        return [ids for ids in groups if len(ids) > 1]

    def refresh(self, on_disk: Iterable[str], key_of: Callable[[str], str | None]) -> bool:
        """Index the learners of ``on_disk`` not indexed yet, forget the vanished ones.

        ``key_of(id)`` reads a learner's pseudonym key (None if unreadable).
        Returns whether anything changed.
        """
        on_disk = set(on_disk)
        indexed = self.indexed()
        for gone in indexed - on_disk:
            self.remove(gone)
        changed = bool(indexed - on_disk)
        for new in sorted(on_disk - indexed):
            key = key_of(new)
            if key is not None:
                self.add(key, new)
                changed = True
        return changed


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text("ascii").split()
    except (OSError, UnicodeDecodeError):
        return []


def _lines(items: list[str]) -> bytes:
    return "".join(f"{item}\n" for item in items).encode("ascii")
