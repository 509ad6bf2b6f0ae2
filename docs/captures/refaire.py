"""Refaire les captures : les écrans du quiz, le mode texte, le rapport pour La Coop, l'attestation.

    .venv/bin/python docs/captures/refaire.py

D'abord les écrans du quiz du module phare à 80×24, dans les deux thèmes (chaque type faux la
première fois, juste ensuite). Puis une personne fictive (« Nguyễn Hoa ») suit le module phare en
mode texte, dans un dossier de données temporaire (jamais le vrai) ; puis la médiatrice tire le
rapport pour La Coop et l'attestation.
La capture du navigateur vient de ``APPRENDRE_CAPTURES=docs/captures pytest tests/functional/test_servir.py``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tests"))

from learner_driver import LearnerDriver  # noqa: E402
from text_driver import TextLearner  # noqa: E402

from apprendre.tui.app import ApprendreApp  # noqa: E402
from apprendre.tui.screens.resultat import ResultatScreen  # noqa: E402

PSEUDO = "Nguyễn Hoa"
FLAGSHIP = "Informatique, numérique, usages"


def follow_the_flagship(donnees: Path) -> str:
    """The text-mode journey: sign up, read the flagship's lessons, answer its quiz (the first
    question wrong, to show a feedback), leave. Returns the transcript."""
    learner = TextLearner(ROOT / "cours", donnees)
    learner.read_prompt()
    learner.choose("Je commence")
    learner.type(PSEUDO)
    learner.type("2468")
    learner.type("2468")
    learner.choose(FLAGSHIP)
    while "Quiz : " not in learner.screen:
        learner.type("")  # Entrée : page suivante, leçon suivante, puis « Aller au quiz »
    first = True
    while "Question " in learner.screen.split("Quiz : ")[-1] and "Résultat" not in learner.screen:
        learner.answer(right=not first)
        first = False
        learner.type("")
    learner.choose("Retour au catalogue")
    learner.type_last("terminé")
    return learner.transcript


def run(*arguments: str, donnees: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "apprendre", "--donnees", str(donnees), *arguments]
    result = subprocess.run(command, capture_output=True, text=True, cwd=CAPTURES,
                            env={**os.environ, "APPRENDRE_COURS": str(ROOT / "cours")})
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} : {result.stderr}")
    return result


SLUG = {"ClasserWidget": "classer", "VraiFauxWidget": "vrai-ou-faux", "ChoixUniqueWidget": "choix-unique",
        "ChoixMultipleWidget": "choix-multiple", "AssocierWidget": "associer", "OrdreWidget": "ordre"}

async def quiz_screens(theme: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = ApprendreApp(cours=ROOT / "cours", donnees=Path(folder) / "donnees")
        async with app.run_test(size=(80, 24)) as pilot:
            learner = LearnerDriver(pilot, keyboard=True)
            await learner.press("e")
            await learner.wait_for(lambda: app.screen.query("CartesModules"))
            await learner.press("enter")
            await learner.wait_for(lambda: app.screen.query("#quiz"))
            await learner.press("q")
            await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
            if theme == "contraste":
                await learner.press("f2")
            seen = set()
            for number in range(1, 11):
                await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
                await pilot.pause(0.3)
                kind = SLUG[type(learner.question).__name__]
                stem = f"quiz-{theme}-{number:02d}-{kind}"
                app.save_screenshot(f"{stem}-avant.svg", str(CAPTURES))
                await learner.answer(right=kind in seen)
                seen.add(kind)
                await pilot.pause(0.3)
                app.save_screenshot(f"{stem}-repondu.svg", str(CAPTURES))
                await learner.validate()
                await learner.wait_for(lambda: app.screen.validated)
                await pilot.pause(0.3)
                app.save_screenshot(f"{stem}-apres-valider.svg", str(CAPTURES))
                await learner.next()
            await learner.wait_for(lambda: isinstance(app.screen, ResultatScreen))
            await pilot.pause(0.3)
            app.save_screenshot(f"quiz-{theme}-resultat.svg", str(CAPTURES))


def main() -> None:
    for theme in ("lisible", "contraste"):
        asyncio.run(quiz_screens(theme))
    with tempfile.TemporaryDirectory() as folder:
        donnees = Path(folder) / "donnees"
        run("reglages", "--nom-du-lieu", "Médiathèque de Lunel", donnees=donnees)
        (CAPTURES / "mode-texte-quiz-phare.txt").write_text(follow_the_flagship(donnees), "utf-8")
        report = run("rapport", "--coop", "--csv", "rapport-coop.csv", donnees=donnees)
        (CAPTURES / "rapport-coop.txt").write_text(report.stdout, "utf-8")
        out = Path(folder) / "attestations"
        run("attestation", PSEUDO, "--dossier", str(out), donnees=donnees)
        [pdf] = out.glob("*.pdf")
        shutil.copy(pdf.with_suffix(".txt"), CAPTURES / "attestation-de-suivi.txt")
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf),
                            str(CAPTURES / "attestation-de-suivi")], check=True)
    print("Captures refaites dans", CAPTURES)


if __name__ == "__main__":
    main()
