"""The checker's remarques: what a colleague would point out, without blocking anything.

``apprendre verifier`` reports errors (a module that can't load) and, for the
modules that load, these remarques, each with file and line:

- text of the template left in place (« Remplacez… »), an empty ``retour``, a
  question whose explanation says nothing;
- readability for adults who read little: a sentence of more than 15 words
  (quoted), a lesson whose Kandel–Moles score is under 60, a word of the jargon
  list used before it is explained;
- in a classer question on the three families, an item whose phrasing gives its
  family away (``formulation``);
- a module that names no La Coop thématique.

``--strict`` turns them into errors, for a network that shares modules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from apprendre.base.files import FileError, Probleme, read_text
from apprendre.base.positions import find_position, toml_positions
from apprendre.courses import formulation
from apprendre.courses.models import Classer, Cours
from apprendre.courses.readability import measure, sentences

MAX_WORDS_PER_SENTENCE = 15
MIN_KANDEL_MOLES = 60
MIN_EXPLANATION_WORDS = 4
TEMPLATE_MARK = re.compile(r"\bRemplacez\b")
EMPTY_RETOUR = re.compile(r'^\s*retour\s*=\s*(""|\'\')\s*(#.*)?$')
EXPLAINED = re.compile(r"c['’]est|veut dire|signifie|désigne|appel|autrement dit|\(|:|—|–")
"""In the sentence of a word's first use, what shows it is being explained."""


def jargon_words(texts: Iterable[str]) -> list[str]:
    """The words of jargon lists: one a line, blank lines and « # » comments ignored."""
    words: list[str] = []
    for text in texts:
        for line in text.splitlines():
            word = line.split("#", 1)[0].strip()
            if word and word.casefold() not in {w.casefold() for w in words}:
                words.append(word)
    return words


def module_remarks(cours: Cours, jargon: Iterable[str] = ()) -> list[Probleme]:
    """Every remarque on a module that loads, sorted by file and line."""
    folder = Path(cours.dossier)
    remarks: list[Probleme] = []
    for name in ("module.toml", "quiz.toml", *cours.module.lecons):
        remarks += _template_text(folder / name)
    remarks += _empty_retours(folder / "quiz.toml")
    remarks += _quiz_remarks(cours)
    remarks += _lesson_remarks(cours, list(jargon))
    if not cours.module.thematiques:
        remarks.append(Probleme(folder / "module.toml", "ce module ne dit pas quelles thématiques de La Coop de la "
                                "médiation numérique il sert : ajoutez par exemple thematiques = "
                                "[\"Culture numérique\"] (libellés exacts dans docs/format-des-cours.md), pour "
                                "que « apprendre rapport --coop » le compte"))
    return sorted(dict.fromkeys(remarks), key=lambda r: (str(r.fichier), r.ligne or 0, r.message))


def _lines(path: Path) -> list[str]:
    try:
        return read_text(path).splitlines()
    except FileError:
        return []


def _template_text(path: Path) -> list[Probleme]:
    remarks = []
    for number, line in enumerate(_lines(path), start=1):
        if path.suffix != ".md" and line.lstrip().startswith("#"):
            continue  # a comment of the template explains; only the values must change
        if TEMPLATE_MARK.search(line):
            remarks.append(Probleme(path, "le texte du modèle est resté (« Remplacez… ») : écrivez le vôtre",
                                    ligne=number))
    return remarks


def _empty_retours(path: Path) -> list[Probleme]:
    return [Probleme(path, "ce retour est vide : écrivez la phrase que l'apprenant lira s'il se trompe, "
                           "ou retirez la ligne", ligne=number)
            for number, line in enumerate(_lines(path), start=1) if EMPTY_RETOUR.match(line)]


def _quiz_remarks(cours: Cours) -> list[Probleme]:
    path = Path(cours.dossier) / "quiz.toml"
    try:
        positions = toml_positions(read_text(path))
    except FileError:
        positions = {}

    def line_of(*loc: str | int) -> int | None:
        found = find_position(positions, loc)
        return found[0] if found else None

    remarks = []
    for index, question in enumerate(cours.quiz.questions):
        if len(question.explication.split()) < MIN_EXPLANATION_WORDS:
            remarks.append(Probleme(path, f"la question « {question.id} » n'a pas vraiment d'explication : dites "
                                          "en une phrase pourquoi la bonne réponse est juste",
                                    ligne=line_of("questions", index, "explication")))
        if isinstance(question, Classer) and formulation.sur_les_trois_familles(question):
            for item, guess, right in formulation.tri_naif(question):
                if right and guess.raison != formulation.PARI:
                    texte = question.elements[item].texte
                    remarks.append(Probleme(path, f"« {texte} » se range dans sa famille par sa seule formulation "
                                                  f"({guess.raison} « {guess.indice} ») : reformulez-le pour que "
                                                  "seule la question « qui ou quoi agit ici ? » donne la réponse",
                                            ligne=line_of("questions", index, "elements", item, "texte")))
    return remarks


def _lesson_remarks(cours: Cours, jargon: list[str]) -> list[Probleme]:
    from apprendre.courses.library import split_front_matter

    remarks: list[Probleme] = []
    unexplained = {word: _word_pattern(word) for word in jargon}
    for name in cours.module.lecons:
        path = Path(cours.dossier) / name
        try:
            text = read_text(path)
            _, body, first = split_front_matter(text, path)
        except FileError:
            continue
        score = measure(body).score
        if score < MIN_KANDEL_MOLES:
            remarks.append(Probleme(path, f"cette leçon est difficile à lire : score de Kandel et Moles "
                                          f"{round(score)}, visez {MIN_KANDEL_MOLES} ou plus (phrases plus "
                                          "courtes, mots plus courts ; voir docs/lisibilite.md)"))
        for number, sentence, count in sentences(body):
            line = first + number - 1
            if count > MAX_WORDS_PER_SENTENCE:
                remarks.append(Probleme(path, f"phrase de {count} mots (plus de {MAX_WORDS_PER_SENTENCE}) : "
                                              f"« {sentence} » ; coupez-la en deux", ligne=line))
            for word, pattern in list(unexplained.items()):
                if pattern.search(sentence):
                    del unexplained[word]  # only its first use must explain it
                    if not EXPLAINED.search(sentence):
                        remarks.append(Probleme(path, f"le mot « {word} » arrive sans explication : la première "
                                                      f"fois, dites ce que c'est (par exemple « {word}, c'est… »), "
                                                      "ou choisissez un mot de tous les jours",
                                                ligne=line))
    return remarks


def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?:s|x)?(?![\w-])", re.IGNORECASE)
