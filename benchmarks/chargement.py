"""Benchmark: load and check a library of 500 modules.

Generates, in a temporary folder, 500 modules of 3 lessons (~500 words each,
cut into pages, one image) and a 10-question quiz (every question type), then
prints two figures:

1. the time the app needs to load the library for its catalogue
   (``library.load_library`` with its cache, as the app starts; target: 0.5 s
   at most), and the same without the cache (first start, or files changed);
2. the time ``apprendre verifier DOSSIER`` needs to check all of it, measured
   as a real command in a new process, start-up included (target: 2 s at most).

Run: ``python benchmarks/chargement.py`` (``--modules N`` to change the size).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from apprendre.courses.library import load_library

WORDS = ("le numérique relie des machines par des réseaux et chacun en fait des usages "
         "différents selon ses besoins sa vie et ses envies l'ordinateur garde des fichiers "
         "dans sa mémoire et le processeur calcule très vite").split()
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

EXPLICATION = ("L'explication est montrée après la réponse, juste ou fausse : elle redit la bonne réponse "
               "et dit pourquoi, en deux ou trois phrases courtes, avec des mots simples.")
TYPES = ("choix unique", "vrai ou faux", "choix multiple", "classer", "ordre", "associer",
         "choix unique", "choix multiple", "classer", "vrai ou faux")


def question(number: int, kind: str) -> str:
    """One question as a mediator writes it: every choice with its one-line feedback."""
    head = (f'[[questions]]\nid = "question-{number}"\ntype = "{kind}"\n'
            f'enonce = "Voici l\'énoncé de la question numéro {number}, posé en une phrase ?"\n'
            f'explication = "{EXPLICATION}"\n')
    if kind in ("choix unique", "choix multiple"):
        return head + "".join(
            f'\n  [[questions.choix]]\n  texte = "Une réponse possible, la numéro {choice}"\n'
            + ("  juste = true\n" if choice == 1 or (kind == "choix multiple" and choice == 2) else
               f'  retour = "Ce choix-là n\'est pas le bon : voici pourquoi, en une ligne ({choice})."\n')
            for choice in range(1, 5))
    if kind == "vrai ou faux":
        return head + "reponse = true\n"
    if kind == "classer":
        families = ("Informatique", "Numérique", "Usages")
        return head + f"categories = {list(families)}\n".replace("'", '"') + "".join(
            f'\n  [[questions.elements]]\n  texte = "Un élément à ranger, le numéro {item}"\n'
            f'  categorie = "{families[item % 3]}"\n  retour = "Il va dans {families[item % 3]} parce que."\n'
            for item in range(1, 7))
    if kind == "ordre":
        return head + "elements = [\n" + "".join(f'  "Étape numéro {step} de la démarche",\n'
                                                 for step in range(1, 6)) + "]\n"
    return head + "".join(f'\n  [[questions.paires]]\n  gauche = "Le geste numéro {pair}"\n'
                          f'  droite = "Ce qu\'il fait, numéro {pair}"\n' for pair in range(1, 5))


QUIZ = "seuil = 80\n\n" + "\n".join(question(number, kind) for number, kind in enumerate(TYPES, start=1))


def module_toml(number: int) -> str:
    return f'''titre = "Module numéro {number}"
resume = "Un module pour mesurer le temps de chargement."
niveau = "débutant"
duree = 20
famille = "numérique"
competences = ["1.1", "2.1"]
auteurs = ["Banc d'essai"]
licence = "CC BY-SA 4.0"
version = "1.0.0"
ordre = {number}
lecons = ["01-debut.md", "02-milieu.md", "03-fin.md"]
'''


def lesson(number: int, with_image: bool) -> str:
    """About 500 words, in 5 pages."""
    parts = ["+++", f'titre = "Leçon {number}"', "duree = 5", "+++", "", f"# Leçon {number}", ""]
    for page in range(1, 6):
        parts += [f"## Page {page}", ""]
        for sentence in range(5):
            start = (page * 7 + sentence * 3) % len(WORDS)
            words = (WORDS * 2)[start:start + 20]
            parts.append(" ".join(words).capitalize() + ".")
        parts.append("")
    if with_image:
        parts.insert(8, "![Une image](image.png)\n")
    return "\n".join(parts)


def generate(folder: Path, modules: int) -> None:
    for number in range(modules):
        module = folder / f"module-{number:03d}"
        module.mkdir()
        (module / "module.toml").write_text(module_toml(number), encoding="utf-8")
        (module / "quiz.toml").write_text(QUIZ, encoding="utf-8")
        (module / "image.png").write_bytes(PNG)
        for index, name in enumerate(("01-debut.md", "02-milieu.md", "03-fin.md")):
            (module / name).write_text(lesson(index + 1, with_image=index == 0), encoding="utf-8")


def measure_load(folder: Path, expected: int, cache: Path | None = None) -> float:
    start = time.perf_counter()
    library = load_library(folder, cache=cache)
    elapsed = time.perf_counter() - start
    if len(library.cours) != expected or library.problemes:
        raise SystemExit(f"chargement incorrect : {len(library.cours)} modules, {library.problemes[:3]}")
    return elapsed


def measure_check(folder: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "apprendre", "verifier", str(folder)],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"la vérification a échoué :\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="Mesure le chargement et la vérification des cours.")
    parser.add_argument("--modules", type=int, default=500, help="nombre de modules (500)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cours"
        folder.mkdir()
        generate(folder, args.modules)
        cache = Path(tmp) / "cache.json"
        measure_load(folder, args.modules)  # warm the disk cache and the imports
        cold = min(measure_load(folder, args.modules) for _ in range(3))
        measure_load(folder, args.modules, cache)  # the app's first start writes its cache
        warm = min(measure_load(folder, args.modules, cache) for _ in range(3))
        check = min(measure_check(folder) for _ in range(2))
    print(f"Chargement du catalogue ({args.modules} modules), à chaque démarrage de l'application : "
          f"{warm:.2f} s (objectif : 0,5 s au plus)")
    print(f"  (au tout premier démarrage, ou sans cache : {cold:.2f} s)")
    print(f"apprendre verifier ({args.modules} modules) : {check:.2f} s (objectif : 2 s au plus)")


if __name__ == "__main__":
    main()
