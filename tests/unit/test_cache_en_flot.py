"""``index/resumes.jsonl`` written again as a stream (``AtomicWriter``): nothing of it held in
memory, not written at all when unchanged, the same bytes as a rebuild from scratch, and a crash
at any step of the stream leaves the old cache whole."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from faits import Learner, day

from apprendre.base import atomic
from apprendre.base.atomic import TEMP_SUFFIX, AtomicWriter, write_atomic
from apprendre.reports.summary import summarize
from apprendre.storage import Depot
from apprendre.storage import summary_cache as cache_resumes
from apprendre.storage.summary_cache import load_resumes
from apprendre.storage.summary_file import FICHIER
from apprendre.storage.summary_line import split_summary


class CoupureDeCourant(BaseException):
    """The terminal switched off: nothing after this point runs."""


def old_learner(depot: Depot, pseudo: str, minutes: int = 20, apprenant_id: str | None = None) -> Learner:
    """A learner whose file was written before the summary at its end existed (the cache is for those)."""
    learner = Learner(pseudo, apprenant_id=apprenant_id).visit(day(0), minutes).read_all_premier(day(0)).premier_quiz(4, day(0)).save(depot)
    body, summary = split_summary(depot.path(learner.id).read_bytes())
    assert summary is not None
    depot.path(learner.id).write_bytes(body)
    return learner


@pytest.fixture
def depot(depot):
    for number in range(6):
        old_learner(depot, f"Apprenant {number}", 10 + number)
    return depot


def by_id(depot: Depot) -> dict:
    return {resume.id: resume for resume in load_resumes(depot)}


def expected(depot: Depot) -> dict:
    return {resume.id: resume for resume in (summarize(apprenant) for apprenant in depot.apprenants())}


def rebuilt(depot: Depot) -> bytes:
    """The cache as a first read writes it, from scratch."""
    cache = depot.dossier / FICHIER
    kept = cache.read_bytes() if cache.exists() else None
    cache.unlink(missing_ok=True)
    list(load_resumes(depot))
    fresh = cache.read_bytes() if cache.exists() else b""
    if kept is None:
        cache.unlink(missing_ok=True)
    else:
        cache.write_bytes(kept)
    return fresh


def temporaries(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(TEMP_SUFFIX)]


def ids(depot: Depot) -> list[str]:
    return sorted(depot.ids())


def rewrite_in_place(depot: Depot, apprenant_id: str) -> None:
    """The learner's file edited (a page more): its cache line no longer fits."""
    path = depot.path(apprenant_id)
    path.write_bytes(path.read_bytes().replace(b"page = 2", b"page = 1", 1))


CHANGES = {
    "premier-change": lambda depot: rewrite_in_place(depot, ids(depot)[0]),
    "milieu-change": lambda depot: rewrite_in_place(depot, ids(depot)[3]),
    "dernier-change": lambda depot: rewrite_in_place(depot, ids(depot)[-1]),
    "un-efface": lambda depot: depot.erase(ids(depot)[2]),
    "un-parti": lambda depot: depot.path(ids(depot)[2]).unlink(),
    "dernier-parti": lambda depot: depot.path(ids(depot)[-1]).unlink(),
    "un-nouveau": lambda depot: old_learner(depot, "Nouveau"),
    "un-revenu": lambda depot: depot.sign_in("Apprenant 1", None).close(),  # his file has its summary now
    "tous-revenus": lambda depot: [depot.sign_in(f"Apprenant {n}", None).close() for n in range(6)],
    "fin-sans-retour-puis-un-nouveau": lambda depot: ((depot.dossier / FICHIER).write_bytes(
        (depot.dossier / FICHIER).read_bytes().rstrip(b"\n")), old_learner(depot, "Dernier", 5, "f" * 12)),
    "ligne-abimee": lambda depot: (depot.dossier / FICHIER).write_bytes(
        (depot.dossier / FICHIER).read_bytes().replace(b"\n", b"\n\x00abime\n", 2)),
    "autre-version": lambda depot: (depot.dossier / FICHIER).write_bytes(
        b'{"format": 1}\n' + (depot.dossier / FICHIER).read_bytes().split(b"\n", 1)[1]),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_cache_written_again_as_a_stream_is_the_one_a_rebuild_gives(change, depot):
    list(load_resumes(depot))
    CHANGES[change](depot)
    assert by_id(depot) == expected(depot)
    cache = depot.dossier / FICHIER
    written = cache.read_bytes() if cache.exists() else b""
    assert written == rebuilt(depot)
    assert not temporaries(cache.parent)
    assert by_id(depot) == expected(depot)


def test_an_unchanged_cache_is_not_written_again(depot, monkeypatch):
    list(load_resumes(depot))
    cache = depot.dossier / FICHIER
    before = cache.stat()

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("le cache a été récrit")

    monkeypatch.setattr(cache_resumes, "AtomicWriter", never)
    assert by_id(depot) == expected(depot)
    assert (cache.stat().st_ino, cache.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_disk_full_in_the_middle_of_the_stream_leaves_the_old_cache_and_no_temporary_file(depot, monkeypatch):
    list(load_resumes(depot))
    cache = depot.dossier / FICHIER
    old = cache.read_bytes()
    rewrite_in_place(depot, ids(depot)[0])
    monkeypatch.setattr(AtomicWriter, "BUFFER", 64)  # a write to the disk at each line
    real_write, calls = os.write, []

    def full(fd: int, data: Any) -> int:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(atomic.os, "write", full)
    assert by_id(depot) == expected(depot)  # the report goes on
    monkeypatch.undo()
    assert len(calls) == 3 and cache.read_bytes() == old
    assert not temporaries(cache.parent)


def test_a_reader_that_stops_early_leaves_the_old_cache_and_no_temporary_file(depot):
    list(load_resumes(depot))
    cache = depot.dossier / FICHIER
    old = cache.read_bytes()
    rewrite_in_place(depot, ids(depot)[0])
    reading = load_resumes(depot)
    next(reading)
    next(reading)
    reading.close()
    assert cache.read_bytes() == old and not temporaries(cache.parent)


STEPS = [("write", 1), ("write", 2), ("write", 4), ("replace", 1)]
"""Where the cut falls, just before: the first lines to the temporary file, lines in the middle of
the stream, the rename over the old cache."""


@pytest.mark.parametrize("step", STEPS, ids=[f"{name}-{number}" for name, number in STEPS])
def test_a_crash_at_any_step_of_the_stream_leaves_the_old_cache_whole(step, depot, monkeypatch):
    list(load_resumes(depot))
    cache = depot.dossier / FICHIER
    old = cache.read_bytes()
    rewrite_in_place(depot, ids(depot)[2])
    old_learner(depot, "Nouvelle")
    monkeypatch.setattr(AtomicWriter, "BUFFER", 64)
    name, number = step
    calls: dict[str, int] = {}
    seen: dict[str, bytes] = {}

    def wrap(real: Any, call: str) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[call] = calls.get(call, 0) + 1
            if call == name and calls[call] == number:
                seen["cache"] = cache.read_bytes()
                raise CoupureDeCourant()
            return real(*args, **kwargs)
        return wrapper

    fake = SimpleNamespace(**{key: getattr(os, key) for key in dir(os) if not key.startswith("__")})
    for call in ("write", "replace"):
        setattr(fake, call, wrap(getattr(os, call), call))
    monkeypatch.setattr(atomic, "os", fake)
    with pytest.raises(CoupureDeCourant):
        list(load_resumes(depot))
    monkeypatch.undo()
    assert seen["cache"] == old and cache.read_bytes() == old  # at the cut, and as the cut leaves it

    again = Depot(depot.dossier)  # the terminal restarts; the next report cleans up and writes it again
    assert by_id(again) == expected(again)
    assert cache.read_bytes() == rebuilt(again)
    assert not temporaries(cache.parent)


def test_a_leftover_of_a_cut_stream_is_removed_by_the_next_write(depot, monkeypatch):
    list(load_resumes(depot))
    cache = depot.dossier / FICHIER
    leftover = cache.with_name(f".{cache.name}~{atomic._safe_host()}~999999999~abcd{TEMP_SUFFIX}")
    leftover.write_bytes(b"a moitie")  # a process gone in the middle of the stream
    monkeypatch.setattr(atomic, "process_alive", lambda pid: False)
    rewrite_in_place(depot, ids(depot)[0])
    assert by_id(depot) == expected(depot)
    assert not leftover.exists()


def test_the_atomic_writer_by_pieces_gives_what_write_atomic_gives(tmp_path):
    pieces = [b"premiere ligne\n", b"x" * 3_000_000, b"\n", b"fin\n"]
    by_pieces, whole = tmp_path / "morceaux", tmp_path / "entier"
    by_pieces.write_bytes(b"ancien")
    with AtomicWriter(by_pieces) as out:
        for piece in pieces:
            out.write(piece)
        assert by_pieces.read_bytes() == b"ancien"  # untouched until the end
    write_atomic(whole, b"".join(pieces))
    assert by_pieces.read_bytes() == whole.read_bytes()
    assert oct(by_pieces.stat().st_mode & 0o777) == oct(whole.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(RuntimeError), AtomicWriter(by_pieces) as out:
        out.write(b"nouveau")
        raise RuntimeError("arrêt")
    assert by_pieces.read_bytes() == whole.read_bytes() and not temporaries(tmp_path)
