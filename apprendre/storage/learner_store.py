"""The learners' files in the data folder: reading, saving, repairing, erasing.

::

    <dossier>/
      reglages.toml                 the site's settings (apprendre.storage.settings)
      apprenants/<id>.toml          one file per learner, named by a random id
      apprenants/<id>.secours.toml  the version before the last save (the last good copy)
      mis-de-cote/                  broken files and merged conflict copies, never deleted
      index/                        pseudonym → id, rebuilt from the files when needed
      verrous/<id>.lock, .ouvert    the write lock, and the « open on a terminal » marker

Every read–modify–write of a learner's file holds ``verrous/<id>.lock`` (a
``filelock`` lock, so two terminals on one network share take turns); creating
and deleting learners also hold ``verrous/index.lock``, always taken first.
Accounts (creating, signing in, codes, presence) are in ``depot.py``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from apprendre.base.atomic import (
    FILE_MODE,
    FileIdentity,
    clean_temporaries,
    file_identity,
    make_folder,
    move_aside,
    stopped_writers,
    write_atomic,
    writer_mark,
)
from apprendre.base.files import NotARegularFile, open_regular
from apprendre.base.french import os_reason
from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import Fait, Progression, added_after, merge, merge_visits
from apprendre.storage import presence
from apprendre.storage.errors import (
    KEPT,
    LOST,
    RESTORED,
    SEE_MEDIATOR,
    ApprenantInconnu,
    DossierInutilisable,
    FichierAbime,
    ProfilSupprime,
    StorageError,
    VerrouOccupe,
    disk_error,
)
from apprendre.storage.index import CopiesLook, Index, State
from apprendre.storage.learner_file import (
    TABLES,
    VERSION,
    Chunks,
    Illisible,
    _chunk,
    assemble,
    assemble_joined,
    file_version,
    join_blocks,
    parse,
    render_header,
    render_parts,
)
from apprendre.storage.pseudos import pseudo_key
from apprendre.storage.summary_file import forget_summaries
from apprendre.storage.summary_line import SummaryParts, last_line, summary_added, summary_parts

if TYPE_CHECKING:
    from apprendre.storage.settings import Reglages

LOCK_TIMEOUT = 2.0
"""Seconds to wait for another terminal's save (which takes milliseconds) before giving up."""
COMPARE_EVERY = 24 * 3600
"""Seconds after which the index is compared with the files in full again, and ``apprenants/``
searched for conflict copies, even if nothing seemed to come or go (a file brought by a sync tool
in the very instant of a save, a folder time only precise to the second on some disks)."""
MAIN_FILE = re.compile(r"^([0-9a-f]{12})\.toml$")
ID = re.compile(r"^[0-9a-f]{12}$")


@dataclass(frozen=True)
class _OnDisk:
    """A learner's file as this process last read or wrote it, to skip re-reading it unchanged."""

    signature: FileIdentity
    apprenant: Apprenant
    data: bytes
    parts: _Parts | None = None
    """How this process wrote it: enough to add a fact without merging and rendering all again."""


@dataclass(frozen=True)
class _Parts:
    header: bytes
    chunks: Chunks
    facts: dict[str, list[Fait]]
    """The facts of each table as written (a copy: the session keeps adding to its own lists)."""
    version: int
    """The file's format version, as written in ``header``."""
    summary: SummaryParts
    """The summary written at the end of the file, in pieces (``summary_line``)."""
    joined: dict[str, bytes]
    """Each table's blocks already joined (``join_blocks``): joining thousands of small blocks at
    every save cost more than the rest of it; a save joins only its new blocks."""


class LearnerStore:
    """Every learner's file of one data folder, safe against crashes and other terminals."""

    def __init__(self, dossier: Path, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.dossier = Path(dossier)
        self.apprenants_folder = self.dossier / "apprenants"
        self.aside_folder = self.dossier / "mis-de-cote"
        self.locks_folder = self.dossier / "verrous"
        writers = self.locks_folder / "ecrivains"
        try:
            for folder in (self.apprenants_folder, self.aside_folder, self.locks_folder):
                make_folder(folder)
            self.index = Index(self.dossier / "index")
            first = not writers.is_dir()  # a folder used by an older version: look once
            stopped = stopped_writers(writers)
            self._mark = writer_mark(writers)  # before this process writes anything here
        except OSError as error:
            raise DossierInutilisable(
                f"Le dossier des progressions « {self.dossier} » ne peut pas être utilisé "
                f"({os_reason(error)}). {SEE_MEDIATOR}") from None
        self._clean_leftovers(first, stopped)
        self._lock_timeout = lock_timeout
        self._locks: dict[str, FileLock] = {}
        self._on_disk: dict[str, _OnDisk] = {}
        self._reglages: Reglages | None = None
        self.clock: Callable[[], float] = time.time
        """The time for the waits after wrong codes (tests move it on)."""

    def _clean_leftovers(self, first: bool, stopped: list[Path]) -> None:
        """Remove the temporary files a crash left in the middle of a write.

        The large folders (one file per learner in each) are only searched when a writing
        process stopped without removing its mark (``base.atomic.WriterMark``), or the first
        time this folder is opened with marks: opening stays as fast among 50,000 learners as
        among 10. The data folder itself, small, is always looked at (the settings may be
        written by a command that leaves no mark)."""
        clean_temporaries(self.dossier)
        if not (first or stopped):
            return
        for folder in (self.apprenants_folder, self.index.pseudos, self.index.ids, self.locks_folder):
            clean_temporaries(folder)
        for mark in stopped:
            mark.unlink(missing_ok=True)

    @property
    def reglages(self) -> Reglages:
        if self._reglages is None:
            from apprendre.storage.settings import load_reglages

            self._reglages = load_reglages(self.dossier)
        return self._reglages

    def path(self, apprenant_id: str) -> Path:
        return self.apprenants_folder / f"{apprenant_id}.toml"

    def backup_path(self, apprenant_id: str) -> Path:
        return self.apprenants_folder / f"{apprenant_id}.secours.toml"

    def _marker(self, apprenant_id: str) -> Path:
        return self.locks_folder / f"{apprenant_id}.ouvert"

    @contextmanager
    def _locked(self, name: str) -> Iterator[None]:
        lock = self._locks.get(name)
        if lock is None:
            lock = self._locks[name] = FileLock(self.locks_folder / f"{name}.lock", mode=FILE_MODE,
                                                timeout=self._lock_timeout, poll_interval=0.002)
        try:
            self._mark.refresh()  # costs nothing but once an hour
            lock.acquire()
        except Timeout:
            raise VerrouOccupe() from None
        except OSError as error:
            raise disk_error(error) from None
        try:
            yield
        finally:
            lock.release()

    # --- Reading ------------------------------------------------------------------------

    def ids(self) -> list[str]:
        """The ids of every learner with a file here (a regular file: a named pipe or a link
        dropped in a shared folder is no learner, and is never opened)."""
        try:
            with os.scandir(self.apprenants_folder) as entries:  # the name's length first: backups are longer
                return sorted(name[:12] for e in entries if len(name := e.name) == 17 and MAIN_FILE.match(name)
                              and e.is_file(follow_symlinks=False))
        except OSError as error:
            raise disk_error(error, "ouvrir") from None

    def not_regular(self) -> list[Path]:
        """The files named as a learner's that ``ids`` leaves out (a named pipe, a link, a folder…),
        for a report to say which: never opened, never moved."""
        try:
            return sorted(Path(e.path) for e in os.scandir(self.apprenants_folder)
                          if MAIN_FILE.match(e.name) and not e.is_file(follow_symlinks=False))
        except OSError as error:
            raise disk_error(error, "ouvrir") from None

    def load(self, apprenant_id: str) -> Apprenant:
        """A learner's file, repaired from the backup if broken (FichierAbime if it can't be)."""
        apprenant, _ = self._load(apprenant_id)
        return apprenant

    def _load(self, apprenant_id: str) -> tuple[Apprenant, FichierAbime | None]:
        _check_id(apprenant_id)
        with self._locked(apprenant_id):
            apprenant, warning = self._read_repairing(apprenant_id)
        if apprenant is None:
            raise warning or ApprenantInconnu()
        return apprenant, warning

    def apprenants(self, problemes: list[tuple[str, StorageError]] | None = None) -> Iterator[Apprenant]:
        """Every learner that can be read; the others go to ``problemes`` as (id, error).

        Files are read without their lock (a file is only ever replaced whole, so
        a read sees one version) and without being kept in memory; only a broken
        one goes through the locked repair.
        """
        for apprenant_id in self.ids():
            try:
                try:
                    yield parse(self.path(apprenant_id).read_bytes())
                except FileNotFoundError:
                    continue
                except (Illisible, OSError):
                    yield self.load(apprenant_id)
            except StorageError as error:
                if problemes is not None:
                    problemes.append((apprenant_id, error))

    # --- Saving -------------------------------------------------------------------------

    def save_progression(self, apprenant_id: str, progression: Progression,
                         fiche: Apprenant) -> tuple[Progression, FichierAbime | None]:
        """Merge ``progression`` into the learner's file, under the lock; return the merged facts.

        ``fiche`` (the learner as signed in) rebuilds the file if the one on disk
        turns out broken without a good backup. ProfilSupprime if the learner's
        files were deleted meanwhile: nothing is written back.
        """
        with self._locked(apprenant_id):
            disk, warning = self._read_repairing(apprenant_id)
            if disk is None and warning is None:
                raise ProfilSupprime()
            if warning is not None:  # what was open on this terminal is all written back
                warning = FichierAbime(KEPT, warning.mis_de_cote)
            base = disk or fiche
            known = self._on_disk.get(apprenant_id)
            quick = _added(known, progression) if known is not None and disk is known.apprenant else None
            if quick is not None:
                merged, parts = quick
            else:
                merged, parts = merge(base.progression, progression), None
            self._write(base.model_copy(update={"progression": merged}), known, parts)
            presence.touch(self._marker(apprenant_id))
        return merged, warning

    def _read(self, apprenant_id: str) -> Apprenant:
        """The learner's main file (FileNotFoundError, Illisible, VersionTropRecente, OSError)."""
        try:
            file = open_regular(self.path(apprenant_id))
        except NotARegularFile:
            raise Illisible("ce n'est pas un fichier ordinaire (un tube, un périphérique…)") from None
        with file:
            stat = os.fstat(file.fileno())
            signature = file_identity(stat)
            known = self._on_disk.get(apprenant_id)
            if known is not None and known.signature == signature:
                return known.apprenant
            data = file.read()
        apprenant = parse(data)
        self._on_disk[apprenant_id] = _OnDisk(signature, apprenant, data)
        return apprenant

    def _read_repairing(self, apprenant_id: str) -> tuple[Apprenant | None, FichierAbime | None]:
        """Read the main file; if broken, set it aside and fall back on the backup (lock held).

        Returns (None, None) when the learner has no file at all, (None, warning)
        when neither copy could be read.
        """
        aside: list[Path] = []
        try:
            try:
                return self._read(apprenant_id), None
            except FileNotFoundError:
                pass
            except Illisible:
                self._on_disk.pop(apprenant_id, None)
                aside.append(move_aside(self.path(apprenant_id), self.aside_folder, apprenant_id, "abime"))
            backup = self.backup_path(apprenant_id)
            try:
                with open_regular(backup) as file:
                    data = file.read()
                apprenant = parse(data)
            except NotARegularFile:
                aside.append(move_aside(backup, self.aside_folder, apprenant_id, "secours-abime"))
                return None, FichierAbime(LOST, aside)
            except FileNotFoundError:
                return None, FichierAbime(LOST, aside) if aside else None
            except Illisible:
                aside.append(move_aside(backup, self.aside_folder, apprenant_id, "secours-abime"))
                return None, FichierAbime(LOST, aside)
            write_atomic(self.path(apprenant_id), data)
            self._read(apprenant_id)
            return apprenant, FichierAbime(RESTORED, aside) if aside else None
        except OSError as error:
            raise disk_error(error, "ouvrir") from None

    def _write(self, apprenant: Apprenant, previous: _OnDisk | None, parts: _Parts | None = None) -> None:
        """Write the learner's file (lock held); the version it replaces becomes the backup (a second
        name for the old file, made by ``write_atomic``: no bytes written twice).

        ``parts``: the file already in parts (``_added``), else it is rendered whole."""
        if parts is None:
            header, chunks = render_parts(apprenant)
            body = assemble(header, chunks)
            parts = _Parts(header, chunks, {table: list(getattr(apprenant.progression, table)) for table in FACTS},
                           file_version(apprenant), summary_parts(apprenant, body),
                           {table: join_blocks(chunks[table]) for table in TABLES})
            data = b"%s\n%s" % (body, last_line(parts.summary, apprenant, header, chunks["visites"]))
        else:  # the summary line joins the rest: the file is put together once
            data = assemble_joined(parts.header, parts.joined,
                                   last_line(parts.summary, apprenant, parts.header, parts.chunks["visites"]))
        if previous is not None and previous.data == data:
            if previous.parts is None:
                self._on_disk[apprenant.id] = _OnDisk(previous.signature, previous.apprenant, data, parts)
            return
        path = self.path(apprenant.id)
        with self._keeping_index_complete():  # this write adds no unindexed file (a new learner is indexed first)
            try:
                write_atomic(path, data, previous_to=self.backup_path(apprenant.id) if previous is not None else None)
                stat = path.stat()
            except OSError as error:
                raise disk_error(error) from None
        signature = file_identity(stat)
        self._on_disk[apprenant.id] = _OnDisk(signature, apprenant, data, parts)

    def _folders_state(self) -> State:
        """What changes when a learner's file, a damaged copy or an index entry comes or goes: the
        folders' modification times, and their change times (which no restore can set back)."""
        state: list[int] = []
        for folder in (self.apprenants_folder, self.aside_folder, self.index.ids, self.index.pseudos):
            stat = os.stat(folder)
            state += (stat.st_mtime_ns, stat.st_ctime_ns)
        return tuple(state)

    def _index_current(self) -> bool:
        """Whether no file came or went since the index was last known complete, but through
        apprendre (on any terminal: see ``index.py``), and it was compared in full within a day."""
        try:
            recorded = self.index.recorded()
            return (recorded is not None and recorded[0] == self._folders_state()
                    and 0 <= self.clock() - recorded[1] < COMPARE_EVERY)
        except OSError:
            return False

    @contextmanager
    def _keeping_index_complete(self) -> Iterator[None]:
        """Around a change that leaves the index complete (a save, a new learner indexed before
        their file is written, an erasure, a conflict copy set aside): if it was known complete
        before, it still is after, for every terminal. The same for the last search for conflict
        copies (``index/copies``): such a change brings none into ``apprenants/``."""
        try:
            before = self._folders_state()
            recorded = self.index.recorded()
            look = self.index.copies_looked()
        except OSError:
            before, recorded, look = None, None, None
        complete = recorded is not None and recorded[0] == before
        looked = look is not None and before is not None and look.state == before[:2]
        yield
        if not (complete or looked):
            return
        try:
            after = self._folders_state()
            if complete and recorded is not None:
                self.index.record(after, recorded[1])
            if looked and look is not None:
                self.index.record_copies(replace(look, state=(after[0], after[1])))
        except OSError:
            pass  # then the next look-up compares, the next sign-in searches: slower, never wrong

    def _apprenants_state(self) -> tuple[int, int]:
        """``apprenants/``'s part of ``_folders_state``. Raises OSError."""
        stat = os.stat(self.apprenants_folder)
        return stat.st_mtime_ns, stat.st_ctime_ns

    def copies_known(self, ids: Collection[str]) -> bool:
        """Whether no conflict copy of these learners can be in ``apprenants/``, without listing it:
        nothing but apprendre changed the folder since it was last searched (on any terminal: see
        ``index.py``), none of theirs was left then, and that search is less than a day old."""
        try:
            look = self.index.copies_looked()
            return (look is not None and look.left.isdisjoint(ids) and look.state == self._apprenants_state()
                    and 0 <= self.clock() - look.looked < COMPARE_EVERY)
        except OSError:
            return False

    def looking_for_copies(self) -> tuple[tuple[int, int], float] | None:
        """The folder's state and the time, just before ``apprenants/`` is listed for conflict
        copies (None if it can't be known: then nothing is recorded)."""
        try:
            return self._apprenants_state(), self.clock()
        except OSError:
            return None

    def copies_found(self, start: tuple[tuple[int, int], float] | None, left: Collection[str],
                     still: bool = False) -> None:
        """Record a search for conflict copies begun at ``start`` (``looking_for_copies``): the
        learners whose copies are left in the folder. ``still``: only if the record is still that
        search's, the folder changed since by apprendre only (after merging some copies)."""
        if start is None:
            return
        state, moment = start
        try:
            if still:
                look = self.index.copies_looked()
                if look is None or abs(look.looked - moment) > 1e-6 or look.state != self._apprenants_state():
                    return
                state = look.state
            self.index.record_copies(CopiesLook(state, moment, frozenset(left)))
        except OSError:
            pass  # then the next sign-in searches again

    def _separate_backup(self, apprenant_id: str) -> None:
        """If the backup is the main file itself (a hard link left by an older version), copy it apart."""
        main, backup = self.path(apprenant_id), self.backup_path(apprenant_id)
        try:
            if os.path.samefile(main, backup):
                write_atomic(backup, main.read_bytes(), durable=False)
        except OSError:
            pass  # no backup yet, or no main file: nothing shared

    def absorb(self, copie: Apprenant) -> None:
        """Merge another copy of a learner's file (a sync conflict copy) into their file.

        The file's own pseudonym and code win; the facts are united. If the
        learner has no file here, the copy becomes it.
        """
        _check_id(copie.id)
        with self._locked("index"), self._locked(copie.id):
            disk, _ = self._read_repairing(copie.id)
            base = disk or copie
            merged = merge(base.progression, copie.progression)
            try:
                with self._keeping_index_complete():
                    self.index.add(pseudo_key(base.pseudo), copie.id)  # first, as for a new learner: a crash
                    # then leaves a harmless stale entry, never a file the index says it has but has not
                    self._write(base.model_copy(update={"progression": merged}),
                                self._on_disk.get(copie.id) if disk else None)
            except OSError as error:
                raise disk_error(error) from None

    # --- For « Mes données », the mediator and erasing ---------------------------------

    def copies(self, apprenant_id: str) -> list[Path]:
        """Every file holding this learner's data: main file, backup, set-aside and conflict copies."""
        _check_id(apprenant_id)
        found = []
        for folder in (self.apprenants_folder, self.aside_folder):
            for entry in os.scandir(folder):
                if entry.name.lstrip(".").startswith(apprenant_id):
                    found.append(Path(entry.path))
        return sorted(found)

    def erase(self, apprenant_id: str) -> None:
        """Erase a learner completely (RGPD): every copy of their file, their index entry,
        their markers and their line in the summaries. The one erasure, whatever the caller."""
        _check_id(apprenant_id)
        try:
            with self._locked("index"), self._locked(apprenant_id), self._keeping_index_complete():
                for path in self.copies(apprenant_id):
                    path.unlink(missing_ok=True)
                self._marker(apprenant_id).unlink(missing_ok=True)
                self.index.remove(apprenant_id)
                self._on_disk.pop(apprenant_id, None)
                forget_summaries(self.dossier, {apprenant_id})
            for name in (f"{apprenant_id}.lock", f"{apprenant_id}.essais", f"{apprenant_id}.essais.lock"):
                (self.locks_folder / name).unlink(missing_ok=True)
            self._locks.pop(apprenant_id, None)
        except OSError as error:
            raise disk_error(error, "supprimer") from None

    def erase_all(self, ids: list[str]) -> list[tuple[str, StorageError]]:
        """Erase several learners; returns the (id, error) of those that could not be."""
        failures = []
        for apprenant_id in ids:
            try:
                self.erase(apprenant_id)
            except StorageError as error:
                failures.append((apprenant_id, error))
        return failures


FACTS = ("pages", "reponses", "quiz")
"""The tables of facts only ever added to (a visit's state changes: they are merged each time)."""


def _added(known: _OnDisk, progression: Progression) -> tuple[Progression, _Parts] | None:
    """The merge of ``progression`` into the file this process last wrote, when it only adds facts
    after those written (the common save: a page read, an answer given). None otherwise, and then
    the file is merged and rendered whole.

    The facts written are found again as the first ones of each of ``progression``'s tables
    (the session keeps the merged lists and appends to them); only the new ones are placed
    and rendered, the blocks of the others are reused.
    """
    parts = known.parts
    if parts is None:
        return None
    tables: dict[str, list[Fait]] = {}
    chunks: Chunks = {}
    joined: dict[str, bytes] = {}
    for table in FACTS:
        written, current = parts.facts[table], getattr(progression, table)
        if current[:len(written)] != written:
            return None
        added = added_after(written, current[len(written):], table)
        if added is None:
            return None
        tables[table] = written + added
        blocks = [_chunk(table, fait) for fait in added]
        chunks[table] = parts.chunks[table] + blocks
        joined[table] = join_blocks(blocks, parts.joined[table])
    tables["visites"] = list(merge_visits(known.apprenant.progression.visites, progression.visites))
    chunks["visites"] = [_chunk("visites", visite) for visite in tables["visites"]]
    joined["visites"] = join_blocks(chunks["visites"])
    header = parts.header
    if parts.version < VERSION and any(getattr(r, "points", None) is not None or getattr(r, "sur", None) is not None
                                       for r in tables["reponses"][len(parts.facts["reponses"]):]):
        header = render_header(known.apprenant, VERSION)  # the first answer with points: version 2
    merged = Progression.model_construct(**tables)  # type: ignore[arg-type]  # facts already validated
    new = {table: tables[table][len(parts.facts[table]):] for table in FACTS}
    summary = summary_added(parts.summary, new["pages"], new["reponses"], new["quiz"],  # type: ignore[arg-type]
                            tuple(chunks[table][len(parts.chunks[table]):] for table in FACTS))  # type: ignore[arg-type]
    return merged, _Parts(header, chunks, {table: list(tables[table]) for table in FACTS},
                          VERSION if header is not parts.header else parts.version, summary, joined)


def _check_id(apprenant_id: str) -> None:
    """Ids come from our own files; anything else (a path…) is no learner."""
    if not ID.match(apprenant_id):
        raise ApprenantInconnu()
