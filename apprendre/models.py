"""The course library's data: modules, lessons and quizzes.

Field names are the French keys that mediators write in the TOML files
(see ``docs/format-des-cours.md``), so the models need no aliases. Every model
is frozen: a course never changes once loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CRCN_CODES: dict[str, str] = {
    "1.1": "Mener une recherche et une veille d'information",
    "1.2": "Gérer des données",
    "1.3": "Traiter des données",
    "2.1": "Interagir",
    "2.2": "Partager et publier",
    "2.3": "Collaborer",
    "2.4": "S'insérer dans le monde numérique",
    "3.1": "Développer des documents textuels",
    "3.2": "Développer des documents multimédia",
    "3.3": "Adapter les documents à leur finalité",
    "3.4": "Programmer",
    "4.1": "Sécuriser l'environnement numérique",
    "4.2": "Protéger les données personnelles et la vie privée",
    "4.3": "Protéger la santé, le bien-être et l'environnement",
    "5.1": "Résoudre des problèmes techniques",
    "5.2": "Construire un environnement numérique",
}

Famille = Literal["informatique", "numérique", "usages"]
Niveau = Literal["débutant", "intermédiaire"]
Texte = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    """Base of every course model: unknown keys are errors, nothing changes after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=True)


class Module(Strict):
    """A module's metadata, read from ``module.toml``."""

    titre: Texte
    resume: Texte
    niveau: Niveau
    duree: int = Field(ge=1, le=600)
    """Estimated duration, in minutes."""
    famille: Famille
    competences: list[str] = Field(min_length=1)
    """CRCN codes, such as "1.1"."""
    auteurs: list[Texte] = Field(min_length=1)
    licence: Texte
    version: Texte
    ordre: int = 100
    """Place in the catalogue: smaller comes first."""
    lecons: list[Texte] = Field(min_length=1)
    """Lesson file names, in reading order."""

    @field_validator("competences")
    @classmethod
    def _known_codes(cls, codes: list[str]) -> list[str]:
        unknown = [code for code in codes if code not in CRCN_CODES]
        if unknown:
            raise ValueError(f"code CRCN inconnu : {', '.join(unknown)}")
        return codes


class EnTete(Strict):
    """The optional TOML front matter of a lesson, between two ``+++`` lines."""

    titre: Texte | None = None
    duree: int | None = Field(default=None, ge=1, le=600)


class Choix(Strict):
    texte: Texte
    juste: bool = False
    retour: str = ""
    """One line shown after the answer when this choice was picked."""


class Element(Strict):
    """An item of a *classer* question, with the category it belongs to."""

    texte: Texte
    categorie: Texte
    retour: str = ""


class Paire(Strict):
    gauche: Texte
    droite: Texte


class QuestionBase(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    enonce: Texte
    explication: Texte


class ChoixUnique(QuestionBase):
    type: Literal["choix unique"]
    choix: list[Choix] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _one_right(self) -> ChoixUnique:
        right = sum(choice.juste for choice in self.choix)
        if right != 1:
            raise ValueError(f"il faut exactement une réponse juste (juste = true), il y en a {right}")
        return self


class ChoixMultiple(QuestionBase):
    type: Literal["choix multiple"]
    choix: list[Choix] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _some_right(self) -> ChoixMultiple:
        if not any(choice.juste for choice in self.choix):
            raise ValueError("il faut au moins une réponse juste (juste = true)")
        return self


class VraiFaux(QuestionBase):
    type: Literal["vrai ou faux"]
    reponse: bool
    """Whether the statement is true."""


class Classer(QuestionBase):
    type: Literal["classer"]
    categories: list[Texte] = Field(min_length=2, max_length=4)
    elements: list[Element] = Field(min_length=3, max_length=12)

    @model_validator(mode="after")
    def _known_categories(self) -> Classer:
        unknown = [e.texte for e in self.elements if e.categorie not in self.categories]
        if unknown:
            raise ValueError(
                "la catégorie de « "
                + " », « ".join(unknown)
                + " » n'est pas dans la liste categories"
            )
        return self


class Ordre(QuestionBase):
    type: Literal["ordre"]
    elements: list[Texte] = Field(min_length=3, max_length=8)
    """The steps, written in the right order."""


class Associer(QuestionBase):
    type: Literal["associer"]
    paires: list[Paire] = Field(min_length=2, max_length=8)


Question = Annotated[
    Union[ChoixUnique, ChoixMultiple, VraiFaux, Classer, Ordre, Associer],
    Field(discriminator="type"),
]
QUESTION_TYPES = ("choix unique", "choix multiple", "vrai ou faux", "classer", "ordre", "associer")


class Quiz(Strict):
    seuil: int = Field(default=80, ge=1, le=100)
    """Mastery threshold, in percent of right answers."""
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Quiz:
        seen: set[str] = set()
        for question in self.questions:
            if question.id in seen:
                raise ValueError(f"l'identifiant de question « {question.id} » est utilisé deux fois")
            seen.add(question.id)
        return self


class Page(Strict):
    titre: str
    texte: str
    ligne: int
    """Line of the lesson file where this page starts (1-based)."""


class Lecon(Strict):
    """A lesson, read page by page. Pages are cut at each ``##`` heading."""

    id: str
    titre: str
    duree: int | None = None
    pages: list[Page]


class Cours(Strict):
    """A loaded module: its metadata, its lesson files and its quiz.

    Lesson texts are not kept at load time (the catalogue doesn't need them);
    ``library.load_lecon`` reads one when it is opened.
    """

    model_config = ConfigDict(strict=False)

    id: str
    module: Module
    dossier: Path
    quiz: Quiz
    titres_lecons: list[str]
    """Lesson titles, in order, read from each lesson's front matter or first heading."""
    pages_par_lecon: list[int]
    """Number of pages of each lesson, in order (for progress bars)."""

    @property
    def lecon_ids(self) -> list[str]:
        return [name.removesuffix(".md") for name in self.module.lecons]


def known_keys() -> set[str]:
    """Every key the course files may use, to suggest a fix for a misspelt one."""
    models = (Module, EnTete, Choix, Element, Paire, ChoixUnique, ChoixMultiple, VraiFaux,
              Classer, Ordre, Associer, Quiz)
    return {name for model in models for name in model.model_fields}
