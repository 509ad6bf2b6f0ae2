"""Speed of the interface, as ratios against a bare Textual app measured in the same run.

1. Start-up: from process start to the first screen shown (« Bienvenue »), against a bare
   app showing one label. Each is a fresh process, alternated, median of N runs.
2. « Suivant » on a page of a long lesson, and « Valider » on a question, with run_test()
   (pilot.press then pilot.pause), against the same press on a bare app whose key handler
   updates one Static.

    python benchmarks/interface.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

ROOT = Path(__file__).resolve().parent.parent
LESSON_PAGES = (6, 60)
"""A long lesson as written (the longest prepared at once), and a far longer one (re-rendered per page)."""

BARE_START = """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("Bonjour")
    def on_mount(self):
        self.call_after_refresh(self.exit)
Bare().run(headless=True)
"""

APP_START = """
from pathlib import Path
from apprendre.cli import main as cli
cli.build_parser().parse_args([])  # what the « apprendre » command does before the app starts
from apprendre.tui.app import ApprendreApp
class Timed(ApprendreApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.exit)
Timed(cours=Path({cours!r}), donnees=Path({donnees!r})).run(headless=True)
"""


def time_process(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def startup(runs: int, cours: Path, donnees: Path) -> tuple[float, float]:
    app_code = APP_START.format(cours=str(cours), donnees=str(donnees))
    time_process(BARE_START), time_process(app_code)  # warm the file cache
    bare, ours = [], []
    for _ in range(runs):
        bare.append(time_process(BARE_START))
        ours.append(time_process(app_code))
    return statistics.median(bare), statistics.median(ours)


class BareKeyApp(App):
    def compose(self) -> ComposeResult:
        yield Static("0", id="n")

    def on_key(self) -> None:
        widget = self.query_one("#n", Static)
        widget.update(str(int(str(widget.render())) + 1))


async def time_presses(app: App, key: str, runs: int, before=None) -> float:
    """Median seconds of press + pause, on an app already showing what is measured."""
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        if before:
            await before(pilot)
        for _ in range(runs):
            if before and getattr(before, "each", None):
                await before.each(pilot)
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def long_lesson_library(folder: Path, pages: int) -> Path:
    module = folder / "long"
    module.mkdir(parents=True)
    (module / "module.toml").write_text(
        'titre = "Long"\nresume = "Une longue leçon."\nniveau = "débutant"\nduree = 60\n'
        'famille = "usages"\ncompetences = ["1.1"]\nauteurs = ["Banc"]\nlicence = "CC BY-SA 4.0"\n'
        'version = "1"\nlecons = ["01.md"]\n', encoding="utf-8")
    sentence = "Le numérique relie les machines et les personnes, chaque jour, partout en France. "
    body = "\n\n".join(f"## Page {n}\n\n" + sentence * 10 + "\n\n- un point\n- un autre point"
                       for n in range(1, pages + 1))
    (module / "01.md").write_text("# Une longue leçon\n\n" + body, encoding="utf-8")
    (module / "quiz.toml").write_text(
        '[[questions]]\nid = "q"\ntype = "vrai ou faux"\nenonce = "Vrai ?"\nreponse = true\n'
        'explication = "Oui, vrai."\n' * 1, encoding="utf-8")
    return folder


async def lesson_and_quiz(runs: int, cours: Path, donnees: Path) -> dict[str, float]:
    """Median seconds of a bare key press, « Suivant » in the lesson and « Valider » in the quiz."""
    from apprendre.tui.app import ApprendreApp
    from apprendre.tui.screens.catalogue import CarteModule

    async def open_lesson(pilot) -> None:
        await pilot.click("#essayer")
        await pilot.pause()
        pilot.app.screen.query(CarteModule).first().action_open()
        await pilot.pause()
        await pilot.click("#continuer")
        await pilot.pause()

    async def open_quiz(pilot) -> None:
        await open_lesson(pilot)
        pilot.app.pop_screen()
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()

    async def answer_again(pilot) -> None:
        screen = pilot.app.screen
        if screen.validated:
            await screen.show_question()  # same question again, unanswered
            await pilot.pause()
        radio = screen.query_one("RadioSet")
        radio.query("RadioButton").first().value = True
        await pilot.pause()

    open_quiz.each = answer_again
    bare = await time_presses(BareKeyApp(), "x", runs)
    suivant = await time_presses(ApprendreApp(cours=cours, donnees=donnees), "right", runs, open_lesson)
    valider = await time_presses(ApprendreApp(cours=cours, donnees=donnees), "v", runs, open_quiz)
    return {"bare": bare, "suivant": suivant, "valider": valider}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        donnees = tmp_path / "donnees"
        bare, ours = startup(args.runs, ROOT / "cours", donnees)
        print(f"Démarrage jusqu'à Bienvenue : {ours * 1000:.0f} ms ; appli nue : {bare * 1000:.0f} ms ; "
              f"ratio {ours / bare:.2f} (cible ≤ 1,5)")
        for pages in LESSON_PAGES:
            cours = long_lesson_library(tmp_path / f"cours-{pages}", pages)
            figures = asyncio.run(lesson_and_quiz(args.runs, cours, donnees))
            rows = [("suivant", f"« Suivant » (leçon de {pages} pages de 130 mots)")]
            if pages == LESSON_PAGES[0]:
                rows.append(("valider", "« Valider » (une question)"))
            for name, label in rows:
                print(f"{label} : {figures[name] * 1000:.1f} ms ; appli nue : {figures['bare'] * 1000:.1f} ms ; "
                      f"ratio {figures[name] / figures['bare']:.2f} (cible ≤ 1,2)")


if __name__ == "__main__":
    main()
