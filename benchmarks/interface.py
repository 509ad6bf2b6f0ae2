"""Speed of the interface as a learner feels it: in a real terminal, against a bare Textual app.

Each program runs in a tmux pane of 80×24 (``terminal.py``). For each key measured,
the latency is the time from the key sent to the expected text on screen, and the
CPU is what the program spent on that key, all threads (``/proc/<pid>/task/*/schedstat``).
The floor is a bare Textual app whose key handler updates one Static, running beside
the app in the same run; presses alternate between the two so that the machine's
noise hits both alike. Figures are medians, given as ratios to the floor.

1. « Suivant » in a lesson of 6, 60 and 200 pages, as a guest and signed in (each page
   saved): → « Page k sur N ». Then, as references (not floors), a page of text as long as
   the lesson's repainted by the bare app (``programmes.py nue-page``) and written without
   Textual (``page-brute``): what showing a page costs before apprendre does anything.
2. « Valider » on a true/false question: → « Explication ».
3. The catalogue opening, from « Bienvenue » (« Juste essayer »), with 10 to 1,000 modules:
   a fresh app each time, to the first card on screen; and its resident memory (and the bare
   app's, measured at the same moment).
4. Back to the catalogue (Échap from a module) for a learner with 4,700 facts, 1,000 modules;
   the bare app is pressed with Échap too: a terminal app waits 100 ms after an Échap to know
   it is not the start of a longer key (Textual's ESCDELAY).
5. Start-up: from the command launched to « Bienvenue » on screen (the bare app: to its first
   text), CPU until it is idle, resident memory; the two started in turn.

    python benchmarks/interface.py [--appuis N] [--seulement suivant,valider,catalogue,retour,demarrage]

Needs tmux. Prints a table; ``--json FICHIER`` also writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import terminal  # noqa: E402
from terminal import Pane, Press  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROGRAMMES = Path(__file__).resolve().parent / "programmes.py"
SENTENCE = "Le numérique relie les machines et les personnes, chaque jour, partout en France. "
CHOOSE_KEY = "1"
"""The key that chooses the first answer (the quiz's one scheme: a number or Espace chooses)."""
VALIDATE_KEY = "Enter"
NEXT_QUESTION_KEY = "Enter"


@dataclass
class Row:
    action: str
    latency: float
    cpu: float
    floor_latency: float
    floor_cpu: float
    extra: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        ratio = self.latency / self.floor_latency
        extra = "".join(f" ; {key} {value:.0f}" for key, value in self.extra.items())
        return (f"| {self.action} | {ratio:.2f} | {self.latency * 1000:.0f} ms | {self.cpu * 1000:.1f} ms "
                f"| {self.floor_latency * 1000:.0f} ms, {self.floor_cpu * 1000:.1f} ms{extra} |")


# --- Libraries ------------------------------------------------------------------------------

MODULE_TOML = ('titre = "{titre}"\nresume = "{resume}"\nniveau = "débutant"\nduree = 20\n'
               'famille = "numérique"\ncompetences = ["1.1"]\nauteurs = ["Banc"]\n'
               'licence = "CC BY-SA 4.0"\nversion = "1"\nordre = {ordre}\nlecons = ["01.md"]\n')


def lesson_library(folder: Path, pages: int, questions: int = 40) -> Path:
    """One module: a lesson of ``pages`` pages of 130 words (each different), and ``questions``
    true/false questions."""
    module = folder / "long"
    module.mkdir(parents=True)
    (module / "module.toml").write_text(
        MODULE_TOML.format(titre="Long", resume="Une longue leçon.", ordre=1), encoding="utf-8")
    body = "\n\n".join(f"## Page {n}\n\n" + page_text(n) + f"\n\n- un point, {n}\n- un **autre** point, {n}"
                       for n in range(1, pages + 1))
    (module / "01.md").write_text("# Une longue leçon\n\n" + body, encoding="utf-8")
    (module / "quiz.toml").write_text("".join(
        f'[[questions]]\nid = "q{n}"\ntype = "vrai ou faux"\nenonce = "Affirmation numéro {n} ?"\n'
        f'reponse = true\nexplication = "Oui, vrai."\n\n' for n in range(questions)), encoding="utf-8")
    return folder


def page_text(number: int) -> str:
    """The paragraph of page ``number``: the same words, shifted, so that every line differs from
    one page to the next, as in a real lesson (a page turn that redraws only what changed gains
    nothing from pages that look alike)."""
    words = (SENTENCE * 10).split()
    shift = (number * 7) % len(words)
    return " ".join(words[shift:] + words[:shift])


def catalogue_library(folder: Path, modules: int) -> Path:
    """``modules`` modules as the load benchmark makes them (3 lessons, a 10-question quiz)."""
    import chargement

    folder.mkdir(parents=True)
    chargement.generate(folder, modules)
    return folder


def busy_learner(donnees: Path, cours: Path, pseudo: str, modules: int) -> None:
    """A learner who worked through ``modules`` modules of the library (47 facts each)."""
    from progression import busy_progression

    from apprendre.storage import Depot

    depot = Depot(donnees)
    session = depot.create(pseudo, None)
    busy = busy_progression(modules)
    ids = sorted(p.name for p in cours.iterdir() if p.is_dir())
    renamed = {f"module-{m}": ids[m % len(ids)] for m in range(modules)}
    for fait in (*busy.pages, *busy.reponses, *busy.quiz):
        session.progression.add(fait.model_copy(update={"module": renamed[fait.module]}))
    session.close()


# --- Measuring ------------------------------------------------------------------------------

_panes = 0


def start(kind: str, *args: str, env: dict[str, str]) -> Pane:
    global _panes
    _panes += 1
    return Pane(f"p{_panes}", [sys.executable, str(PROGRAMMES), kind, *args], env=env, cwd=ROOT)


class Floor:
    """The bare app, pressed between the app's presses."""

    def __init__(self, env: dict[str, str]) -> None:
        self.pane = start("nue", env=env)
        self.pane.wait_for(lambda screen: "Appui 0" in screen)
        self.count = 0
        self.presses: list[Press] = []

    def press(self, key: str = "x") -> None:
        self.count += 1
        expected = f"Appui {self.count}"
        self.presses.append(self.pane.press(key, lambda screen: expected in screen))

    def medians(self) -> tuple[float, float]:
        return (statistics.median(p.latency for p in self.presses),
                statistics.median(p.cpu for p in self.presses))

    def reset(self) -> None:
        self.presses = []


def alternate(floor: Floor, presses: int, press: Callable[[int], Press], key: str = "x") -> tuple[float, float]:
    """``presses`` of the app, each followed by one of the floor (pressing ``key``); the app's medians."""
    floor.reset()
    measured = []
    for number in range(presses):
        measured.append(press(number))
        floor.press(key)
    return statistics.median(p.latency for p in measured), statistics.median(p.cpu for p in measured)


def page_turns(pane: Pane, pages: int) -> Callable[[int], Press]:
    state = {"page": 1, "direction": 1}

    def press(_: int) -> Press:
        if not 1 <= state["page"] + state["direction"] <= pages:
            state["direction"] *= -1
        state["page"] += state["direction"]
        number, last_line = f"Page {state['page']} sur {pages}", f"un autre point, {state['page']}"
        # The page's last line too: the number is written first, and tmux may show it before the
        # rest of the frame (the references wait for their page's last line as well).
        return pane.press("Right" if state["direction"] > 0 else "Left",
                          lambda screen: number in screen and last_line in screen)

    return press


def measure_suivant(floor: Floor, tmp: Path, env: dict[str, str], presses: int) -> list[Row]:
    rows = []
    for pages in (6, 60, 200):
        cours = lesson_library(tmp / f"lecon-{pages}", pages)
        for pseudo in (None, "Lectrice"):
            donnees = tmp / f"donnees-lecon-{pages}"
            args = [str(cours), str(donnees), "lecon"] + (["--inscrit", pseudo] if pseudo else [])
            pane = start("appli", *args, env=env)
            pane.wait_for(lambda screen, pages=pages: f"Page 1 sur {pages}" in screen)
            latency, cpu = alternate(floor, presses, page_turns(pane, pages))
            pane.close()
            who = "inscrit" if pseudo else "invité"
            rows.append(Row(f"« Suivant », leçon de {pages} pages, {who}", latency, cpu, *floor.medians()))
    return rows


def measure_page_references(floor: Floor, env: dict[str, str], presses: int) -> list[Row]:
    """What repainting a page of text costs without apprendre, against the floor: a bare Textual
    app (``nue-page``), the least a Textual app can do (``nue-lignes``: the page's lines made in
    advance, swapped), and no Textual at all (``page-brute``: what the terminal takes)."""
    rows = []
    for kind, label in (("nue-page", "(référence) appli nue qui redessine une page de texte"),
                        ("nue-lignes", "(référence) appli nue qui montre une page prête d'avance"),
                        ("page-brute", "(référence) sans Textual, la page écrite telle quelle")):
        pane = start(kind, env=env)
        pane.wait_for(lambda screen: "Appui 0" in screen)

        def press(number: int, pane: Pane = pane) -> Press:
            return pane.press("x", lambda screen: f"Appui {number + 1}" in screen
                              and f"un point, {number + 1}" in screen)

        latency, cpu = alternate(floor, presses, press)
        pane.close()
        rows.append(Row(label, latency, cpu, *floor.medians()))
    return rows


def validations(pane: Pane) -> Callable[[int], Press]:
    """Each press: (unmeasured) the next question, an answer chosen; then « Valider », measured."""

    def press(number: int) -> Press:
        if number:
            pane.type(NEXT_QUESTION_KEY)
            pane.wait_for(lambda screen: f"Question {number + 1} sur" in screen)
        pane.type(CHOOSE_KEY)
        pane.settle()
        return pane.press(VALIDATE_KEY, lambda screen: "Explication" in screen)

    return press


def measure_valider(floor: Floor, tmp: Path, env: dict[str, str], presses: int) -> list[Row]:
    cours = lesson_library(tmp / "quiz", 6, questions=presses + 2)
    rows = []
    for pseudo in (None, "Joueuse"):
        args = [str(cours), str(tmp / "donnees-quiz"), "quiz"] + (["--inscrit", pseudo] if pseudo else [])
        pane = start("appli", *args, env=env)
        pane.wait_for(lambda screen: "Question 1 sur" in screen)
        latency, cpu = alternate(floor, presses, validations(pane))
        pane.close()
        who = "inscrit" if pseudo else "invité"
        rows.append(Row(f"« Valider », vrai ou faux, {who}", latency, cpu, *floor.medians()))
    return rows


def measure_catalogue(floor: Floor, tmp: Path, env: dict[str, str], runs: int,
                      sizes: tuple[int, ...]) -> list[Row]:
    rows = []
    for modules in sizes:
        cours = catalogue_library(tmp / f"catalogue-{modules}", modules)
        donnees = tmp / f"donnees-catalogue-{modules}"
        latencies, cpus, memory, floor_memory, cold = [], [], [], [], []
        floor.reset()
        for run in range(runs + 1):  # the first run writes the catalogue's cache, as a first start does
            pane = start("appli", str(cours), str(donnees), "bienvenue", env=env)
            pane.wait_for(lambda screen: "Juste essayer" in screen)
            measured = pane.press("e", lambda screen: "Choisissez un module" in screen
                                  and "Module numéro 0" in screen)
            if run:
                latencies.append(measured.latency)
                cpus.append(measured.cpu)
                memory.append(pane.resident())
                floor_memory.append(floor.pane.resident())
            pane.close()
            floor.press()
            if run:
                cold.append(catalogue_at_once(cours, donnees, env))
        rows.append(Row(f"Catalogue, {modules} modules (ouverture)", statistics.median(latencies),
                        statistics.median(cpus), *floor.medians(),
                        {"Mo": statistics.median(memory), "Mo appli nue": statistics.median(floor_memory),
                         "ms touche dès l'affichage": statistics.median(cold) * 1000}))
    return rows


def catalogue_at_once(cours: Path, donnees: Path, env: dict[str, str]) -> float:
    """« Juste essayer » pressed the moment « Bienvenue » shows, before the app is idle (what it
    prepares beside « Bienvenue » is then still under way): seconds to the first card."""
    pane = start("appli", str(cours), str(donnees), "bienvenue", env=env)
    pane.wait_for(lambda screen: "Juste essayer" in screen)
    started = time.perf_counter()
    pane.type("e")
    shown = pane.wait_for(lambda screen: "Choisissez un module" in screen and "Module numéro 0" in screen)
    pane.close()
    return shown - started


def measure_demarrage(tmp: Path, env: dict[str, str], runs: int) -> list[Row]:
    """From the command launched to its first screen, apprendre and the bare app in turn."""
    cours = tmp / "catalogue-10"
    if not cours.exists():
        catalogue_library(cours, 10)
    figures: dict[str, list[tuple[float, float, float]]] = {"nue": [], "appli": []}
    for _ in range(runs):
        for kind, args, shown in (("nue", [], "Appui 0"),
                                  ("appli", [str(cours), str(tmp / "donnees-demarrage"), "bienvenue"],
                                   "Juste essayer")):
            started = time.perf_counter()
            pane = start(kind, *args, env=env)
            on_screen = pane.wait_for(lambda screen, shown=shown: shown in screen)
            pane.settle()
            figures[kind].append((on_screen - started, pane.cpu(), pane.resident()))
            pane.close()
    bare, app = ([statistics.median(column) for column in zip(*figures[kind])] for kind in ("nue", "appli"))
    return [Row("Démarrage jusqu'à « Bienvenue »", app[0], app[1], bare[0], bare[1],
                {"Mo": app[2], "Mo appli nue": bare[2]})]


def measure_retour(floor: Floor, tmp: Path, env: dict[str, str], presses: int, modules: int) -> list[Row]:
    cours = tmp / f"catalogue-{modules}"
    if not cours.exists():
        catalogue_library(cours, modules)
    donnees = tmp / "donnees-retour"
    busy_learner(donnees, cours, "Assidue", 100)
    pane = start("appli", str(cours), str(donnees), "module", "--inscrit", "Assidue", env=env)
    pane.wait_for(lambda screen: "Les leçons" in screen)

    def press(number: int) -> Press:
        if number:
            pane.type("Enter")
            pane.wait_for(lambda screen: "Les leçons" in screen)
        return pane.press("Escape", lambda screen: "Choisissez un module" in screen)

    latency, cpu = alternate(floor, presses, press, key="Escape")  # both wait Textual's ESCDELAY (100 ms)
    rss = pane.resident()
    pane.close()
    return [Row(f"Retour au catalogue, {modules} modules, 4 700 faits", latency, cpu, *floor.medians(),
                {"Mo": rss, "Mo appli nue": floor.pane.resident()})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appuis", type=int, default=15, help="appuis mesurés par action (15)")
    parser.add_argument("--ouvertures", type=int, default=3, help="ouvertures du catalogue par taille (3)")
    parser.add_argument("--modules", default="10,100,500,1000", help="tailles du catalogue")
    parser.add_argument("--seulement", default="suivant,valider,catalogue,retour,demarrage")
    parser.add_argument("--demarrages", type=int, default=5, help="démarrages mesurés (5)")
    parser.add_argument("--json", type=Path, help="écrire aussi les chiffres dans ce fichier")
    args = parser.parse_args()
    if not terminal.available():
        raise SystemExit("Ce banc d'essai a besoin de tmux et de /proc (Linux).")
    wanted = args.seulement.split(",")
    sizes = tuple(int(size) for size in args.modules.split(","))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as temp:
        tmp = Path(temp)
        env = {"APPRENDRE_CACHE": str(tmp / "cache"), "PYTHONPATH": str(ROOT)}
        floor = Floor(env)
        try:
            for _ in range(5):
                floor.press()  # warm
            if "suivant" in wanted:
                rows += measure_suivant(floor, tmp, env, args.appuis)
                rows += measure_page_references(floor, env, args.appuis)
            if "valider" in wanted:
                rows += measure_valider(floor, tmp, env, args.appuis)
            if "catalogue" in wanted:
                rows += measure_catalogue(floor, tmp, env, args.ouvertures, sizes)
            if "retour" in wanted:
                rows += measure_retour(floor, tmp, env, args.appuis, max(sizes))
            if "demarrage" in wanted:
                rows += measure_demarrage(tmp, env, args.demarrages)
        finally:
            floor.pane.close()
            terminal.stop_server()
    print("| action | latence / appli nue | latence | CPU par appui | appli nue (latence, CPU) |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(row.line())
    if args.json:
        args.json.write_text(json.dumps([row.__dict__ for row in rows], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
