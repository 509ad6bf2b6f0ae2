"""Loading a course library: a folder with one sub-folder per module.

Loading never raises on bad content: it returns the modules that are good and
the problems of the others, so the app shows what works and says what doesn't.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from apprendre.base.files import FileError, Probleme, parse_toml, read_text, unreadable
from apprendre.base.positions import find_position, toml_positions
from apprendre.courses.catalogue_cache import (
    cache_entry,
    cached_cours,
    read_cache,
    signature,
    write_cache,
)
from apprendre.courses.models import (
    QUESTION_TYPES,
    Cours,
    EnTete,
    Lecon,
    Module,
    Page,
    Quiz,
    lesson_name_problem,
)
from apprendre.courses.problems import validation_problems

MODULE_FILE = "module.toml"
QUIZ_FILE = "quiz.toml"
FRONT_MATTER = "+++"
MODULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass
class Bibliotheque:
    """The modules that loaded, in catalogue order, and the problems of those that didn't."""

    dossier: Path
    cours: list[Cours] = field(default_factory=list)
    problemes: list[Probleme] = field(default_factory=list)
    du_lieu: set[str] = field(default_factory=set)
    """Ids of the modules shown that come from the site's own library."""
    remplaces: set[str] = field(default_factory=set)
    """Ids of shipped modules that a site module replaces, on purpose (``--remplacer``)."""
    caches: set[str] = field(default_factory=set)
    """Ids of site modules not shown: they have a shipped module's id, and were not made to replace it."""

    def find(self, module_id: str) -> Cours | None:
        return next((cours for cours in self.cours if cours.id == module_id), None)


def module_folders(folder: Path) -> list[Path]:
    """Sub-folders that are modules: hidden and ``_``-prefixed folders are skipped."""
    return sorted(
        path for path in folder.iterdir()
        if path.is_dir() and not path.name.startswith((".", "_"))
    )


def load_library(folder: Path, cache: Path | None = None) -> Bibliotheque:
    """Load every module of ``folder``; a broken module is left out with its problems.

    With a ``cache`` file (see ``locations.catalogue_cache``), the modules whose
    files haven't changed since the last time are taken from it.
    """
    library = Bibliotheque(dossier=folder)
    try:
        folders = module_folders(folder)
    except OSError as error:
        library.problemes.append(unreadable(folder, error))
        return library
    cached = read_cache(cache) if cache else {}
    fresh: dict[str, Any] = {}
    for path in folders:
        try:
            if cache:
                cours, fresh[path.name] = _load_cached(path, cached.get(path.name))
            else:
                cours = load_cours(path, keep_quiz=False)
        except FileError as error:
            library.problemes.extend(error.problemes)
            continue
        library.cours.append(cours)
    if cache and (fresh.keys() != cached.keys() or any(fresh[name] is not cached[name] for name in fresh)):
        write_cache(cache, fresh)
    library.cours.sort(key=lambda cours: (cours.module.ordre, cours.module.titre.casefold()))
    return library


def _load_cached(path: Path, entry: Any) -> tuple[Cours, Any]:
    """The module from its cache entry if its files haven't changed, else from its files."""
    try:
        current = signature(path)
    except OSError as error:
        raise FileError([unreadable(path, error)]) from None
    cours = cached_cours(entry, path, current)
    if cours is not None:
        return cours, entry
    cours = load_cours(path, keep_quiz=False)
    return cours, cache_entry(cours, current)


REPLACEMENTS_FILE = "remplacements.toml"
"""In the site's library: the shipped modules that its modules replace on purpose (``modules = [...]``)."""


def read_replacements(site: Path) -> set[str]:
    """The ids listed in the site library's ``remplacements.toml`` (none if it is missing or broken)."""
    path = site / REPLACEMENTS_FILE
    try:
        modules = parse_toml(read_text(path), path).get("modules", [])
    except FileError:
        return set()
    return {name for name in modules if isinstance(name, str)} if isinstance(modules, list) else set()


def add_replacement(site: Path, module_id: str) -> None:
    """Record that the site's module ``module_id`` replaces the shipped one, on purpose."""
    import tomli_w

    from apprendre.base.atomic import write_atomic

    modules = sorted(read_replacements(site) | {module_id})
    text = ("# Les modules livrés que les modules de ce dossier remplacent, voulu par un médiateur\n"
            "# (apprendre importer --remplacer, apprendre nouveau-module --remplacer).\n")
    write_atomic(site / REPLACEMENTS_FILE, (text + tomli_w.dumps({"modules": modules})).encode("utf-8"))


def load_libraries(shipped: Path, site: Path | None,
                   cache: Callable[[Path], Path] | None = None) -> Bibliotheque:
    """The catalogue: the shipped library and the site's own, in one list.

    A site module with the id of a shipped module is shown instead of it only when
    ``remplacements.toml`` lists it; otherwise the shipped module is shown and the
    site's is left aside (``Bibliotheque.caches``).
    """
    main = load_library(shipped, cache=cache(shipped) if cache else None)
    if site is None or not site.is_dir() or _same_folder(site, shipped):
        return main
    own = load_library(site, cache=cache(site) if cache else None)
    replaced = read_replacements(site)
    shown = {cours.id: cours for cours in main.cours}
    for cours in own.cours:
        if cours.id in shown:
            if cours.id not in replaced:
                main.caches.add(cours.id)
                continue
            main.remplaces.add(cours.id)
        shown[cours.id] = cours
        main.du_lieu.add(cours.id)
    main.cours = sorted(shown.values(), key=lambda cours: (cours.module.ordre, cours.module.titre.casefold()))
    main.problemes += own.problemes
    return main


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def load_cours(path: Path, keep_quiz: bool = True) -> Cours:
    """Load one module folder, or raise FileError with all its problems.

    Its quiz is read and checked either way; ``keep_quiz=False`` (the catalogue) keeps
    only its threshold and question ids: ``Cours.quiz`` reads it again when asked."""
    try:
        cours, quiz = _load_cours(path)
    except OSError as error:  # a folder or file the system won't let us look at
        raise FileError([unreadable(Path(error.filename or path), error)]) from None
    if keep_quiz:
        cours.keep_quiz(quiz)
    return cours


QUIZ_BROKEN = "Le quiz de ce module ne peut pas s'ouvrir. Prévenez un médiateur."
"""What a learner is told when a quiz file broke after the catalogue was loaded (its problem follows)."""


def load_quiz(path: Path) -> Quiz:
    """Read and check the quiz of the module folder ``path``, or raise FileError (file and line)."""
    problems: list[Probleme] = []
    quiz = None
    try:
        quiz = _read_quiz(path, problems)
    except OSError as error:
        raise FileError([unreadable(Path(error.filename or path / QUIZ_FILE), error)]) from None
    if quiz is None:
        raise FileError(problems)
    return quiz


def _read_quiz(path: Path, problems: list[Probleme]) -> Quiz | None:
    """The module's quiz, or None with its problems added to ``problems``."""
    if not (path / QUIZ_FILE).is_file():
        problems.append(Probleme(path / QUIZ_FILE, "ce fichier manque : chaque module a un quiz ; copiez "
                                                   "celui du module d'exemple et adaptez-le"))
        return None
    quiz_text, quiz_data = _collect(problems, lambda: _read_toml(path / QUIZ_FILE)) or ("", None)
    if quiz_data is None:
        return None
    return _collect(problems, lambda: _validate(Quiz, quiz_data, path / QUIZ_FILE, quiz_text, QUESTION_TYPES))


def _load_cours(path: Path) -> tuple[Cours, Quiz]:
    problems: list[Probleme] = []
    if not MODULE_ID.match(path.name):
        problems.append(Probleme(path, "le nom du dossier ne doit contenir que des lettres minuscules "
                                       "sans accent, des chiffres et des tirets : renommez-le"))
    if not (path / MODULE_FILE).is_file():
        raise FileError(problems + [Probleme(
            path, f"ce dossier n'a pas de fichier {MODULE_FILE} : copiez celui du module d'exemple et "
                  "adaptez-le ; si ce dossier n'est pas un module, renommez-le en commençant par « _ »")])
    module_text, module_data = _collect(problems, lambda: _read_toml(path / MODULE_FILE)) or ("", None)
    module = None
    if module_data is not None:
        module = _collect(problems, lambda: _validate(Module, module_data, path / MODULE_FILE, module_text))
    quiz = _read_quiz(path, problems)
    summaries = _lesson_summaries(path, module_data, module_text, problems)
    if problems or module is None or quiz is None:
        raise FileError(problems)
    cours = Cours(id=path.name, module=module, dossier=path,
                  titres_lecons=[title for title, _ in summaries], pages_par_lecon=[count for _, count in summaries],
                  seuil=quiz.seuil, ids_questions=[sys.intern(question.id) for question in quiz.questions])
    return cours, quiz


def _lesson_summaries(path: Path, module_data: dict[str, Any] | None, module_text: str,
                      problems: list[Probleme]) -> list[tuple[str, int]]:
    """Title and page count of each lesson module.toml lists; their problems go to ``problems``."""
    summaries = []
    for index, name in _lesson_names(module_data):
        if not os.path.lexists(path / name):  # anything else is read, and refused if not a regular file
            position = find_position(toml_positions(module_text), ("lecons", index))
            problems.append(_missing_lesson(path, name, position))
            continue
        summaries.append(_collect(problems, lambda: lesson_summary(path / name)) or (name, 0))  # noqa: B023  (called at once)
    return summaries


def _collect(problems: list[Probleme], load: Callable[[], T]) -> T | None:
    try:
        return load()
    except FileError as error:
        problems.extend(error.problemes)
        return None


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    text = read_text(path, inside=path.parent)
    return text, parse_toml(text, path)


def _validate(model: type[M], data: dict[str, Any], path: Path, text: str, tags: tuple[str, ...] = ()) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise FileError(validation_problems(error, path, text, tags=tags)) from None


def _lesson_names(module_data: dict[str, Any] | None) -> list[tuple[int, str]]:
    """The well-formed lesson names of module.toml, even when other keys are wrong, so that
    every missing or broken lesson is reported at once."""
    names = (module_data or {}).get("lecons")
    if not isinstance(names, list):
        return []
    return [(index, name.strip()) for index, name in enumerate(names)
            if isinstance(name, str) and lesson_name_problem(name.strip()) is None]


def _missing_lesson(path: Path, name: str, position: tuple[int, int] | None) -> Probleme:
    present = sorted(lesson.name for lesson in path.glob("*.md"))
    message = f"la leçon « {name} » est introuvable dans le dossier du module : vérifiez le nom du fichier"
    if present:
        message += f" (fichiers .md du dossier : {', '.join(present)})"
    line, column = position or (None, None)
    return Probleme(path / MODULE_FILE, message, ligne=line, colonne=column)


# --- Lessons -------------------------------------------------------------------------------

def load_lecon(cours: Cours, index: int) -> Lecon:
    """Read lesson number ``index`` of a module (its text is read only now)."""
    return load_lecon_file(Path(cours.dossier) / cours.module.lecons[index])


def load_lecon_file(path: Path) -> Lecon:
    """Read a lesson file and cut it into pages, or raise FileError."""
    front, body, body_line = _read_lesson(path)
    pages = [Page.model_construct(titre=title, texte=text, ligne=line)
             for title, text, line in _checked_pages(path, body, body_line)]
    return Lecon(id=path.stem, titre=front.titre or _first_title(body) or path.stem, duree=front.duree,
                 pages=pages)


def lesson_summary(path: Path) -> tuple[str, int]:
    """A lesson's title and number of pages, for the catalogue, with the same checks as
    ``load_lecon_file`` but without building its pages."""
    front, body, body_line = _read_lesson(path)
    pages = _checked_pages(path, body, body_line)
    return front.titre or _first_title(body) or path.stem, len(pages)


def _read_lesson(path: Path) -> tuple[EnTete, str, int]:
    if path.suffix != ".md":
        raise FileError([Probleme(path, "une leçon doit être un fichier Markdown dont le nom finit par .md")])
    return split_front_matter(read_text(path, inside=path.parent), path)


def _checked_pages(path: Path, body: str, body_line: int) -> list[tuple[str, str, int]]:
    pages = page_texts(body, body_line)
    if not pages:
        raise FileError([Probleme(path, "cette leçon est vide : écrivez au moins un paragraphe")])
    empty = [(title, line) for title, text, line in pages if not _has_text(text)]
    if empty:
        raise FileError([
            Probleme(path, f"la page « {title} » n'a pas de texte sous son titre : écrivez un "
                           "paragraphe, ou retirez ce titre", ligne=line)
            for title, line in empty
        ])
    return pages


def split_front_matter(text: str, path: Path) -> tuple[EnTete, str, int]:
    """Separate the optional ``+++`` TOML block from the Markdown body.

    Returns the front matter, the body and the line of the file where the body starts.
    """
    if not text.startswith(FRONT_MATTER):
        _refuse_yaml_front_matter(text, path)
        return EnTete(), text, 1
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != FRONT_MATTER:
        return EnTete(), text, 1
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == FRONT_MATTER:
            block = "".join(lines[1:end])
            data = parse_toml(block, path, first_line=2)
            try:
                front = EnTete.model_validate(data)
            except ValidationError as error:
                raise FileError(validation_problems(error, path, block, first_line=2)) from None
            return front, "".join(lines[end + 1:]), end + 2
    raise FileError([Probleme(path, "l'en-tête n'est pas fermé : ajoutez une ligne « +++ » "
                                          "après ses clés", ligne=1)])


def _refuse_yaml_front_matter(text: str, path: Path) -> None:
    """A ``---`` header (as in other tools) would be shown as text: say how to write it here."""
    lines = text.split("\n", 12)
    if lines[0].strip() == "---" and any(re.match(r"^\s*(titre|duree|title)\s*:", line) for line in lines[1:]):
        raise FileError([Probleme(path, "l'en-tête d'une leçon s'écrit entre deux lignes « +++ », avec "
                                              "des lignes « clé = valeur » (par exemple titre = \"…\")", ligne=1)])


_TEXT_LINE = re.compile(r"^[ \t]*[^#\s]", re.MULTILINE)


def page_texts(body: str, first_line: int = 1) -> list[tuple[str, str, int]]:
    """Cut a lesson at each ``## `` heading: (title, text, line) of each page.

    Text before the first heading is a page of its own, unless it is only the
    lesson's ``# `` title. Headings inside code blocks don't count.
    """
    starts = [0]
    found = body.find("\n## ")
    while found >= 0:
        starts.append(found + 1)
        found = body.find("\n## ", found + 1)
    if "```" in body or "~~~" in body:
        fenced = _fenced_offsets(body)
        starts = [start for start in starts if start not in fenced]
    pages = []
    for start, end in zip(starts, starts[1:] + [len(body)]):
        chunk = body[start:end]
        text = chunk.strip()
        if not text or (not text.startswith("## ") and not _has_text(text)):
            continue  # nothing, or nothing but the lesson's "# title", before the first page
        title = text.partition("\n")[0][3:].strip() if text.startswith("## ") else _first_title(text)
        line = first_line + body.count("\n", 0, start + len(chunk) - len(chunk.lstrip()))
        pages.append((title or "", text, line))
    return pages


def _fenced_offsets(body: str) -> set[int]:
    """Offsets of the lines that are inside a ``` or ~~~ code block."""
    inside: set[int] = set()
    fenced = False
    offset = 0
    for line in body.splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif fenced:
            inside.add(offset)
        offset += len(line)
    return inside


def _first_title(text: str) -> str | None:
    match = re.search(r"^# (.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else None


def _has_text(text: str) -> bool:
    """Whether there is a line that is neither blank nor a heading."""
    return _TEXT_LINE.search(text) is not None
