"""Loading a course library: a folder with one sub-folder per module.

Loading never raises on bad content: it returns the modules that are good and
the problems of the others, so the app shows what works and says what doesn't.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from apprendre.models import QUESTION_TYPES, Cours, EnTete, Lecon, Module, Page, Quiz
from apprendre.problems import CourseFileError, Probleme, parse_toml, read_text, validation_problems

MODULE_FILE = "module.toml"
QUIZ_FILE = "quiz.toml"
FRONT_MATTER = "+++"
MODULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class Bibliotheque:
    """The modules that loaded, in catalogue order, and the problems of those that didn't."""

    dossier: Path
    cours: list[Cours] = field(default_factory=list)
    problemes: list[Probleme] = field(default_factory=list)

    def find(self, module_id: str) -> Cours | None:
        return next((cours for cours in self.cours if cours.id == module_id), None)


def module_folders(folder: Path) -> list[Path]:
    """Sub-folders that are modules: hidden and ``_``-prefixed folders are skipped."""
    return sorted(
        path for path in folder.iterdir()
        if path.is_dir() and not path.name.startswith((".", "_"))
    )


def load_library(folder: Path) -> Bibliotheque:
    """Load every module of ``folder``; a broken module is left out with its problems."""
    library = Bibliotheque(dossier=folder)
    if not folder.is_dir():
        library.problemes.append(Probleme(folder, "ce dossier de cours est introuvable"))
        return library
    for path in module_folders(folder):
        try:
            library.cours.append(load_cours(path))
        except CourseFileError as error:
            library.problemes.extend(error.problemes)
    library.cours.sort(key=lambda cours: (cours.module.ordre, cours.module.titre.casefold()))
    return library


def load_cours(path: Path) -> Cours:
    """Load one module folder, or raise CourseFileError with all its problems."""
    problems: list[Probleme] = []
    if not MODULE_ID.match(path.name):
        problems.append(Probleme(path, "le nom du dossier ne doit contenir que des lettres minuscules "
                                       "sans accent, des chiffres et des tirets"))
    module = _collect(problems, lambda: _load_model(path / MODULE_FILE, Module))
    quiz = _collect(problems, lambda: _load_model(path / QUIZ_FILE, Quiz, tags=QUESTION_TYPES))
    titles: list[str] = []
    page_counts: list[int] = []
    if module is not None:
        problems.extend(_duplicate_lessons(module, path))
        for name in module.lecons:
            lecon = _collect(problems, lambda: load_lecon_file(path / name))
            titles.append(lecon.titre if lecon else name)
            page_counts.append(len(lecon.pages) if lecon else 0)
    if problems:
        raise CourseFileError(problems)
    return Cours(id=path.name, module=module, dossier=path, quiz=quiz, titres_lecons=titles,
                 pages_par_lecon=page_counts)


def _collect(problems: list[Probleme], load):
    try:
        return load()
    except CourseFileError as error:
        problems.extend(error.problemes)
        return None


def _load_model(path: Path, model, tags: tuple[str, ...] = ()):
    text = read_text(path)
    data = parse_toml(text, path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise CourseFileError(validation_problems(error, path, text, tags=tags)) from None


def _duplicate_lessons(module: Module, path: Path) -> list[Probleme]:
    seen: set[str] = set()
    problems = []
    for name in module.lecons:
        if name in seen:
            problems.append(Probleme(path / MODULE_FILE, f"la leçon « {name} » est listée deux fois"))
        seen.add(name)
    return problems


# --- Lessons -------------------------------------------------------------------------------

def load_lecon(cours: Cours, index: int) -> Lecon:
    """Read lesson number ``index`` of a module (its text is read only now)."""
    return load_lecon_file(Path(cours.dossier) / cours.module.lecons[index])


def load_lecon_file(path: Path) -> Lecon:
    """Read a lesson file and cut it into pages, or raise CourseFileError."""
    if path.suffix != ".md":
        raise CourseFileError([Probleme(path, "une leçon doit être un fichier Markdown (.md)")])
    text = read_text(path)
    front, body, body_line = split_front_matter(text, path)
    pages = cut_pages(body, body_line)
    title = front.titre or _first_title(body) or path.stem
    if not any(page.texte.strip() for page in pages):
        raise CourseFileError([Probleme(path, "cette leçon est vide : écrivez au moins un paragraphe")])
    empty = [page for page in pages if not _has_text(page.texte)]
    if empty:
        raise CourseFileError([
            Probleme(path, f"la page « {page.titre} » n'a pas de texte sous son titre", ligne=page.ligne)
            for page in empty
        ])
    return Lecon(id=path.stem, titre=title, duree=front.duree, pages=pages)


def split_front_matter(text: str, path: Path) -> tuple[EnTete, str, int]:
    """Separate the optional ``+++`` TOML block from the Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER:
        return EnTete(), text, 1
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == FRONT_MATTER:
            block = "".join(lines[1:end])
            data = parse_toml(block, path, first_line=2)
            try:
                front = EnTete.model_validate(data)
            except ValidationError as error:
                raise CourseFileError(validation_problems(error, path, block, first_line=2)) from None
            return front, "".join(lines[end + 1:]), end + 2
    raise CourseFileError([Probleme(path, "l'en-tête n'est pas fermé : ajoutez une ligne « +++ »", ligne=1)])


def cut_pages(body: str, first_line: int = 1) -> list[Page]:
    """Cut a lesson at each ``##`` heading; text before the first one is a page of its own."""
    pages: list[Page] = []
    title, start, current = "", first_line, []
    fenced = False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            _close_page(pages, title, start, current)
            title, start, current = line[3:].strip(), number, []
        current.append(line)
    _close_page(pages, title, start, current)
    return pages


def _close_page(pages: list[Page], title: str, start: int, lines: list[str]) -> None:
    text = "\n".join(lines).strip()
    if not title and not _has_text(text):
        return  # nothing but the lesson's "# title" before the first page
    pages.append(Page(titre=title or _first_title(text) or "", texte=text, ligne=start))


def _first_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def _has_text(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())
