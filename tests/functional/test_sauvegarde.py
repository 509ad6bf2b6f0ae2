"""A save: the file and its backup, at every step a power cut could stop it.

The backup is the version before the last save, given a second name (a hard link made before
the new version replaces the file): no bytes are written twice, yet the backup is never the
file itself, not even after a cut between two steps. Checked on disk, after a simulated power
cut at each step of ``write_atomic``, by restarting on the folder as it was at that instant.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from apprendre.base import atomic
from apprendre.learning.progress import PageLue, QuizTermine, Reponse, now
from apprendre.storage import Depot, FichierAbime
from apprendre.storage.learner_file import parse, render
from apprendre.storage.pseudos import KEY_VERSION


class PowerCut(BaseException):
    """The terminal switched off: nothing after this point runs."""


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of ``folder``: (inode, bytes)."""
    return {entry.name: (entry.inode(), Path(entry.path).read_bytes()) for entry in os.scandir(folder)}


def put_back(folder: Path, state: dict[str, tuple[int, bytes]]) -> None:
    """``folder`` exactly as in ``state``, hard links included: what the disk holds after the cut."""
    for entry in os.scandir(folder):
        os.unlink(entry.path)
    first: dict[int, Path] = {}
    for name, (inode, data) in state.items():
        if inode in first:
            os.link(first[inode], folder / name)
        else:
            (folder / name).write_bytes(data)
            first[inode] = folder / name


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def as_if_this_process_died(dossier: Path) -> None:
    """Rename what this process left in ``dossier`` (temporary files, its writer's mark) as if a
    process now gone had left it: a restart after the cut."""
    mine, gone = f"~{os.getpid()}", f"~{dead_pid()}"
    for folder, _, names in os.walk(dossier):
        for name in names:
            if f"{mine}~" in name or name.endswith(mine):
                os.rename(os.path.join(folder, name), os.path.join(folder, name.replace(mine, gone, 1)))


STEPS = [("link", 1), ("fsync", 1), ("replace", 1), ("replace", 2), ("fsync", 2)]
"""Where the cut falls, just before: the backup's second name, the new version on the disk, the
new version in place, the backup in place, the folder flushed."""


def cut_at(monkeypatch: pytest.MonkeyPatch, folder: Path, step: tuple[str, int]) -> dict[str, Any]:
    """Make ``write_atomic`` stop just before ``step`` (the n-th call of that system call),
    recording the folder as it is at that instant."""
    seen: dict[str, Any] = {"calls": {}, "state": None}
    name, number = step

    def wrap(real: Any, call: str) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen["calls"][call] = seen["calls"].get(call, 0) + 1
            if call == name and seen["calls"][call] == number:
                seen["state"] = snapshot(folder)
                raise PowerCut()
            return real(*args, **kwargs)
        return wrapper

    fake = SimpleNamespace(**{key: getattr(os, key) for key in dir(os) if not key.startswith("__")})
    for call in ("link", "fsync", "replace"):
        setattr(fake, call, wrap(getattr(os, call), call))
    monkeypatch.setattr(atomic, "os", fake)
    return seen


def pages(data: bytes) -> set[int]:
    return {page.page for page in parse(data).progression.pages}


@pytest.mark.parametrize("step", STEPS, ids=[f"{name}-{number}" for name, number in STEPS])
def test_a_save_cut_at_any_step_leaves_the_file_and_a_separate_backup(tmp_path, monkeypatch, step):
    depot = Depot(tmp_path / "donnees")
    session = depot.create("Zoé", None)
    for number in (1, 2):
        session.record(PageLue(module="m", lecon="l", page=number, le=now()))
    path, backup = depot.path(session.apprenant_id), depot.backup_path(session.apprenant_id)
    before, older = path.read_bytes(), backup.read_bytes()
    assert pages(before) == {1, 2} and pages(older) == {1}
    assert path.stat().st_ino != backup.stat().st_ino

    seen = cut_at(monkeypatch, depot.apprenants_folder, step)
    with pytest.raises(PowerCut):
        session.record(PageLue(module="m", lecon="l", page=3, le=now()))
    monkeypatch.undo()
    state = seen["state"]
    assert state is not None
    main_inode, main_data = state[path.name]
    backup_inode, backup_data = state[backup.name]
    assert main_inode != backup_inode  # never one file: damage to one is not damage to the other
    assert main_data in (before,) or pages(main_data) == {1, 2, 3}
    assert backup_data in (older, before)
    assert pages(main_data) >= {1, 2}  # nothing saved before is lost

    put_back(depot.apprenants_folder, state)  # the terminal restarts on the disk as the cut left it
    as_if_this_process_died(depot.dossier)
    again = Depot(tmp_path / "donnees")
    assert not [name for name in os.listdir(again.apprenants_folder) if name.endswith(".tmp")]
    assert {page.page for page in again.load(session.apprenant_id).progression.pages} >= {1, 2}

    path.write_bytes(b"[[pages]]\n\x00")  # and then the file is damaged: the backup restores it
    restored = again.sign_in("Zoé", None, forcer=True)
    assert isinstance(restored.avertissement, FichierAbime)
    assert "copie de secours a été reprise" in str(restored.avertissement)
    assert {page.page for page in restored.progression.pages} >= {1}
    parse(path.read_bytes())
    aside = os.listdir(again.aside_folder)
    assert len(aside) == 1 and ".abime" in aside[0]


def test_each_save_keeps_the_previous_version_as_backup_without_writing_it_again(depot):
    session = depot.create("Zoé", None)
    path, backup = depot.path(session.apprenant_id), depot.backup_path(session.apprenant_id)
    for number in range(1, 6):
        before = path.read_bytes()
        inode = path.stat().st_ino
        session.record(PageLue(module="m", lecon="l", page=number, le=now()))
        assert backup.read_bytes() == before
        assert backup.stat().st_ino == inode  # the old file itself, renamed: not a copy
        assert path.stat().st_ino != inode and path.stat().st_nlink == 1
        assert pages(path.read_bytes()) == set(range(1, number + 1))
    path.write_bytes(b"\x00")  # damage to the file is not damage to the backup
    assert pages(backup.read_bytes()) == {1, 2, 3, 4}


def test_a_save_that_only_adds_facts_writes_the_same_bytes_as_a_whole_rendering(depot):
    session = depot.create("Zoé", None)
    path = depot.path(session.apprenant_id)
    facts = []
    for number in range(1, 4):
        facts.append(PageLue(module="m", lecon="l", page=number, le=now()))
        facts.append(Reponse(module="m", question=f"q{number}", juste=True, donnee=("oui",), tentative="t1", le=now()))
    facts.append(QuizTermine(module="m", tentative="t1", le=now()))
    facts.append(Reponse(module="m", question="q9", juste=False, points=1, sur=2, donnee=("a", "b"),
                         tentative="t2", le=now()))  # the first answer with points: the version changes
    facts.append(PageLue(module="autre", lecon="l", page=1, le=now()))
    for fait in facts:
        session.record(fait)
        data = path.read_bytes()
        assert data == render(parse(data))  # the blocks kept from save to save, joined right
    apprenant = parse(path.read_bytes())
    assert (len(apprenant.progression.pages), len(apprenant.progression.reponses), len(apprenant.progression.quiz),
            len(apprenant.progression.visites)) == (4, 4, 1, 1)
    assert b"version = 2" in path.read_bytes()


def test_without_hard_links_the_backup_is_a_copy(depot, monkeypatch):
    session = depot.create("Zoé", None)
    session.record(PageLue(module="m", lecon="l", page=1, le=now()))
    path, backup = depot.path(session.apprenant_id), depot.backup_path(session.apprenant_id)
    before = path.read_bytes()

    def no_links(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(1, "Operation not permitted")  # a FAT USB stick, some network shares

    monkeypatch.setattr(atomic.os, "link", no_links)
    session.record(PageLue(module="m", lecon="l", page=2, le=now()))
    monkeypatch.undo()
    assert backup.read_bytes() == before and not os.path.samefile(path, backup)
    assert pages(path.read_bytes()) == {1, 2}
    assert not [name for name in os.listdir(depot.apprenants_folder) if name.endswith(".tmp")]


# --- Opening the data folder: leftovers are looked for only after a crash -------------------------

CRASHING_WRITER = """
import os, sys
from pathlib import Path
from apprendre.base import atomic
from apprendre.learning.progress import PageLue, QuizTermine, Reponse, now
from apprendre.storage import Depot

session = Depot(Path(sys.argv[1])).create("Zoé", None)
if sys.argv[2] == "plantage":
    atomic.os.fsync = lambda fd: os._exit(1)  # the power cut, in the middle of the next save
    session.record(PageLue(module="m", lecon="l", page=1, le=now()))
session.close()
"""


def run_writer(dossier: Path, how: str) -> int:
    process = subprocess.run([sys.executable, "-c", CRASHING_WRITER, str(dossier), how], check=False)
    return process.returncode


def temporaries(dossier: Path) -> list[str]:
    return sorted(name for _, _, names in os.walk(dossier) for name in names if name.endswith(".tmp"))


def test_a_writer_that_crashed_leaves_its_mark_and_its_leftovers_go_at_the_next_opening(tmp_path):
    dossier = tmp_path / "donnees"
    assert run_writer(dossier, "plantage") == 1
    marks = os.listdir(dossier / "verrous" / "ecrivains")
    assert len(marks) == 1 and marks[0].startswith(f"{atomic._safe_host()}~")
    left = temporaries(dossier)
    assert left and all(marks[0] in name for name in left)

    depot = Depot(dossier)
    assert temporaries(dossier) == []
    assert os.listdir(dossier / "verrous" / "ecrivains") == [depot._mark.path.name]  # only this process's
    assert depot.load(depot.find("Zoé") or "").pseudo == "Zoé"  # the file itself is whole


def test_a_writer_that_ends_normally_removes_its_mark(tmp_path):
    dossier = tmp_path / "donnees"
    assert run_writer(dossier, "normal") == 0
    assert os.listdir(dossier / "verrous" / "ecrivains") == []


def test_without_a_crashed_writer_opening_lists_no_large_folder(tmp_path, monkeypatch):
    dossier = tmp_path / "donnees"
    first = Depot(dossier)
    for number in range(3):
        first.create(f"Apprenant {number}", None).close()
    listed = []
    real = os.scandir

    def spy(path: Any = ".") -> Any:
        listed.append(Path(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", spy)
    monkeypatch.setattr(os, "listdir", lambda path=".": listed.append(Path(path)) or [])
    depot = Depot(dossier)
    monkeypatch.undo()
    large = {depot.apprenants_folder, depot.index.pseudos, depot.index.ids, depot.locks_folder}
    assert not large & set(listed)
    assert dossier / "verrous" / "ecrivains" in listed  # a few marks, one per process


def test_a_folder_used_by_an_older_version_is_searched_once(tmp_path):
    dossier = tmp_path / "donnees"
    Depot(dossier).create("Zoé", None).close()
    shutil.rmtree(dossier / "verrous" / "ecrivains")  # what an older version leaves: no marks at all
    leftover = dossier / "apprenants" / f".abc.toml~{atomic._safe_host()}~{dead_pid()}~00000000.tmp"
    leftover.write_text("x")
    Depot(dossier)
    assert not leftover.exists()


def test_another_terminals_mark_counts_as_a_crash_after_a_day_without_a_write(tmp_path):
    dossier = tmp_path / "donnees"
    Depot(dossier)
    mark = dossier / "verrous" / "ecrivains" / "accueil-2~4242"
    mark.touch()
    leftover = dossier / "index" / f"pseudos-v{KEY_VERSION}" / ".abc~accueil-2~4242~00000000.tmp"
    leftover.write_text("x")
    old = time.time() - atomic.STALE_TEMP_SECONDS - 10
    os.utime(leftover, (old, old))
    Depot(dossier)
    assert leftover.exists() and mark.exists()  # accueil-2 may be running: nothing searched
    older = time.time() - atomic.MARK_STALE_SECONDS - 10
    os.utime(mark, (older, older))
    Depot(dossier)
    assert not leftover.exists() and not mark.exists()


def test_a_mark_taken_away_comes_back_at_the_next_save_an_hour_later(depot, monkeypatch):
    session = depot.create("Zoé", None)
    depot._mark.path.unlink()  # another terminal took it for a crash's
    session.record(PageLue(module="m", lecon="l", page=1, le=now()))
    assert not depot._mark.path.exists()  # refreshed at most once an hour: nothing to pay per save
    later = time.monotonic() + atomic.MARK_REFRESH_SECONDS + 1
    monkeypatch.setattr(atomic.time, "monotonic", lambda: later)
    session.record(PageLue(module="m", lecon="l", page=2, le=now()))
    assert depot._mark.path.exists()


def test_a_folder_where_no_mark_can_be_made_still_opens_and_the_mark_comes_with_the_first_write(
        tmp_path, monkeypatch):
    dossier = tmp_path / "donnees"
    first = Depot(dossier)
    session = first.create("Zoé", None)
    session.close()
    mark = first._mark.path
    mark.unlink()
    real = atomic.WriterMark.refresh

    def read_only(self: atomic.WriterMark, now: bool = False) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(atomic.WriterMark, "refresh", read_only)
    reader = Depot(dossier)  # the report on a copy on a read-only disk: no mark, no error
    assert [apprenant.pseudo for apprenant in reader.apprenants()] == ["Zoé"]
    assert not mark.exists()
    monkeypatch.setattr(atomic.WriterMark, "refresh", real)
    Depot(dossier).sign_in("Zoé", None).record(PageLue(module="m", lecon="l", page=1, le=now()))
    assert mark.exists()
