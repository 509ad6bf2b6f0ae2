"""Refaire les captures qui ne sont pas des écrans de quiz : le mode texte, le rapport pour La Coop,
l'attestation de suivi.

    .venv/bin/python docs/captures/refaire.py

Une personne fictive (« Nguyễn Hoa ») suit le module phare en mode texte, dans un dossier de données
temporaire (jamais le vrai) ; puis la médiatrice tire le rapport pour La Coop et l'attestation.
Les captures des quiz viennent des tests de capture (voir README.md de ce dossier) ; celle du
navigateur, de ``APPRENDRE_CAPTURES=docs/captures pytest tests/functional/test_servir.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tests"))

from text_driver import TextLearner  # noqa: E402

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


def main() -> None:
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
