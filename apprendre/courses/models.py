"""The course library's data: modules, lessons and quizzes.

Field names are the French keys that mediators write in the TOML files
(see ``docs/format-des-cours.md``), so the models need no aliases. Every model
is frozen: a course never changes once loaded.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

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

THEMATIQUES_COOP: tuple[str, ...] = (
    "Diagnostic numérique", "Prendre en main du matériel", "Maintenance de matériel",
    "Gérer ses contenus numériques", "Navigation sur internet", "E-mail", "Bureautique",
    "Réseaux sociaux communication", "Santé", "Banque et achats en ligne", "Accompagner un professionnel",
    "Insertion professionnelle", "Prévention en sécurité numérique", "Parentalité",
    "Scolarité et numérique", "Créer avec le numérique", "Culture numérique",
    "Intelligence artificielle (IA)", "Aide aux démarches administratives",
)
"""The thématiques of La Coop de la médiation numérique's activity form, its exact labels in its order."""

Famille = Literal["informatique", "numérique", "usages"]
Niveau = Literal["débutant", "intermédiaire"]
Texte = Annotated[str, Field(min_length=1)]

# --- Errors about the content itself ----------------------------------------------------------
# pydantic places a model validator's error on the whole model. A problem such as "this item's
# category does not exist" belongs on the item's line, so these validators raise one CONTENU
# error that carries each problem with its place below the model (``problemes.py`` unfolds it).

CONTENU = "contenu"
Lieu = tuple[str | int, ...]


def content_error(found: Iterable[tuple[Lieu, str]]) -> PydanticCustomError:
    """One pydantic error holding several (place below the model, French message) pairs."""
    found = tuple(found)
    return PydanticCustomError(CONTENU, "{resume}", {"resume": " ; ".join(m for _, m in found), "lieux": found})


def _one_line(text: str) -> str:
    if "\n" in text:
        raise PydanticCustomError("une_ligne", "le texte doit tenir sur une seule ligne")
    return text


Ligne = Annotated[str, Field(min_length=1), AfterValidator(_one_line)]
"""A non-empty text on a single line (a title, a summary, a feedback)."""
Retour = Annotated[str, AfterValidator(_one_line)]
"""An optional one-line feedback: empty means none."""


def _same(text: str) -> str:
    """What two texts that a learner could not tell apart have in common."""
    return " ".join(text.split()).casefold()


def _duplicates(texts: Iterable[str]) -> list[int]:
    """Indexes of the texts already seen earlier in the list."""
    texts = list(texts)
    if len({_same(text) for text in texts}) == len(texts):
        return []
    seen: set[str] = set()
    repeated = []
    for index, text in enumerate(texts):
        if _same(text) in seen:
            repeated.append(index)
        seen.add(_same(text))
    return repeated


def _quote(values: Iterable[str]) -> str:
    return ", ".join(f"« {value} »" for value in values)


class Strict(BaseModel):
    """Base of every course model: unknown keys are errors, nothing changes after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=True, defer_build=True)


class Module(Strict):
    """A module's metadata, read from ``module.toml``."""

    titre: Ligne
    resume: Ligne
    """One line, shown in the catalogue."""
    niveau: Niveau
    duree: int = Field(ge=1, le=600)
    """Estimated duration, in minutes."""
    famille: Famille
    """The family the module mainly teaches."""
    competences: list[str] = Field(min_length=1)
    """CRCN codes, such as "1.1"."""
    auteurs: list[Ligne] = Field(min_length=1)
    licence: Ligne
    version: Ligne
    ordre: int = Field(default=100, ge=0, le=100_000)
    """Place in the catalogue: smaller comes first."""
    lecons: list[str] = Field(min_length=1)
    """Lesson file names, in reading order."""
    thematiques: list[str] = Field(default_factory=list)
    """The La Coop thématiques the module serves, with La Coop's exact labels (for ``rapport --coop``)."""

    @field_validator("thematiques")
    @classmethod
    def _coop_labels(cls, labels: list[str]) -> list[str]:
        found = [((index,), _unknown_thematique(label)) for index, label in enumerate(labels)
                 if label not in THEMATIQUES_COOP]
        found += [((index,), f"la thématique « {labels[index]} » est écrite deux fois : retirez l'une des deux")
                  for index in _duplicates(labels)]
        if found:
            raise content_error(found)
        return labels

    @field_validator("competences")
    @classmethod
    def _known_codes(cls, codes: list[str]) -> list[str]:
        found = [((index,), f"« {code} » n'est pas un code du CRCN : les codes vont de 1.1 à 5.2 "
                           f"(voir la liste dans docs/format-des-cours.md)")
                 for index, code in enumerate(codes) if code not in CRCN_CODES]
        found += [((index,), f"le code « {codes[index]} » est écrit deux fois : retirez l'un des deux")
                  for index in _duplicates(codes)]
        if found:
            raise content_error(found)
        return codes

    @field_validator("lecons")
    @classmethod
    def _lesson_files(cls, names: list[str]) -> list[str]:
        found = [((index,), problem) for index, name in enumerate(names)
                 if (problem := lesson_name_problem(name))]
        found += [((index,), f"la leçon « {names[index]} » est listée deux fois : retirez l'une des deux")
                  for index in _duplicates(names)]
        if found:
            raise content_error(found)
        return names


def _unknown_thematique(label: str) -> str:
    message = f"« {label} » n'est pas une thématique de La Coop de la médiation numérique"
    close = [t for t in THEMATIQUES_COOP if _same(t) == _same(label)] or _close(label, THEMATIQUES_COOP)
    if close:
        return f"{message} : vouliez-vous écrire « {close[0]} » ?"
    return f"{message} : recopiez l'un de ses libellés exacts (liste dans docs/format-des-cours.md)"


def lesson_name_problem(name: str) -> str | None:
    """What is wrong with a name in ``lecons``, if anything."""
    if not name.strip():
        return "un nom de leçon est vide : écrivez le nom d'un fichier .md du dossier"
    if "/" in name or "\\" in name:
        return f"« {name} » : écrivez seulement le nom du fichier, sans dossier ; la leçon doit être dans le dossier du module"
    if not name.endswith(".md") or name.startswith((".", "_")):
        return f"« {name} » n'est pas un fichier de leçon : une leçon est un fichier Markdown dont le nom finit par « .md »"
    return None


class EnTete(Strict):
    """The optional TOML front matter of a lesson, between two ``+++`` lines."""

    titre: Ligne | None = None
    duree: int | None = Field(default=None, ge=1, le=600)
    """Estimated reading time, in minutes."""


class Choix(Strict):
    texte: Texte
    juste: bool = False
    retour: Retour = ""
    """One line shown after the answer when this choice was picked."""


class Element(Strict):
    """An item of a *classer* question, with the category it belongs to."""

    texte: Texte
    categorie: Texte
    retour: Retour = ""
    """One line shown after the answer when this item was put in the wrong category."""


class Paire(Strict):
    gauche: Texte
    droite: Texte


class QuestionBase(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    enonce: Texte
    explication: Texte
    """Shown after the answer, right or wrong."""


def _duplicate_texts(key: str, texts: list[str], what: str) -> list[tuple[Lieu, str]]:
    return [((key, index) if what != "choix" else (key, index, "texte"),
             f"« {texts[index]} » est écrit deux fois dans {what} : chaque texte doit être différent")
            for index in _duplicates(texts)]


class ChoixUnique(QuestionBase):
    type: Literal["choix unique"]
    choix: list[Choix] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _one_right(self) -> ChoixUnique:
        found = _duplicate_texts("choix", [c.texte for c in self.choix], "choix")
        right = [index for index, choice in enumerate(self.choix) if choice.juste]
        if not right:
            found.append((("choix",), "aucun choix n'est juste : ajoutez juste = true sous la bonne réponse"))
        for index in right[1:]:
            found.append((("choix", index, "juste"),
                          f"plusieurs choix sont justes (choix {', '.join(str(i + 1) for i in right)}) : "
                          "une question « choix unique » n'a qu'une bonne réponse ; gardez juste = true "
                          "sur une seule, ou écrivez type = \"choix multiple\""))
        if found:
            raise content_error(found)
        return self


class ChoixMultiple(QuestionBase):
    type: Literal["choix multiple"]
    choix: list[Choix] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _some_right(self) -> ChoixMultiple:
        found = _duplicate_texts("choix", [c.texte for c in self.choix], "choix")
        if not any(choice.juste for choice in self.choix):
            found.append((("choix",), "aucun choix n'est juste : ajoutez juste = true sous chaque bonne réponse"))
        if found:
            raise content_error(found)
        return self


class VraiFaux(QuestionBase):
    type: Literal["vrai ou faux"]
    reponse: bool
    """Whether the statement is true."""


class Classer(QuestionBase):
    """Sort items into named categories: the core question type."""

    type: Literal["classer"]
    categories: list[Texte] = Field(min_length=2, max_length=4)
    elements: list[Element] = Field(min_length=3, max_length=12)

    @model_validator(mode="after")
    def _known_categories(self) -> Classer:
        found = _duplicate_texts("categories", self.categories, "categories")
        found += _duplicate_texts("elements", [e.texte for e in self.elements], "les éléments")
        found = [(place + ("texte",) if place[0] == "elements" else place, message)
                 for place, message in found]
        for index, element in enumerate(self.elements):
            if element.categorie not in self.categories:
                found.append((("elements", index, "categorie"), _unknown_category(element.categorie, self.categories)))
        if found:
            raise content_error(found)
        return self


def _unknown_category(name: str, categories: list[str]) -> str:
    message = f"la catégorie « {name} » n'est pas dans la liste categories ({_quote(categories)})"
    close = [c for c in categories if _same(c) == _same(name)] or _close(name, categories)
    if close:
        return f"{message} : vouliez-vous écrire « {close[0]} » ?"
    return f"{message} : écrivez l'une d'elles, ou ajoutez celle-ci à la liste"


def _close(word: str, candidates: Iterable[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.7)


class Ordre(QuestionBase):
    """Put steps back in order: the file gives them in the right order, the app shuffles them."""

    type: Literal["ordre"]
    elements: list[Texte] = Field(min_length=3, max_length=8)
    """The steps, written in the right order."""

    @model_validator(mode="after")
    def _distinct(self) -> Ordre:
        found = _duplicate_texts("elements", self.elements, "les étapes")
        if found:
            raise content_error(found)
        return self


class Associer(QuestionBase):
    """Match each left item with its right item."""

    type: Literal["associer"]
    paires: list[Paire] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _distinct(self) -> Associer:
        found = []
        for side in ("gauche", "droite"):
            texts = [getattr(pair, side) for pair in self.paires]
            found += [(("paires", index, side),
                       f"« {texts[index]} » est écrit deux fois à {side} : chaque élément doit être "
                       "différent, sinon on ne sait pas avec quoi l'associer")
                      for index in _duplicates(texts)]
        if found:
            raise content_error(found)
        return self


Question = Annotated[
    ChoixUnique | ChoixMultiple | VraiFaux | Classer | Ordre | Associer,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("choix unique", "choix multiple", "vrai ou faux", "classer", "ordre", "associer")


class Quiz(Strict):
    seuil: int = Field(default=80, ge=1, le=100)
    """Mastery threshold, in percent of right answers."""
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="wrap")
    @classmethod
    def _unique_ids(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Quiz:
        """Duplicate ids are found on the raw data, so that they are reported together with
        the other problems of the quiz, even when some question is broken."""
        repeated = _duplicate_ids(data)
        try:
            quiz = handler(data)
        except ValidationError as error:
            if not repeated:
                raise
            raise _with_errors(error, repeated) from None
        if repeated:
            raise ValidationError.from_exception_data(cls.__name__, repeated)
        return cast(Quiz, quiz)


def _duplicate_ids(data: Any) -> list[Any]:
    questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(questions, list):
        return []
    seen: set[str] = set()
    errors = []
    for index, question in enumerate(questions):
        ident = question.get("id") if isinstance(question, dict) else None
        if not isinstance(ident, str):
            continue
        if ident.strip() in seen:
            message = (f"l'identifiant « {ident.strip()} » est déjà celui d'une autre question : "
                       "chaque question du quiz a son propre id")
            errors.append({"type": content_error([((), message)]), "loc": ("questions", index, "id"),
                           "input": ident})
        seen.add(ident.strip())
    return errors


def _with_errors(error: ValidationError, extra: list[Any]) -> ValidationError:
    """``error`` plus ``extra`` errors, as one ValidationError."""
    errors = []
    for detail in error.errors():
        kind = detail["type"]
        item = {"loc": detail["loc"], "input": detail["input"]}
        if kind in (CONTENU, "une_ligne"):  # ours: not pydantic's own types
            item["type"] = PydanticCustomError(kind, "{resume}" if kind == CONTENU else detail["msg"],
                                               detail.get("ctx"))
        else:
            item["type"] = kind
            if "ctx" in detail:
                item["ctx"] = detail["ctx"]
        errors.append(item)
    return ValidationError.from_exception_data(error.title, errors + extra)


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


QUIZ_KEPT = 32
"""How many quizzes read on demand stay in memory (each is tens of KB; a catalogue may have 1,000)."""


class Cours(Strict):
    """A loaded module: what the catalogue and the module screen show, without its texts.

    Neither the lessons nor the quiz are kept at load time: with 1,000 modules their
    questions were most of the app's memory. ``library.load_lecon`` reads a lesson when
    it is opened; ``quiz`` reads the quiz the first time it is asked for (and keeps it).
    ``seuil`` and ``ids_questions`` are copied from the quiz, checked when the module
    was loaded, for the cards' statuses and the count of questions to review.
    """

    model_config = ConfigDict(strict=False)

    id: str
    module: Module
    dossier: Path
    titres_lecons: list[str]
    """Lesson titles, in order, read from each lesson's front matter or first heading."""
    pages_par_lecon: list[int]
    """Number of pages of each lesson, in order (for progress bars)."""
    seuil: int
    """The quiz's mastery threshold, in percent."""
    ids_questions: list[str]
    """The ids of the quiz's questions, in order."""
    _quiz: Quiz | None = PrivateAttr(default=None)
    _recent: ClassVar[OrderedDict[int, Cours]] = OrderedDict()
    """The modules whose quiz was read last: only ``QUIZ_KEPT`` quizzes are kept at a time."""

    @property
    def quiz(self) -> Quiz:
        """The module's quiz, read from its file the first time (``library.load_quiz``).

        Raises FileError (French, with file and line) if the file can no longer be read
        or is no longer valid: it was when the module was loaded, but it may have changed since."""
        quiz = self._quiz
        if quiz is None:
            from apprendre.courses.library import load_quiz

            quiz = self._quiz = load_quiz(Path(self.dossier))
            recent = Cours._recent
            recent[id(self)] = self
            while len(recent) > QUIZ_KEPT:
                recent.popitem(last=False)[1]._quiz = None
        return quiz

    def keep_quiz(self, quiz: Quiz) -> None:
        """Keep a quiz already read and checked (``library.load_cours``), so that it is not read again."""
        self._quiz = quiz

    @property
    def lecon_ids(self) -> list[str]:
        return [name.removesuffix(".md") for name in self.module.lecons]

    @property
    def total_pages(self) -> int:
        return sum(self.pages_par_lecon)


def known_keys() -> set[str]:
    """Every key the course files may use, to suggest a fix for a misspelt one."""
    models = (Module, EnTete, Choix, Element, Paire, ChoixUnique, ChoixMultiple, VraiFaux,
              Classer, Ordre, Associer, Quiz)
    return {name for model in models for name in model.model_fields}
