"""Grading an answer and shuffling a question: pure functions the quiz screen calls.

An answer is always given as texts (the choice picked, the category of each
item…), never as positions, so that shuffling can't change what it means.

Each answer is worth points (docs/format-des-cours.md, « Comment chaque type est
compté »): one per item for *classer*, one per pair for *associer*, one per step
at its right place for *ordre*, one for the other types. A question is right
(``juste``) only with every point; the quiz's score and mastery add the points.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TypeVar

from apprendre.courses.models import (
    Associer,
    ChoixMultiple,
    ChoixUnique,
    Classer,
    Ordre,
    Question,
    VraiFaux,
)

SEPARATOR = " → "

T = TypeVar("T")


@dataclass(frozen=True)
class Correction:
    juste: bool
    retours: list[str] = field(default_factory=list)
    """Feedback lines: the chosen choices' feedback, each misplaced item with its right place."""
    donnee: tuple[str, ...] = ()
    """The answer as texts, as it is recorded in the learner's progress."""
    points: int = 0
    """Items well placed (pairs, steps…), or 1 for a right answer to a one-point question."""
    sur: int = 1
    """What the question is worth: its items, pairs or steps; 1 for the other types."""
    justes: tuple[str, ...] = ()
    """For classer, associer and ordre: the items the learner got right (the others are in ``retours``)."""


def grade_choix(question: ChoixUnique | ChoixMultiple, chosen: set[str]) -> Correction:
    right = {c.texte for c in question.choix if c.juste}
    retours = [c.retour for c in question.choix if c.texte in chosen and c.retour]
    if isinstance(question, ChoixMultiple):
        missed = [c.texte for c in question.choix if c.juste and c.texte not in chosen]
        retours += [f"Il fallait aussi cocher « {texte} »." for texte in missed if chosen <= right]
    donnee = tuple(c.texte for c in question.choix if c.texte in chosen)
    juste = chosen == right
    return Correction(juste=juste, retours=retours, donnee=donnee, points=int(juste))


def grade_vrai_faux(question: VraiFaux, answer: bool) -> Correction:
    right = "vrai" if question.reponse else "faux"
    retours = [] if answer == question.reponse else [f"La bonne réponse était : {right}."]
    return Correction(juste=answer == question.reponse, retours=retours,
                      donnee=("vrai" if answer else "faux",), points=int(answer == question.reponse))


def grade_classer(question: Classer, placed: dict[str, str]) -> Correction:
    """``placed`` maps each item's text to the category the learner chose."""
    retours, justes = [], []
    for element in question.elements:
        chosen = placed.get(element.texte)
        if chosen != element.categorie:
            line = f"« {element.texte} » va dans {element.categorie}."
            line += f" {element.retour}" if element.retour else ""
            retours.append(line)
        else:
            justes.append(element.texte)
    donnee = tuple(f"{e.texte}{SEPARATOR}{placed.get(e.texte, '?')}" for e in question.elements)
    return Correction(juste=not retours, retours=retours, donnee=donnee,
                      points=len(justes), sur=len(question.elements), justes=tuple(justes))


def grade_ordre(question: Ordre, order: list[str]) -> Correction:
    """One point per step at its right rank."""
    right = list(question.elements)
    juste = order == right
    justes = tuple(texte for texte, wanted in zip(order, right) if texte == wanted)
    retours = [] if juste else ["Le bon ordre : " + " ; ".join(
        f"{rank}. {texte}" for rank, texte in enumerate(right, start=1))]
    return Correction(juste=juste, retours=retours, donnee=tuple(order),
                      points=len(justes), sur=len(right), justes=justes)


def grade_associer(question: Associer, pairs: dict[str, str]) -> Correction:
    """``pairs`` maps each left text to the right text the learner linked it to."""
    retours = [
        f"« {p.gauche} » va avec « {p.droite} »."
        for p in question.paires if pairs.get(p.gauche) != p.droite
    ]
    justes = tuple(p.gauche for p in question.paires if pairs.get(p.gauche) == p.droite)
    donnee = tuple(f"{p.gauche}{SEPARATOR}{pairs.get(p.gauche, '?')}" for p in question.paires)
    return Correction(juste=not retours, retours=retours, donnee=donnee,
                      points=len(justes), sur=len(question.paires), justes=justes)


def shuffled(items: list[T], rng: random.Random, avoid_same: bool = False) -> list[T]:
    """A shuffled copy; with ``avoid_same``, never the original order (for *ordre*)."""
    result = list(items)
    for _ in range(20):
        rng.shuffle(result)
        if not avoid_same or result != list(items) or len(set(map(str, items))) < 2:
            break
    return result


def regrade(question: Question, donnee: tuple[str, ...]) -> Correction:
    """The correction of an answer recorded as texts (``Correction.donnee``), e.g. to resume a quiz."""
    if isinstance(question, (ChoixUnique, ChoixMultiple)):
        return grade_choix(question, set(donnee))
    if isinstance(question, VraiFaux):
        return grade_vrai_faux(question, donnee == ("vrai",))
    if isinstance(question, Ordre):
        return grade_ordre(question, list(donnee))
    placed = dict(item.split(SEPARATOR, 1) for item in donnee if SEPARATOR in item)
    if isinstance(question, Classer):
        return grade_classer(question, placed)
    return grade_associer(question, placed)
