"""Benchmark: the activity report over 10,000 (or 50,000) learners and a 20-module library.

Generates, in a temporary folder, a library of 20 modules (the shipped ones,
some copied under another name) and learner files written with the storage's
own ``render`` (each ends with its summary, as every save writes it): each
learner comes over some weeks of the past year, reads pages, answers quizzes (a
realistic mix: most learners try a few modules, a few try them all). Then runs
``apprendre rapport`` end to end in a fresh process (Python's start, loading the
library, reading every file, counting, printing) and prints its wall time and
peak memory, each next to the **floor** measured alongside, alternated, in a
fresh process too: Python listing the folder and reading every file whole, and
nothing else. Medians of ``--fois`` runs.

1. the first report after a restore: every file new (new inodes and dates), no
   ``index/`` folder — nothing but the files;
2. after a day of activity (``--journee`` learners came back, their files rewritten);
3. with ``--sans-resume``: files written before the summaries existed (the
   summary line taken off), first report (every fact read, ``summary_reader``),
   then the next one (from ``index/resumes.jsonl``).

Then, in a fresh process, where the time of a report goes.

Targets (issue 13): 10,000 learners in 1.5 s; 50,000 in 8 s and 300 MB.

Run: ``python benchmarks/rapport.py`` (``--apprenants N`` changes the 10,000,
``--garder DOSSIER`` keeps the generated folders there, and reuses them if they are there).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apprendre.base.atomic import write_atomic
from apprendre.courses.library import load_library
from apprendre.courses.models import Classer, Cours
from apprendre.courses.scoring import SEPARATOR
from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import (
    PageLue,
    Progression,
    QuizTermine,
    Reponse,
    Visite,
)
from apprendre.storage.learner_file import parse, render
from apprendre.storage.locations import shipped_cours

MODULES = 20
END = datetime(2026, 6, 30, 18, tzinfo=UTC)
YEAR = timedelta(days=365)


def make_library(folder: Path) -> list[Cours]:
    """``MODULES`` modules: the shipped ones, then copies of them under new names."""
    shipped = sorted(p for p in shipped_cours().iterdir() if (p / "module.toml").is_file())
    for number in range(MODULES):
        source = shipped[number % len(shipped)]
        name = source.name if number < len(shipped) else f"{source.name}-{number // len(shipped) + 1}"
        shutil.copytree(source, folder / name)
    library = load_library(folder)
    assert len(library.cours) == MODULES and not library.problemes, library.problemes
    return library.cours


def learner(number: int, cours: list[Cours], chance: random.Random) -> Apprenant:
    """One learner's year: visits of 10 to 90 minutes, modules taken in catalogue order."""
    created = (END - YEAR * chance.random()).replace(microsecond=0)
    progression = Progression()
    wanted = min(MODULES, 1 + int(chance.expovariate(1 / 3)))  # mean ≈ 4 modules, a few do all
    moment = created
    for index, module in enumerate(cours[:wanted]):
        visit_start = moment
        moment = _read_pages(progression, module, moment, chance, whole=index < wanted - 1 or chance.random() < .6)
        if chance.random() < 0.8:
            for _ in range(1 + int(chance.expovariate(1.5))):
                moment = _take_quiz(progression, module, moment, chance)
        progression.add(Visite(id=f"{number:06x}{index:06x}", debut=visit_start, fin=moment))
        moment += timedelta(days=chance.expovariate(1 / 10), hours=chance.random())
        if moment > END:
            break
    return Apprenant(id=f"{number:012x}", pseudo=f"Apprenant n°{number}", cree_le=created, progression=progression)


def _read_pages(progression: Progression, cours: Cours, moment: datetime, chance: random.Random,
                whole: bool) -> datetime:
    pages = [(lecon, page) for lecon, count in zip(cours.lecon_ids, cours.pages_par_lecon)
             for page in range(1, count + 1)]
    for lecon, page in pages if whole else pages[: chance.randint(1, len(pages))]:
        moment += timedelta(seconds=chance.randint(20, 120))
        progression.add(PageLue(module=cours.id, lecon=lecon, page=page, le=moment))
    return moment


def _take_quiz(progression: Progression, cours: Cours, moment: datetime, chance: random.Random) -> datetime:
    tentative = f"{chance.getrandbits(48):012x}"
    skill = chance.uniform(0.4, 1.0)
    for question in cours.quiz.questions:
        moment += timedelta(seconds=chance.randint(15, 60))
        juste = chance.random() < skill
        progression.add(Reponse(module=cours.id, question=question.id, juste=juste,
                                donnee=_answer(question, juste, chance), tentative=tentative, le=moment))
    progression.add(QuizTermine(module=cours.id, tentative=tentative, le=moment))
    return moment


def _answer(question, juste: bool, chance: random.Random) -> tuple[str, ...]:
    if isinstance(question, Classer):
        placed = []
        for element in question.elements:
            category = element.categorie if juste or chance.random() < 0.7 else chance.choice(question.categories)
            placed.append(f"{element.texte}{SEPARATOR}{category}")
        return tuple(placed)
    return ("vrai",) if question.type == "vrai ou faux" else ("une réponse",)


def populate(donnees: Path, cours: list[Cours], count: int) -> int:
    """Write ``count`` learner files (no fsync: it is setup); return their total size in bytes."""
    folder = donnees / "apprenants"
    folder.mkdir(parents=True)
    chance = random.Random(5)
    total = 0
    for number in range(count):
        data = render(learner(number, cours, chance))
        (folder / f"{number:012x}.toml").write_bytes(data)
        total += len(data)
    return total


def a_day_later(donnees: Path, count: int) -> None:
    """``count`` learners come back: one more visit and page each, their files rewritten as the storage does."""
    chance = random.Random(9)
    folder = donnees / "apprenants"
    for number in chance.sample(range(len(list(folder.glob("*.toml")))), count):
        path = folder / f"{number:012x}.toml"
        apprenant = parse(path.read_bytes())
        moment = END + timedelta(days=1)
        apprenant.progression.add(Visite(id=f"jour{number:08x}", debut=moment, fin=moment + timedelta(minutes=20)))
        apprenant.progression.add(PageLue(module="sobriete-numerique", lecon="01-trier-ses-mails", page=1, le=moment))
        write_atomic(path, render(apprenant), durable=False)


def startup() -> float:
    """Seconds to start Python and import what a report needs (pydantic, the course models…)."""
    code = ("import time; start = time.perf_counter()\n"
            "import apprendre.cli.main, apprendre.courses.library, apprendre.storage.summary_cache, apprendre.reports.activity\n"
            "print(time.perf_counter() - start)")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    python = time.perf_counter() - start
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return python + float(result.stdout)


def stages(cours_folder: Path, donnees: Path) -> list[tuple[str, float]]:
    """Where the time of one report goes."""
    from apprendre.reports.activity import build_report, render_table
    from apprendre.storage import Depot
    from apprendre.storage.locations import catalogue_cache
    from apprendre.storage.summary_cache import load_resumes

    times = []
    start = time.perf_counter()
    library = load_library(cours_folder, cache=catalogue_cache(cours_folder))
    times.append(("charger les cours", time.perf_counter() - start))
    start = time.perf_counter()
    for _ in load_resumes(Depot(donnees), questions=False):  # one at a time, as the report reads them
        pass
    reading = time.perf_counter() - start
    times.append(("lire les résumés", reading))
    start = time.perf_counter()
    render_table(build_report(load_resumes(Depot(donnees), questions=False), library,
                              END.date() - YEAR + timedelta(days=1), END.date()))
    times.append(("compter et mettre en page (lecture déduite)", time.perf_counter() - start - reading))
    return times


CHILD = """
import os, sys
from apprendre.cli.main import main
status = main(sys.argv[1:])
peak = None
if os.path.exists("/proc/self/status"):  # ru_maxrss would count this benchmark's memory, inherited by fork
    with open("/proc/self/status") as lines:
        peak = next((int(line.split()[1]) / 1024 for line in lines if line.startswith("VmHWM")), None)
if peak is None:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"@@ {peak}", file=sys.stderr)
sys.exit(status)
"""
"""Runs ``apprendre`` and prints its peak memory in MB."""


def stages_in_child(cours_folder: Path, donnees: Path, env: dict[str, str]) -> list[tuple[str, float]]:
    """``stages`` in a fresh process: this one holds thousands of objects that slow its memory management."""
    code = (f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import rapport; "
            f"print(json.dumps(rapport.stages(rapport.Path({str(cours_folder)!r}), rapport.Path({str(donnees)!r}))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return [tuple(stage) for stage in json.loads(result.stdout)]


def run_report(cours: Path, donnees: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time (Python's start included), peak memory (MB) and output of ``apprendre rapport``,
    in a fresh process."""
    argv = [sys.executable, "-c", CHILD, "--cours", str(cours), "--donnees", str(donnees), "rapport",
            "--du", "2025-07-01", "--au", "2026-06-30"]
    return _timed(argv, env)


FLOOR = """
import os, sys
folder = os.path.join(sys.argv[1], "apprenants")
size = 0
for entry in os.scandir(folder):
    if entry.name.endswith(".toml") and not entry.name.endswith(".secours.toml"):
        with open(entry.path, "rb") as file:
            size += len(file.read())
print(size)
"""


def run_floor(donnees: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """The floor: a fresh Python that lists the learners' folder and reads every file whole."""
    code = FLOOR + CHILD.split("status = main(sys.argv[1:])")[1].replace("sys.exit(status)", "")
    return _timed([sys.executable, "-c", code, str(donnees)], env)


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, check=True, env=env)
    elapsed = time.perf_counter() - start
    peak = next(line for line in result.stderr.splitlines() if line.startswith("@@ ")).split()[1]
    return elapsed, float(peak), result.stdout


def restore(donnees: Path, into: Path) -> None:
    """What a restore leaves: the same files, copied (new inodes and dates), without ``index/``."""
    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(donnees, into, copy_function=shutil.copy, ignore=shutil.ignore_patterns("index"))


def without_summaries(donnees: Path) -> None:
    """The files as an apprendre from before the summaries wrote them."""
    from apprendre.storage.summary_line import split_summary

    for path in (donnees / "apprenants").glob("*.toml"):
        body, _ = split_summary(path.read_bytes())
        path.write_bytes(body)


def measure(label: str, runs: int, prepare, cours: Path, donnees: Path, env: dict[str, str], target: str) -> str:
    """Report and floor, alternated ``runs`` times (``prepare`` before each report); medians."""
    reports, floors, output = [], [], ""
    for _ in range(runs):
        prepare()
        elapsed, peak, output = run_report(cours, donnees, env)
        reports.append((elapsed, peak))
        floors.append(run_floor(donnees, env)[:2])
    elapsed, peak = statistics.median(r[0] for r in reports), statistics.median(r[1] for r in reports)
    floor, floor_peak = statistics.median(f[0] for f in floors), statistics.median(f[1] for f in floors)
    print(f"| {label} | {elapsed:.2f} s · {peak:.0f} Mo | {floor:.2f} s · {floor_peak:.0f} Mo | "
          f"{elapsed / floor:.1f} | {target} |", flush=True)
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apprenants", type=int, default=10_000)
    parser.add_argument("--journee", type=int, default=300, help="apprenants revenus en une journée (300)")
    parser.add_argument("--fois", type=int, default=3, help="mesures de chaque cas (médiane)")
    parser.add_argument("--sans-resume", action="store_true",
                        help="mesurer aussi des fichiers écrits avant les résumés (lent)")
    parser.add_argument("--garder", type=Path, help="garder les dossiers générés dans ce dossier (et les reprendre)")
    parser.add_argument("--fois-avant", type=int, default=1, help="mesures du code d'avant (lent)")
    parser.add_argument("--avant", type=Path, metavar="CODE",
                        help="mesurer aussi le code d'apprendre de ce dossier (une version d'avant les résumés), "
                        "sur les mêmes fichiers sans leur ligne de résumé")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = args.garder or Path(temp)
        cours_folder, generated, donnees = root / "cours", root / "genere", root / "donnees"
        start = time.perf_counter()
        if not (generated / "apprenants").is_dir():
            shutil.rmtree(root / "cours", ignore_errors=True)
            cours = make_library(cours_folder)
            populate(generated, cours, args.apprenants)
        size = sum(path.stat().st_size for path in (generated / "apprenants").iterdir())
        print(f"Préparation : {args.apprenants} apprenants, {MODULES} modules, "
              f"{size / 1e6:.0f} Mo de fichiers, en {time.perf_counter() - start:.0f} s")
        env = os.environ.copy()
        env["APPRENDRE_CACHE"] = str(root / "cache")  # the catalogue's cache: not the user's
        target = "1,5 s" if args.apprenants <= 10_000 else "8 s, 300 Mo"
        print("| rapport | temps · mémoire au plus haut | plancher : lire les fichiers | / plancher | cible |")
        print("|---|---|---|---|---|")
        output = measure("1. premier rapport après une restauration", args.fois,
                         lambda: restore(generated, donnees), cours_folder, donnees, env, target)
        a_day_later(donnees, args.journee)
        measure(f"2. après une journée ({args.journee} apprenants revenus)", args.fois, lambda: None,
                cours_folder, donnees, env, "")
        if args.avant:
            before = dict(env, PYTHONPATH=str(args.avant))
            before_output = measure(f"0. avant ({args.avant}) : premier rapport après une restauration",
                                    args.fois_avant, lambda: (restore(generated, donnees), without_summaries(donnees)),
                                    cours_folder, donnees, before, target)
            print("   le rapport d'avant et celui d'après : " + ("les mêmes chiffres" if before_output == output
                                                                 else "DIFFÉRENTS"), flush=True)
        if args.sans_resume:
            restore(generated, donnees)
            without_summaries(donnees)
            first = measure("3. fichiers d'avant les résumés, premier rapport", 1, lambda: None, cours_folder,
                            donnees, env, "")
            following = measure("4. fichiers d'avant les résumés, rapport suivant (index/resumes.jsonl)", args.fois,
                                lambda: None, cours_folder, donnees, env, "")
            print("   ces deux rapports et le premier : " + ("les mêmes chiffres" if first == following == output
                                                             else "DIFFÉRENTS"), flush=True)
        restore(generated, donnees)
        print("Où va le temps d'un rapport (dans un processus neuf) :")
        for name, seconds in [("démarrer Python et importer les modules", startup()),
                              *stages_in_child(cours_folder, donnees, env)]:
            print(f"   {name} : {seconds:.2f} s")
        print()
        print(output)


if __name__ == "__main__":
    main()
