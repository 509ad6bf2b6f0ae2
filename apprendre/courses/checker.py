"""``apprendre verifier``: every problem of a course library, all at once.

It runs the loader on every module, then the checks that loading for the
catalogue skips: local images, and Markdown files that no module lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt

from apprendre.base.files import FileError, Probleme, parse_toml, read_text, unreadable
from apprendre.base.french import count, plural
from apprendre.courses.library import (
    MODULE_FILE,
    Bibliotheque,
    load_cours,
    module_folders,
    page_texts,
    split_front_matter,
)
from apprendre.courses.remarks import module_remarks


@dataclass
class CheckResult:
    """What ``apprendre verifier`` found: how many modules it checked, every problem (errors)
    and every remarque (what a colleague would point out; they block nothing)."""

    modules: int
    problemes: list[Probleme]
    remarques: list[Probleme] = field(default_factory=list)

    def summary(self) -> str:
        modules = f"{count(self.modules, 'module')} {plural(self.modules, 'vérifié')}"
        remarques = f"{count(len(self.remarques), 'remarque')} à relire (elles ne bloquent rien)"
        if not self.problemes:
            if not self.remarques:
                return f"{modules}, aucun problème : tout est bon."
            return f"{modules}, aucun problème ; {remarques}."
        problems = f"{modules}, {count(len(self.problemes), 'problème')} à corriger"
        return f"{problems} ; {remarques}." if self.remarques else f"{problems}."

    def strict(self) -> CheckResult:
        """``--strict``: the remarques count as problems (for a network that shares modules)."""
        problems = sorted(self.problemes + self.remarques, key=lambda p: (str(p.fichier), p.ligne or 0))
        return CheckResult(self.modules, problems)


def check_library(folder: Path, jargon: Iterable[str] = ()) -> CheckResult:
    """Check every module folder below ``folder`` (or ``folder`` itself if it is a module).

    ``jargon``: the words to explain at their first use (see ``remarks.jargon_words``)."""
    try:
        folders = [folder] if (folder / MODULE_FILE).is_file() else module_folders(folder)
    except OSError as error:
        return CheckResult(0, [unreadable(folder, error)])
    if not folders:
        return CheckResult(0, [Probleme(folder, "aucun module dans ce dossier : un module est un sous-dossier "
                                            f"qui contient un fichier {MODULE_FILE}")])
    markdown = MarkdownIt("commonmark")
    jargon = list(jargon)
    result = CheckResult(len(folders), [])
    for path in folders:
        result.problemes += check_module(path, markdown)
        try:
            result.remarques += module_remarks(load_cours(path), jargon)
        except FileError:
            pass  # its problems are reported: remarques come once it loads
    return result


def check_module(path: Path, markdown: MarkdownIt) -> list[Probleme]:
    """Every problem of one module folder, sorted by file and line."""
    try:
        load_cours(path)
        problems = []
    except FileError as error:
        problems = list(error.problemes)
    listed = _listed_lessons(path)
    for lesson in sorted(path.glob("*.md")):
        if lesson.name.startswith("_"):
            continue
        if listed is not None and lesson.name not in listed:
            problems.append(Probleme(lesson, f"ce fichier n'est pas dans la liste lecons de {MODULE_FILE} : "
                                             "ajoutez-le à la liste, ou renommez-le en commençant par « _ » "
                                             "s'il n'est pas une leçon"))
        problems.extend(_check_images(lesson, path, markdown))
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (str(p.fichier), p.ligne or 0, p.colonne or 0))


def _listed_lessons(path: Path) -> set[str] | None:
    """The lesson names module.toml lists, or None when it can't be read (already reported)."""
    try:
        lessons = parse_toml(read_text(path / MODULE_FILE, inside=path), path / MODULE_FILE).get("lecons")
    except FileError:
        return None
    if not isinstance(lessons, list):
        return None
    return {name.strip() for name in lessons if isinstance(name, str)}


_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:.*$", re.MULTILINE)


def _check_images(lesson: Path, module: Path, markdown: MarkdownIt) -> list[Probleme]:
    """Images must exist in the module folder. Links are never followed, so only images count.

    Only the pages that hold ``![`` are parsed, each on its own: a page never
    starts inside a code block, so each is whole Markdown.
    """
    try:
        text = read_text(lesson, inside=module)
        if "![" not in text:
            return []
        _, body, body_line = split_front_matter(text, lesson)
    except FileError:
        return []  # the loader reports it
    references = "\n".join(_REFERENCE.findall(body))
    problems = []
    for _, text, line in page_texts(body, body_line):
        if "![" not in text:
            continue
        lines = text.splitlines()
        for token in markdown.parse(f"{text}\n\n{references}"):
            for child in token.children or []:
                if child.type == "image":
                    src = unquote(str(child.attrs.get("src", "")))  # the parser %-encodes accents
                    where = line + _line_in_block(lines, token.map, src) if token.map else None
                    problems.extend(_check_image(src, lesson, module, where))
    return problems


def _line_in_block(lines: list[str], span: list[int], src: str) -> int:
    """Which line of a paragraph holds the image (its first line if that can't be told)."""
    first, end = span
    return next((number for number in range(first, min(end, len(lines))) if src and src in lines[number]), first)


def _check_image(src: str, lesson: Path, module: Path, line: int | None) -> list[Probleme]:
    if "://" in src or src.startswith(("data:", "mailto:")):
        return []
    if not src:
        return [Probleme(lesson, "une image n'a pas de fichier : écrivez son nom entre les parenthèses", ligne=line)]
    target = (lesson.parent / src).resolve()
    if not target.is_relative_to(module.resolve()):
        return [Probleme(lesson, f"l'image « {src} » doit être dans le dossier du module : copiez-la dedans",
                         ligne=line)]
    if not target.is_file():
        return [Probleme(lesson, f"l'image « {src} » est introuvable : vérifiez le nom du fichier "
                                 "(majuscules et accents compris)", ligne=line)]
    return []


def preview_library(path: Path) -> Bibliotheque:
    """« apprendre apercu »: the one module of ``path`` if it loads, and every problem the checker sees."""
    library = Bibliotheque(dossier=path, problemes=check_module(path, MarkdownIt("commonmark")))
    try:
        library.cours.append(load_cours(path))
    except FileError:
        pass  # its problems are already in the checker's list
    return library
