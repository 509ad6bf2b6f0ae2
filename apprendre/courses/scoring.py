"""Grading an answer and shuffling a question: pure functions the quiz screen calls.

An answer is always given as texts (the choice picked, the category of each
item…), never as positions, so that shuffling can't change what it means.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from apprendre.courses.models import (
    Associer,
    ChoixMultiple,
    ChoixUnique,
    Classer,
    Ordre,
    VraiFaux,
)

SEPARATOR = " → "


@dataclass(frozen=True)
class Correction:
    juste: bool
    retours: list[str] = field(default_factory=list)
    """Feedback lines: the chosen choices' feedback, each misplaced item with its right place."""
    donnee: tuple[str, ...] = ()
    """The answer as texts, as it is recorded in the learner's progress."""


def grade_choix(question: ChoixUnique | ChoixMultiple, chosen: set[str]) -> Correction:
    right = {c.texte for c in question.choix if c.juste}
    retours = [c.retour for c in question.choix if c.texte in chosen and c.retour]
    if isinstance(question, ChoixMultiple):
        missed = [c.texte for c in question.choix if c.juste and c.texte not in chosen]
        retours += [f"Il fallait aussi cocher « {texte} »." for texte in missed if chosen <= right]
    donnee = tuple(c.texte for c in question.choix if c.texte in chosen)
    return Correction(juste=chosen == right, retours=retours, donnee=donnee)


def grade_vrai_faux(question: VraiFaux, answer: bool) -> Correction:
    right = "vrai" if question.reponse else "faux"
    retours = [] if answer == question.reponse else [f"La bonne réponse était : {right}."]
    return Correction(juste=answer == question.reponse, retours=retours,
                      donnee=("vrai" if answer else "faux",))


def grade_classer(question: Classer, placed: dict[str, str]) -> Correction:
    """``placed`` maps each item's text to the category the learner chose."""
    retours = []
    for element in question.elements:
        chosen = placed.get(element.texte)
        if chosen != element.categorie:
            line = f"« {element.texte} » va dans {element.categorie}."
            line += f" {element.retour}" if element.retour else ""
            retours.append(line)
    donnee = tuple(f"{e.texte}{SEPARATOR}{placed.get(e.texte, '?')}" for e in question.elements)
    return Correction(juste=not retours, retours=retours, donnee=donnee)


def grade_ordre(question: Ordre, order: list[str]) -> Correction:
    juste = order == list(question.elements)
    retours = [] if juste else ["Le bon ordre : " + " ; ".join(
        f"{rank}. {texte}" for rank, texte in enumerate(question.elements, start=1))]
    return Correction(juste=juste, retours=retours, donnee=tuple(order))


def grade_associer(question: Associer, pairs: dict[str, str]) -> Correction:
    """``pairs`` maps each left text to the right text the learner linked it to."""
    retours = [
        f"« {p.gauche} » va avec « {p.droite} »."
        for p in question.paires if pairs.get(p.gauche) != p.droite
    ]
    donnee = tuple(f"{p.gauche}{SEPARATOR}{pairs.get(p.gauche, '?')}" for p in question.paires)
    return Correction(juste=not retours, retours=retours, donnee=donnee)


def shuffled(items: list, rng: random.Random, avoid_same: bool = False) -> list:
    """A shuffled copy; with ``avoid_same``, never the original order (for *ordre*)."""
    result = list(items)
    for _ in range(20):
        rng.shuffle(result)
        if not avoid_same or result != list(items) or len(set(map(str, items))) < 2:
            break
    return result
