"""Benchmark: load and check a library of 500 modules.

Generates, in a temporary folder, 500 modules of 3 lessons (~500 words each,
cut into pages, one image) and a 10-question quiz (every question type), then
prints two figures:

1. the time the app needs to load the library for its catalogue
   (``library.load_library``; target: 0.5 s at most);
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

from apprendre.library import load_library

WORDS = ("le numérique relie des machines par des réseaux et chacun en fait des usages "
         "différents selon ses besoins sa vie et ses envies l'ordinateur garde des fichiers "
         "dans sa mémoire et le processeur calcule très vite").split()
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

QUIZ = '''seuil = 80

[[questions]]
id = "q1"
type = "choix unique"
enonce = "Quelle pièce calcule ?"
explication = "Le processeur fait les calculs."
  [[questions.choix]]
  texte = "Le processeur"
  juste = true
  [[questions.choix]]
  texte = "L'écran"
  retour = "L'écran affiche."
  [[questions.choix]]
  texte = "Le clavier"

[[questions]]
id = "q2"
type = "choix multiple"
enonce = "Lesquels sont des réseaux ?"
explication = "La 4G et la fibre relient des machines."
  [[questions.choix]]
  texte = "La 4G"
  juste = true
  [[questions.choix]]
  texte = "La fibre"
  juste = true
  [[questions.choix]]
  texte = "Un tableur"

[[questions]]
id = "q3"
type = "vrai ou faux"
enonce = "Un fichier est gardé en mémoire."
reponse = true
explication = "Les fichiers sont enregistrés sur le disque."

[[questions]]
id = "q4"
type = "classer"
enonce = "Rangez chaque élément."
categories = ["Informatique", "Numérique", "Usages"]
explication = "Machines, réseaux, ce qu'on en fait."
  [[questions.elements]]
  texte = "Le processeur"
  categorie = "Informatique"
  [[questions.elements]]
  texte = "Le réseau 4G"
  categorie = "Numérique"
  retour = "Il relie des machines."
  [[questions.elements]]
  texte = "Prendre rendez-vous en ligne"
  categorie = "Usages"
  [[questions.elements]]
  texte = "La mémoire vive"
  categorie = "Informatique"

[[questions]]
id = "q5"
type = "ordre"
enonce = "Remettez dans l'ordre."
elements = ["Allumer", "Se connecter", "Ouvrir le navigateur", "Écrire l'adresse"]
explication = "On allume, on se connecte, on ouvre, on écrit."

[[questions]]
id = "q6"
type = "associer"
enonce = "Associez."
explication = "Chaque outil a son usage."
  [[questions.paires]]
  gauche = "Le clavier"
  droite = "Écrire"
  [[questions.paires]]
  gauche = "La souris"
  droite = "Pointer"
  [[questions.paires]]
  gauche = "L'écran"
  droite = "Voir"
'''
QUIZ += "".join(f'''
[[questions]]
id = "q{number}"
type = "vrai ou faux"
enonce = "Affirmation numéro {number}."
reponse = false
explication = "Explication numéro {number}."
''' for number in range(7, 11))


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


def measure_load(folder: Path, expected: int) -> float:
    start = time.perf_counter()
    library = load_library(folder)
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
        folder = Path(tmp)
        generate(folder, args.modules)
        measure_load(folder, args.modules)  # warm the disk cache and the imports
        load = min(measure_load(folder, args.modules) for _ in range(3))
        check = min(measure_check(folder) for _ in range(2))
    print(f"Chargement du catalogue ({args.modules} modules) : {load:.2f} s (objectif : 0,5 s au plus)")
    print(f"apprendre verifier ({args.modules} modules) : {check:.2f} s (objectif : 2 s au plus)")


if __name__ == "__main__":
    main()
