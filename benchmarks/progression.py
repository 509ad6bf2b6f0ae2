"""Benchmark: saving a learner's progress, and finding a learner among many.

Prints:

1. the median time of one save (``FileSession.record``: lock, merge with the
   file on disk, atomic write with fsync, backup), for a new learner, a learner
   who did a lot (≈ 250 facts: five modules, two quiz attempts each), and a very
   busy one (≈ 1,000 facts); target: 5 ms at most for the typical learner;
2. the median time to find a learner by pseudonym (``Depot.find``) among 10,000
   learner files, as a ratio to the same among 10 (target: 1.2 at most), and
   the same for finding and reading the learner's file (what « Je reviens » does
   before checking the code);
3. for information: rebuilding the index of 10,000 files from scratch, and a
   look-up of an unknown pseudonym (which compares the folder with the index).

Everything happens in a temporary folder. Run: ``python benchmarks/progression.py``
(``--apprenants N`` changes the 10,000).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import (
    PageLue,
    Progression,
    QuizTermine,
    Reponse,
    Visite,
    now,
)
from apprendre.storage import Depot
from apprendre.storage.learner_file import render


def busy_progression(modules: int) -> Progression:
    """What a learner leaves after ``modules`` modules: 20 pages, two 12-question attempts each."""
    progression = Progression()
    moment = now()
    for m in range(modules):
        module = f"module-{m}"
        for number in range(1, 21):
            progression.add(PageLue(module=module, lecon=f"lecon-{number // 5}", page=number % 5 + 1, le=moment))
        for attempt in range(2):
            tentative = f"{module}-{attempt}"
            for q in range(12):
                progression.add(Reponse(module=module, question=f"q{q}", juste=q % 3 > 0,
                                        donnee=("une réponse",), tentative=tentative, le=moment))
            progression.add(QuizTermine(module=module, tentative=tentative, le=moment))
        progression.add(Visite(id=f"visite{m:06d}", debut=moment, fin=moment))
    return progression


def count(progression: Progression) -> int:
    return sum(len(getattr(progression, table)) for table in ("pages", "reponses", "quiz", "visites"))


def median_save(folder: Path, modules: int, saves: int = 200) -> tuple[int, float]:
    depot = Depot(folder)
    session = depot.create(f"Apprenant {modules}", None)
    busy = busy_progression(modules)
    for fait in (*busy.pages, *busy.reponses, *busy.quiz):
        session.progression.add(fait)
    session.save()
    facts = count(session.progression)
    times = []
    for number in range(saves):
        fait = PageLue(module="mesure", lecon="lecon", page=number + 1, le=now())
        start = time.perf_counter()
        session.record(fait)
        times.append(time.perf_counter() - start)
    session.close()
    return facts, statistics.median(times)


def populate(folder: Path, learners: int) -> list[str]:
    """``learners`` learner files of a few facts each, written directly (no fsync: it is setup)."""
    depot = Depot(folder)
    pseudos = [f"Apprenant n°{n}" for n in range(learners)]
    progression = busy_progression(1)
    for n, pseudo in enumerate(pseudos):
        apprenant = Apprenant(id=f"{n:012x}", pseudo=pseudo, cree_le=now(), progression=progression)
        depot.path(apprenant.id).write_bytes(render(apprenant))
    return pseudos


def median_lookups(depots: dict[int, Depot], pseudos: dict[int, list[str]], rounds: int,
                   read: bool) -> dict[int, float]:
    """Median look-up time per folder size, sizes interleaved so that machine noise hits both alike."""
    times: dict[int, list[float]] = {size: [] for size in depots}
    chance = random.Random(1)
    for _ in range(rounds):
        for size, depot in depots.items():
            pseudo = chance.choice(pseudos[size])
            start = time.perf_counter()
            found = depot.find(pseudo)
            if read:
                depot._on_disk.clear()  # a sign-in on another terminal: nothing cached
                depot.load(found)
            times[size].append(time.perf_counter() - start)
            assert found is not None
    return {size: statistics.median(values) for size, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apprenants", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        print("1. Une sauvegarde (verrou, fusion, écriture atomique avec fsync, copie de secours) :")
        for modules in (0, 5, 20):
            facts, median = median_save(root / f"sauvegarde-{modules}", modules)
            print(f"   {facts:5d} fait{'s' if facts > 1 else ' '} au départ, 200 sauvegardes : "
                  f"médiane {median * 1000:.2f} ms")

        sizes = (10, args.apprenants)
        pseudos = {size: populate(root / f"recherche-{size}", size) for size in sizes}
        depots = {size: Depot(root / f"recherche-{size}") for size in sizes}
        start = time.perf_counter()
        for depot in depots.values():
            depot.refresh_index()
        rebuild = time.perf_counter() - start

        print("2. Trouver un apprenant par son pseudo :")
        for read, label in ((False, "index seul (Depot.find)"), (True, "et lire son fichier")):
            medians = median_lookups(depots, pseudos, rounds=2000, read=read)
            small, large = medians[sizes[0]], medians[sizes[1]]
            print(f"   {label} : {small * 1e6:.0f} µs parmi {sizes[0]}, {large * 1e6:.0f} µs parmi "
                  f"{sizes[1]}, rapport {large / small:.2f}")

        print("3. Pour information :")
        print(f"   reconstruire l'index de {sizes[0] + sizes[1]} fichiers : {rebuild:.1f} s")
        start = time.perf_counter()
        assert depots[sizes[1]].find("Personne de connu") is None
        print(f"   chercher un pseudo inconnu parmi {sizes[1]} : "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
