"""Nothing lost: broken files, a full or read-only disk, locks, crashes, concurrent terminals."""

from __future__ import annotations

import errno
import multiprocessing
import os
import random
import time

import pytest
from filelock import FileLock

from apprendre.base import atomic
from apprendre.learning.progress import PageLue, now
from apprendre.storage import (
    Depot,
    DisqueError,
    FichierAbime,
    StorageError,
    VerrouOccupe,
    VersionTropRecente,
)
from apprendre.storage.learner_file import parse

fork = multiprocessing.get_context("fork")


def page(number: int, module: str = "la-souris") -> PageLue:
    return PageLue(module=module, lecon="01-la-souris", page=number, le=now())


def learner_with_backup(depot: Depot, pages: int = 3) -> str:
    """A learner whose file has been saved several times, so that a backup exists."""
    session = depot.create("Zoé", None)
    for number in range(1, pages + 1):
        session.record(page(number))
    session.close()
    assert depot.backup_path(session.apprenant_id).exists()
    return session.apprenant_id


BROKEN = {
    "tronqué": lambda good: good[: len(good) // 2],
    "vide": lambda good: b"",
    "pas du TOML": lambda good: b"Ceci n'est pas du TOML [[[\n",
    "pas de l'UTF-8": lambda good: good.replace("Zoé".encode(), "Zoé".encode("latin-1")),
    "sans version": lambda good: good.replace(b"version = 1\n", b""),
    "version en texte": lambda good: good.replace(b"version = 1", b'version = "1"'),
    "clé inconnue": lambda good: good + b'\nnom_complet = "Martin"\n',
    "page négative": lambda good: good.replace(b"page = 1\n", b"page = -1\n"),
    "date sans fuseau": lambda good: good.replace(b"+00:00", b"", 1),
    "id modifié": lambda good: good.replace(b'id = "', b'id = "../', 1),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_file_is_set_aside_and_the_backup_used(kind, depot):
    apprenant_id = learner_with_backup(depot)
    other = depot.create("Karim", None)
    other.record(page(1))
    other.close()
    path = depot.path(apprenant_id)
    broken = BROKEN[kind](path.read_bytes())
    path.write_bytes(broken)

    session = Depot(depot.dossier).sign_in("Zoé", None)

    assert isinstance(session.avertissement, FichierAbime)
    assert "médiateur" in str(session.avertissement) and "mis de côté" in str(session.avertissement)
    aside = list(depot.aside_folder.iterdir())
    assert [p.read_bytes() for p in aside] == [broken]
    assert aside[0].name.startswith(f"{apprenant_id}.") and ".abime" in aside[0].name
    assert len(session.progression.pages) >= 2  # the backup is one save behind
    parse(path.read_bytes())  # a good file again
    assert Depot(depot.dossier).sign_in("Karim", None).progression.pages == other.progression.pages


@pytest.mark.parametrize("kind", ["tronqué", "pas de l'UTF-8", "clé inconnue"])
def test_without_a_good_backup_the_learner_is_told_to_see_a_mediator(kind, depot):
    apprenant_id = learner_with_backup(depot)
    good = depot.path(apprenant_id).read_bytes()
    depot.path(apprenant_id).write_bytes(BROKEN[kind](good))
    depot.backup_path(apprenant_id).write_bytes(b"\x00\x01")
    with pytest.raises(FichierAbime, match="médiateur") as error:
        Depot(depot.dossier).sign_in("Zoé", None)
    assert len(error.value.mis_de_cote) == 2
    assert {p.name.split(".")[2] for p in error.value.mis_de_cote} == {"abime", "secours-abime"}
    assert depot.ids() == []


def test_a_file_broken_during_a_session_is_rebuilt_from_memory(depot):
    session = depot.create("Zoé", None)
    session.record(page(1))
    depot.path(session.apprenant_id).write_bytes(b"\xff\xfe")
    depot.backup_path(session.apprenant_id).unlink()
    with pytest.raises(FichierAbime, match="rien de cette visite n'est perdu"):
        session.record(page(2))
    on_disk = parse(depot.path(session.apprenant_id).read_bytes())
    assert len(on_disk.progression.pages) == 2 and on_disk.pseudo == "Zoé"
    session.record(page(3))  # and it goes on normally


def test_set_aside_files_are_never_overwritten(tmp_path):
    folder = tmp_path / "mis-de-cote"
    names = set()
    for content in (b"un", b"deux", b"trois"):
        source = tmp_path / "x.toml"
        source.write_bytes(content)
        names.add(atomic.move_aside(source, folder, "abc", "abime").name)
    assert len(names) == 3
    assert sorted(p.read_bytes() for p in folder.iterdir()) == [b"deux", b"trois", b"un"]


def test_a_file_from_a_newer_version_is_left_untouched(depot):
    apprenant_id = learner_with_backup(depot)
    path = depot.path(apprenant_id)
    newer = path.read_bytes().replace(b"version = 1", b"version = 99")
    path.write_bytes(newer)
    with pytest.raises(VersionTropRecente, match="mis à jour"):
        Depot(depot.dossier).sign_in("Zoé", None)
    assert path.read_bytes() == newer and list(depot.aside_folder.iterdir()) == []


# --- The disk refuses ----------------------------------------------------------------------

def refuse(number: int):
    def write(*args):
        raise OSError(number, os.strerror(number))
    return write


@pytest.mark.parametrize("number, words", [
    (errno.ENOSPC, "Le disque est plein"),
    (errno.EROFS, "lecture seule"),
    (errno.EACCES, "pas le droit"),
    (errno.EIO, "Le disque a refusé"),
])
def test_a_refused_write_keeps_the_fact_in_memory_and_the_old_file_intact(number, words, depot, monkeypatch):
    session = depot.create("Zoé", None)
    session.record(page(1))
    before = depot.path(session.apprenant_id).read_bytes()
    with monkeypatch.context() as patch, pytest.raises(DisqueError, match=words) as error:
        patch.setattr(atomic, "_write_all", refuse(number))
        session.record(page(2))
    assert "pas perdu" in str(error.value) and "médiateur" in str(error.value)
    assert session.a_enregistrer and len(session.progression.pages) == 2
    assert depot.path(session.apprenant_id).read_bytes() == before
    assert [p.name for p in depot.apprenants_folder.iterdir() if p.name.endswith(".tmp")] == []
    session.record(page(3))
    assert len(depot.load(session.apprenant_id).progression.pages) == 3


def test_a_failing_fsync_is_a_refused_write(depot, monkeypatch):
    session = depot.create("Zoé", None)
    with monkeypatch.context() as patch, pytest.raises(DisqueError, match="plein"):
        patch.setattr(atomic.os, "fsync", refuse(errno.ENOSPC))
        session.record(page(1))
    session.record(page(2))
    assert len(depot.load(session.apprenant_id).progression.pages) == 2


def test_creating_on_a_full_disk_creates_nothing(depot, monkeypatch):
    with monkeypatch.context() as patch, pytest.raises(DisqueError, match="Juste essayer"):
        patch.setattr(atomic, "_write_all", refuse(errno.ENOSPC))
        depot.create("Zoé", None)
    assert depot.find("Zoé") is None and depot.ids() == []
    depot.create("Zoé", None)


# --- Locks ---------------------------------------------------------------------------------

def _hold_lock(lock_path, held, release):
    with FileLock(lock_path):
        held.set()
        release.wait(10)


def test_a_lock_held_too_long_by_another_terminal_loses_nothing(tmp_path):
    depot = Depot(tmp_path / "donnees", lock_timeout=0.2)
    session = depot.create("Zoé", None)
    held, release = fork.Event(), fork.Event()
    holder = fork.Process(target=_hold_lock, args=(depot.locks_folder / f"{session.apprenant_id}.lock",
                                                   held, release))
    holder.start()
    try:
        assert held.wait(5)
        with pytest.raises(VerrouOccupe, match="gardée en mémoire"):
            session.record(page(1))
    finally:
        release.set()
        holder.join(5)
    session.record(page(2))
    assert len(depot.load(session.apprenant_id).progression.pages) == 2


def test_a_lock_whose_holder_was_killed_is_free(tmp_path):
    depot = Depot(tmp_path / "donnees", lock_timeout=1)
    session = depot.create("Zoé", None)
    held, release = fork.Event(), fork.Event()
    lock_path = depot.locks_folder / f"{session.apprenant_id}.lock"
    holder = fork.Process(target=_hold_lock, args=(lock_path, held, release))
    holder.start()
    assert held.wait(5)
    holder.kill()
    holder.join(5)
    lock_path.write_text("restes d'un autre poste")  # a stale lock file, whatever it holds
    session.record(page(1))
    assert len(depot.load(session.apprenant_id).progression.pages) == 1


# --- Crash leftovers -----------------------------------------------------------------------

def test_temporary_files_of_crashed_writers_are_cleaned_but_not_a_write_in_progress(depot):
    folder = depot.apprenants_folder
    dead_pid = fork.Process(target=int)
    dead_pid.start()
    dead_pid.join()
    host = atomic._safe_host()
    crashed_here = folder / f".abc.toml~{host}~{dead_pid.pid}~00000000.tmp"
    writing_here = folder / f".abc.toml~{host}~{os.getpid()}~00000001.tmp"
    writing_elsewhere = folder / ".abc.toml~autre-poste~123~00000002.tmp"
    crashed_elsewhere = folder / ".abc.toml~autre-poste~456~00000003.tmp"
    for path in (crashed_here, writing_here, writing_elsewhere, crashed_elsewhere):
        path.write_text("x")
    old = time.time() - atomic.STALE_TEMP_SECONDS - 10
    os.utime(crashed_elsewhere, (old, old))
    mark = depot.locks_folder / "ecrivains" / f"{host}~{dead_pid.pid}"
    mark.touch()  # the crashed process's mark, never removed: the folders are searched
    Depot(depot.dossier)
    assert sorted(p.name for p in folder.iterdir()) == sorted([writing_here.name, writing_elsewhere.name])
    assert not mark.exists()


def _writer(folder, acked):
    depot = Depot(folder)
    session = depot.sign_in("Zoé", None)
    number = len(session.progression.pages)
    while True:
        number += 1
        session.record(page(number))
        acked.value = number


def _wait_until(condition, timeout: float = 60.0) -> None:
    """However slow the machine (a loaded CI, ``pytest -n 4``), wait for what the test needs."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the writer never confirmed a save"
        time.sleep(0.001)


def test_a_writer_killed_at_random_moments_always_leaves_a_readable_file(tmp_path):
    seed = random.randrange(10**6)
    chance = random.Random(seed)
    depot = Depot(tmp_path / "donnees")
    session = depot.create("Zoé", None)
    session.close()
    path = depot.path(session.apprenant_id)
    acked = fork.Value("i", 0, lock=False)  # a killed writer must not die holding a lock the test then waits on
    for kill in range(30):
        before = acked.value
        writer = fork.Process(target=_writer, args=(depot.dossier, acked))
        writer.start()
        _wait_until(lambda: acked.value > before)  # killed only once it has confirmed a save
        time.sleep(chance.uniform(0, 0.05))
        writer.kill()
        writer.join()
        apprenant = parse(path.read_bytes())  # raises if the file is not whole
        saved = {p.page for p in apprenant.progression.pages}
        assert saved >= set(range(1, acked.value + 1)), f"kill {kill}, graine {seed}"
        if depot.backup_path(session.apprenant_id).exists():
            parse(depot.backup_path(session.apprenant_id).read_bytes())
        assert list(depot.aside_folder.iterdir()) == [], f"kill {kill}, graine {seed}"
    Depot(depot.dossier)  # cleans the temporary files of the killed writers
    assert [p.name for p in depot.apprenants_folder.iterdir() if p.name.endswith(".tmp")] == []


def _appender(folder, worker, count, start):
    depot = Depot(folder)
    session = depot.sign_in("Zoé", None, forcer=True)
    start.wait(10)
    for number in range(1, count + 1):
        try:
            session.record(page(number, module=f"module-{worker}"))
        except VerrouOccupe:  # a very busy machine: the fact waits in memory for the next save
            pass
    session.close()


def test_several_processes_updating_one_learner_lose_no_fact(depot):
    depot.create("Zoé", None).close()
    start = fork.Event()
    workers = [fork.Process(target=_appender, args=(depot.dossier, worker, 40, start)) for worker in range(4)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    progression = Depot(depot.dossier).sign_in("Zoé", None).progression
    for worker in range(4):
        assert len(progression.pages_read(f"module-{worker}")) == 40
    assert len(progression.visites) == 6  # creation, 4 workers, this sign-in


def test_errors_are_storage_errors():
    for error in (DisqueError("x"), VerrouOccupe(), FichierAbime("x"), VersionTropRecente()):
        assert isinstance(error, StorageError) and str(error)


def test_signing_out_waits_longer_for_a_busy_lock(depot, monkeypatch):
    session = depot.create("Zoé", None)
    session.progression.add(page(1))
    real_save, busy = depot.save_progression, iter([True, True])

    def sometimes_busy(*args):
        if next(busy, False):
            raise VerrouOccupe()
        return real_save(*args)

    monkeypatch.setattr(depot, "save_progression", sometimes_busy)
    session.close()
    assert len(depot.load(session.apprenant_id).progression.pages) == 1
    assert not depot._marker(session.apprenant_id).exists()
