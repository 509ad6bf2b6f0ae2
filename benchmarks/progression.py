"""Benchmark: saving a learner's progress, and signing up among many learners.

Prints, each figure with its floor measured alongside (alternated, medians):

1. one save (``FileSession.record``: lock, merge with the file on disk, atomic write
   with fsync, backup copy) for learners of 10 to 5,000 facts: wall time and CPU time;
   the floor is what any save must do, one durable atomic write of the same bytes
   (``write_atomic``). Targets: 2 ms up to 1,000 facts, 5 ms at 5,000 (issue 13);
2. « Je commence » among 10 to 50,000 learners: opening the data folder (``Depot(...)``),
   bringing the index up to date if needed (``refresh_index(if_needed=True)``, done at start
   beside « Bienvenue »), and creating a learner with a new pseudonym (``Depot.create``),
   which must not grow with the number of learners; the floor is the same among 10. Also
   what still grows, in the rare cases: opening after a crash (a writer's mark left behind:
   the large folders are searched for its leftovers) and a full comparison of the index with
   the files (after a sync tool brought files, or once a day);
3. finding a learner by pseudonym (``Depot.find``) among 10,000, as a ratio to 10;
4. « Je reviens » among 10 to 50,000 learners: signing in a known learner (``Depot.sign_in``: index,
   conflict copies left by a sync tool, code, « open » marker, the visit's first save) then signing
   out (``close``); the floor is the same among 10. It must not grow with the number of learners.

Everything happens in a temporary folder. Run: ``python benchmarks/progression.py``
(``--apprenants 10,1000,10000,50000`` changes the sizes, ``--faits`` the saves).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from apprendre.base.atomic import _safe_host, write_atomic
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
    moment = now() - timedelta(days=1)
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


def median_save(folder: Path, modules: int, saves: int = 100) -> dict[str, float]:
    """A learner of ``modules`` busy modules records ``saves`` pages, one save each, alternated with
    the floor: a durable atomic write of the same bytes."""
    depot = Depot(folder)
    session = depot.create(f"Apprenant {modules}", None)
    busy = busy_progression(modules)
    for fait in (*busy.pages, *busy.reponses, *busy.quiz):
        session.progression.add(fait)
    session.save()
    path = depot.path(session.apprenant_id)
    floor_path = folder / "plancher.toml"
    wall, cpu, floor_wall, floor_cpu = [], [], [], []
    for number in range(saves):
        fait = PageLue(module="mesure", lecon="lecon", page=number + 1, le=now())
        start, start_cpu = time.perf_counter(), time.process_time()
        session.record(fait)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        data = path.read_bytes()
        start, start_cpu = time.perf_counter(), time.process_time()
        write_atomic(floor_path, data)
        floor_wall.append(time.perf_counter() - start)
        floor_cpu.append(time.process_time() - start_cpu)
    facts = count(session.progression)
    session.close()
    return {"faits": facts, "ms": statistics.median(wall) * 1000, "cpu": statistics.median(cpu) * 1000,
            "plancher": statistics.median(floor_wall) * 1000, "plancher_cpu": statistics.median(floor_cpu) * 1000}


def populate(folder: Path, learners: int) -> list[str]:
    """``learners`` learner files of a few facts each, written directly (no fsync: it is setup)."""
    depot = Depot(folder)
    pseudos = [f"Apprenant n°{n}" for n in range(learners)]
    progression = busy_progression(1)
    for n, pseudo in enumerate(pseudos):
        apprenant = Apprenant(id=f"{n:012x}", pseudo=pseudo, cree_le=now(), progression=progression)
        depot.path(apprenant.id).write_bytes(render(apprenant))
        (depot.locks_folder / f"{apprenant.id}.lock").touch()  # left by each learner's saves
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


def crash_mark(folder: Path) -> None:
    """What a writer that crashed leaves: its mark (``verrous/ecrivains/<poste>~<pid>``), its pid gone."""
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    (folder / "verrous" / "ecrivains").mkdir(parents=True, exist_ok=True)
    (folder / "verrous" / "ecrivains" / f"{_safe_host()}~{process.pid}").touch()


def sign_ups(folders: dict[int, Path], rounds: int) -> dict[int, tuple[float, float, float, float, float, float]]:
    """Median (open the data folder, bring its index up to date, « Je commence » with a new
    pseudonym, open after a crash, compare the index in full, and the floor of these two: list the
    four large folders, names only) per size, sizes alternated.

    As in the app: the folder is opened and its index brought up to date once, at start, beside
    « Bienvenue » (``ApprendreApp._prepare_depot``); then each learner signs up."""
    opened: dict[int, list[float]] = {size: [] for size in folders}
    refreshed: dict[int, list[float]] = {size: [] for size in folders}
    after_crash: dict[int, list[float]] = {size: [] for size in folders}
    compared: dict[int, list[float]] = {size: [] for size in folders}
    listed: dict[int, list[float]] = {size: [] for size in folders}
    depots = {}
    for _ in range(5):
        for size, folder in folders.items():
            crash_mark(folder)
            start = time.perf_counter()
            Depot(folder)
            after_crash[size].append(time.perf_counter() - start)
            start = time.perf_counter()
            depots[size] = Depot(folder)
            opened[size].append(time.perf_counter() - start)
            start = time.perf_counter()
            depots[size].refresh_index(if_needed=True)
            refreshed[size].append(time.perf_counter() - start)
            start = time.perf_counter()
            depots[size].refresh_index()
            compared[size].append(time.perf_counter() - start)
            start = time.perf_counter()
            for large in (depots[size].apprenants_folder, depots[size].index.pseudos, depots[size].index.ids,
                          depots[size].locks_folder):
                os.listdir(large)
            listed[size].append(time.perf_counter() - start)
    created: dict[int, list[float]] = {size: [] for size in folders}
    for round_ in range(rounds):
        for size, depot in depots.items():
            start = time.perf_counter()
            session = depot.create(f"Nouvelle {round_}", None)
            created[size].append(time.perf_counter() - start)
            session.close()
    return {size: (statistics.median(opened[size]), statistics.median(refreshed[size]),
                   statistics.median(created[size]), statistics.median(after_crash[size]),
                   statistics.median(compared[size]), statistics.median(listed[size])) for size in folders}


def sign_ins(depots: dict[int, Depot], rounds: int) -> dict[int, tuple[float, float]]:
    """Median wall and CPU time of « Je reviens » (sign in a known learner, then sign out) per
    size, sizes alternated; a different learner each time, as at a médiathèque's terminal."""
    wall: dict[int, list[float]] = {size: [] for size in depots}
    cpu: dict[int, list[float]] = {size: [] for size in depots}
    chance = random.Random(4)
    for _ in range(rounds):
        for size, depot in depots.items():
            pseudo = f"Apprenant n°{chance.randrange(size)}"
            depot._on_disk.clear()  # each learner comes back on some terminal: nothing cached, at 10 as at 50,000
            start, start_cpu = time.perf_counter(), time.process_time()
            session = depot.sign_in(pseudo, None)
            session.close()
            wall[size].append(time.perf_counter() - start)
            cpu[size].append(time.process_time() - start_cpu)
    return {size: (statistics.median(wall[size]), statistics.median(cpu[size])) for size in depots}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apprenants", default="10,1000,10000,50000")
    parser.add_argument("--faits", default="0,2,20,106", help="modules suivis (47 faits chacun)")
    parser.add_argument("--seulement", default="sauvegarde,inscription,recherche,reviens")
    args = parser.parse_args()
    wanted = args.seulement.split(",")
    sizes = [int(size) for size in args.apprenants.split(",")]
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        if "sauvegarde" in wanted:
            print("1. Une sauvegarde (verrou, fusion, écriture atomique avec fsync, copie de secours) ;")
            print("   plancher : une écriture atomique durable des mêmes octets")
            print("| faits | sauvegarde | / plancher | CPU | plancher (temps, CPU) |")
            print("|---|---|---|---|---|")
            for modules in (int(m) for m in args.faits.split(",")):
                r = median_save(root / f"sauvegarde-{modules}", modules)
                print(f"| {r['faits']} | {r['ms']:.2f} ms | {r['ms'] / r['plancher']:.2f} | {r['cpu']:.2f} ms "
                      f"| {r['plancher']:.2f} ms, {r['plancher_cpu']:.2f} ms |")
        folders = {}
        for size in sizes:
            folder = root / f"apprenants-{size}"
            populate(folder, size)
            folders[size] = folder
            Depot(folder).refresh_index()
        if "inscription" in wanted:
            print("2. « Je commence » : ouvrir le dossier, mettre l'index à jour (au démarrage, à côté de")
            print("   « Bienvenue »), puis créer un apprenant au pseudo nouveau ; et ouvrir le dossier après")
            print(f"   un plantage (marque d'écrivain restée) ; plancher : la même chose parmi {sizes[0]}")
            medians = sign_ups(folders, rounds=15)
            floor = medians[sizes[0]]
            print("   ouvrir après un plantage et comparaison complète : plancher, lister les quatre grands dossiers")
            print("   (apprenants/, index/pseudos, index/ids, verrous/ : les noms seuls)")
            print("| apprenants | ouvrir | / plancher | index à jour | / plancher | créer | / plancher "
                  "| ouvrir après un plantage | / lister | comparaison complète | / lister | lister |")
            print("|---|---|---|---|---|---|---|---|---|---|---|---|")
            for size in sizes:
                opened, refreshed, created, after_crash, full, listing = medians[size]
                print(f"| {size} | {opened * 1000:.2f} ms | {opened / floor[0]:.1f} | {refreshed * 1000:.2f} ms "
                      f"| {refreshed / floor[1]:.1f} | {created * 1000:.1f} ms | {created / floor[2]:.1f} "
                      f"| {after_crash * 1000:.1f} ms | {after_crash / listing:.2f} | {full * 1000:.1f} ms "
                      f"| {full / listing:.2f} | {listing * 1000:.1f} ms |")
        if "recherche" in wanted:
            pair = (sizes[0], sizes[-1])
            depots = {size: Depot(folders[size]) for size in pair}
            pseudos = {size: [f"Apprenant n°{n}" for n in range(size)] for size in pair}
            print("3. Trouver un apprenant par son pseudo :")
            for read, label in ((False, "index seul (Depot.find)"), (True, "et lire son fichier")):
                medians_ = median_lookups(depots, pseudos, rounds=500, read=read)
                small, large = medians_[pair[0]], medians_[pair[1]]
                print(f"   {label} : {small * 1e6:.0f} µs parmi {pair[0]}, {large * 1e6:.0f} µs parmi "
                      f"{pair[1]}, rapport {large / small:.2f}")
        if "reviens" in wanted:
            print("4. « Je reviens » : se connecter (index, copies en conflit, marque « ouvert », première")
            print(f"   sauvegarde de la visite) puis se déconnecter ; plancher : la même chose parmi {sizes[0]}")
            medians__ = sign_ins({size: Depot(folders[size]) for size in sizes}, rounds=40)
            base = medians__[sizes[0]]
            print("| apprenants | « Je reviens » | / plancher | CPU | / plancher |")
            print("|---|---|---|---|---|")
            for size in sizes:
                elapsed, spent = medians__[size]
                print(f"| {size} | {elapsed * 1000:.2f} ms | {elapsed / base[0]:.2f} | {spent * 1000:.2f} ms "
                      f"| {spent / base[1]:.2f} |")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
