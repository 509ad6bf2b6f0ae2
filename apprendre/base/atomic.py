"""Writing files so that a crash never leaves a half-written one, and setting files aside.

A file is written to a temporary file in the same folder, flushed to the disk
(fsync), renamed over the target (``os.replace``, atomic), then the folder
itself is flushed so that the rename survives a power cut. A reader therefore
sees the old file or the new one, never a mixture.

Temporary files carry the terminal's host name and process id, so that the
leftovers of a crash can be cleaned up later without touching a write that
another terminal is doing right now.
"""

from __future__ import annotations

import atexit
import os
import secrets
import socket
import sys
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType

HOST = socket.gethostname() or "poste"
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600
"""A temporary file of another terminal older than this is a crash leftover (a write takes milliseconds)."""
FILE_MODE = 0o600
SHARED_MODE = 0o644
"""A quiz, a package or a report is meant to be read by others (learners' files stay private)."""
FOLDER_MODE = 0o700


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each private (700) whatever the umask's default;
    folders that exist already are left as they are. Raises OSError."""
    missing = []
    current = Path(folder)
    while not current.is_dir() and current.parent != current:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            if not path.is_dir():
                raise


FileIdentity = tuple[int, int, int, int]


def file_identity(stat: os.stat_result) -> FileIdentity:
    """What changes whenever a file is replaced or written: even a copy of the same size and date
    (a sync tool restoring a file) gets a new inode or change time. On Windows, where a folder
    listing gives no inode, the creation time (``st_ctime`` there) tells a replaced file."""
    return 0 if os.name == "nt" else stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def write_atomic(path: Path, data: bytes, durable: bool = True, mode: int = FILE_MODE,
                 previous_to: Path | None = None) -> None:
    """Replace ``path`` by ``data`` atomically; raises OSError, leaving the old file intact.

    ``durable=False`` skips the fsyncs, for files that can be rebuilt (index,
    markers, the backup copy): still atomic, but may be lost in a power cut.
    ``mode``: private by default (learners' data); files meant to be shared pass 0o644.

    ``previous_to`` (a path in the same folder): the version being replaced is kept under that
    name, the backup. It costs no write: the old file is given a second name (a hard link,
    under a temporary name) before the new one replaces it, and that name is renamed to
    ``previous_to`` only after, so that the backup and ``path`` are never one same file, not
    even after a crash between two steps (the new version is always a new file). The old
    version was itself written durably, and the final flush of the folder makes the rename
    durable too. Where hard links are impossible (some USB sticks, some network shares), the
    old bytes are copied instead (atomically, without fsync).

    A file too large to hold in memory is written by pieces with ``AtomicWriter``, the same
    writer.
    """
    kept = _keep_previous(path, previous_to) if previous_to is not None else None
    try:
        writer = AtomicWriter(path, durable, mode)
        writer.write(data)
        writer.commit(flush_folder=False)
    except BaseException:
        if kept is not None:
            _unlink_quietly(kept)
        raise
    if kept is not None and previous_to is not None:
        try:
            os.replace(kept, previous_to)
        except OSError:
            _unlink_quietly(kept)  # the new version is written: an older backup stays
    if durable:
        fsync_folder(path.parent)


class AtomicWriter:
    """``write_atomic`` by pieces, for a file too large to hold in memory (``index/resumes.jsonl``
    at 50,000 learners): the pieces go to the temporary file as they come, ``commit`` flushes it
    to the disk (unless ``durable=False``), renames it over ``path`` and flushes the folder —
    the same temporary name, the same steps as ``write_atomic``, which is built on it. Until the
    rename, ``path`` is untouched: a crash leaves the old file whole and a temporary file that
    ``clean_temporaries`` removes later; an error, or ``abort``, removes the temporary file at
    once. As a context manager: committed at the end of the block, aborted if it raises.
    Raises OSError (the temporary file removed)."""

    BUFFER = 1 << 20
    """Pieces are gathered up to this many bytes before each write to the file."""

    def __init__(self, path: Path, durable: bool = True, mode: int = FILE_MODE) -> None:
        self.path = path
        self.durable = durable
        self.temp = _temp_path(path)
        self._pending: list[bytes] = []
        self._size = 0
        self._fd: int | None = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                                       mode)

    def write(self, data: bytes) -> None:
        if self._fd is None:
            raise ValueError("écriture terminée")
        self._pending.append(data)
        self._size += len(data)
        if self._size >= self.BUFFER:
            try:
                self._flush()
            except BaseException:
                self.abort()
                raise

    def _flush(self) -> None:
        if self._pending and self._fd is not None:
            data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
            self._pending, self._size = [], 0
            _write_all(self._fd, data)

    def commit(self, flush_folder: bool = True) -> None:
        """Put the file in place (``flush_folder=False``: the caller flushes the folder itself)."""
        if self._fd is None:
            raise ValueError("écriture terminée")
        try:
            self._flush()
            if self.durable:
                os.fsync(self._fd)
            fd, self._fd = self._fd, None
            os.close(fd)
            os.replace(self.temp, self.path)
        except BaseException:
            self.abort()
            raise
        if self.durable and flush_folder:
            fsync_folder(self.path.parent)

    def abort(self) -> None:
        """Give up: ``path`` stays as it was, the temporary file goes."""
        self._pending, self._size = [], 0
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.close(fd)
            except OSError:
                pass
        _unlink_quietly(self.temp)

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if kind is not None:
            self.abort()
        elif self._fd is not None:
            self.commit()


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}~{_safe_host()}~{os.getpid()}~{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _keep_previous(path: Path, backup: Path) -> Path | None:
    """A second name for the current ``path``, a temporary one (None if there is no ``path``).
    Without hard links, ``backup`` is written as a copy at once and None is returned."""
    kept = _temp_path(backup)
    try:
        os.link(path, kept)
        return kept
    except FileNotFoundError:
        return None
    except OSError:  # no hard links on this file system: a copy
        pass
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        return None
    write_atomic(backup, old, durable=False)
    return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames in it) to the disk; a no-op where impossible (Windows)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _safe_host() -> str:
    return HOST.replace("~", "-").replace(os.sep, "-")


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


# --- Crash leftovers -------------------------------------------------------------------------

def clean_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files that no write will ever finish; return them.

    One of this host's is abandoned when its process is gone; another terminal's
    only when it is older than STALE_TEMP_SECONDS.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        names = os.listdir(folder)  # names only: a folder of 100,000 files lists in a third of the time
    except OSError:
        return removed
    for name in names:
        if not (name[:1] == "." and name.endswith(TEMP_SUFFIX) and "~" in name):
            continue
        path = Path(folder) / name
        if _abandoned(path, now):
            _unlink_quietly(path)
            removed.append(path)
    return removed


def _abandoned(path: Path, now: float) -> bool:
    parts = path.name[: -len(TEMP_SUFFIX)].rsplit("~", 3)
    if len(parts) == 4 and parts[1] == _safe_host() and parts[2].isdigit():
        pid = int(parts[2])
        if pid != os.getpid() and not process_alive(pid):
            return True
    try:
        return now - os.lstat(path).st_mtime > STALE_TEMP_SECONDS
    except OSError:
        return False


# --- Writers' marks: looking for leftovers only after a crash ---------------------------------

MARK_STALE_SECONDS = 24 * 3600
"""A mark whose process can't be checked (another terminal, Windows) and not refreshed for this
long is a crash's: a writing process refreshes its own at most every MARK_REFRESH_SECONDS."""
MARK_REFRESH_SECONDS = 3600


class WriterMark:
    """« This process may be writing in this data folder »: an empty file ``<host>~<pid>`` in
    ``folder``, made before the process's first write, refreshed while it writes, removed when it
    ends normally. A mark left behind is how a crash is found: only then are the large folders
    searched for the temporary files an interrupted write left (``stopped_writers``).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pid = os.getpid()
        self.path = folder / f"{_safe_host()}~{self.pid}"
        self._refreshed = float("-inf")

    def refresh(self, now: bool = False) -> None:
        """Make sure the mark is there (another terminal may have taken it for a crash's after a
        day without a write), at most once every MARK_REFRESH_SECONDS unless ``now``. Raises OSError."""
        moment = time.monotonic()
        if not now and moment - self._refreshed < MARK_REFRESH_SECONDS:
            return
        try:
            os.utime(self.path)
        except FileNotFoundError:
            make_folder(self.folder)
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
        self._refreshed = moment

    def remove(self) -> None:
        if os.getpid() == self.pid:  # not a forked child's: the parent goes on writing
            _unlink_quietly(self.path)


_MARKS: dict[Path, WriterMark] = {}


def writer_mark(folder: Path) -> WriterMark:
    """This process's mark in ``folder`` (one per process, however many times the folder is opened),
    made now if it can be (else at the next ``refresh``: a folder only read, never written, needs
    none) and removed at the process's normal end."""
    mark = _MARKS.get(folder)
    if mark is None or mark.pid != os.getpid():
        if not _MARKS:
            atexit.register(_remove_marks)
        mark = _MARKS[folder] = WriterMark(folder)
    try:
        mark.refresh(now=True)
    except OSError:
        pass  # a read-only folder: each write tries again first, and fails anyway if it still is
    return mark


def _remove_marks() -> None:
    for mark in _MARKS.values():
        mark.remove()


def stopped_writers(folder: Path, now: float | None = None) -> list[Path]:
    """The marks in ``folder`` of processes that ended without removing theirs (a crash, a power
    cut, a process killed): one of this host whose process is gone; any other one not refreshed
    for MARK_STALE_SECONDS."""
    now = time.time() if now is None else now
    stopped: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return stopped
    for entry in entries:
        host, _, pid = entry.name.rpartition("~")
        if not host or not pid.isdigit() or int(pid) == os.getpid() and host == _safe_host():
            continue
        if host == _safe_host() and sys.platform != "win32":
            if not process_alive(int(pid)):
                stopped.append(Path(entry.path))
            continue
        try:
            if now - entry.stat().st_mtime > MARK_STALE_SECONDS:
                stopped.append(Path(entry.path))
        except OSError:
            continue
    return stopped


def process_alive(pid: int) -> bool:
    """Whether a process of this host is running (assumed yes where we can't tell)."""
    if sys.platform == "win32":  # os.kill would terminate it there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# --- Setting aside ---------------------------------------------------------------------------

def move_aside(path: Path, folder: Path, stem: str, reason: str) -> Path:
    """Move ``path`` into ``folder`` under a dated name; never overwrites anything there.

    The name is ``<stem>.<date>.<reason><suffixes of path>``, plus ``-2``, ``-3``…
    if another file (maybe moved by another terminal the same second) has it.
    """
    make_folder(folder)
    date = datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    suffix = path.suffix if path.suffix in (".toml", ".bak") else ""
    for number in range(1, 1000):
        extra = "" if number == 1 else f"-{number}"
        target = folder / f"{stem}.{date}.{reason}{extra}{suffix}"
        try:
            os.link(path, target)  # fails if target exists: no overwrite, even in a race
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system
            if target.exists():
                continue
            os.replace(path, target)
            return target
        path.unlink()
        return target
    raise FileExistsError(folder / stem)
