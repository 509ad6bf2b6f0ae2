"""``apprendre verifier``: every problem of a course library, all at once.

It runs the loader on every module, then the checks that loading for the
catalogue skips because they need the Markdown parsed: local images and links.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from apprendre.library import MODULE_FILE, load_cours, load_lecon_file, module_folders
from apprendre.problems import CourseFileError, Probleme, read_text


@dataclass
class Rapport:
    modules: int
    problemes: list[Probleme]

    def summary(self) -> str:
        modules = f"{self.modules} module{'s' if self.modules > 1 else ''} vérifié{'s' if self.modules > 1 else ''}"
        count = len(self.problemes)
        if not count:
            return f"{modules}, aucun problème : tout est bon."
        return f"{modules}, {count} problème{'s' if count > 1 else ''} à corriger."


def check_library(folder: Path) -> Rapport:
    """Check every module folder below ``folder`` (or ``folder`` itself if it is a module)."""
    if (folder / MODULE_FILE).is_file():
        folders = [folder]
    elif folder.is_dir():
        folders = module_folders(folder)
    else:
        return Rapport(0, [Probleme(folder, "ce dossier est introuvable")])
    problems: list[Probleme] = []
    markdown = MarkdownIt("commonmark")
    for path in folders:
        problems.extend(check_module(path, markdown))
    problems.extend(_case_duplicates(folders))
    return Rapport(len(folders), problems)


def check_module(path: Path, markdown: MarkdownIt) -> list[Probleme]:
    problems: list[Probleme] = []
    if not (path / MODULE_FILE).is_file():
        return [Probleme(path, f"ce dossier n'a pas de fichier {MODULE_FILE} : est-ce bien un module ?")]
    try:
        load_cours(path)
    except CourseFileError as error:
        problems.extend(error.problemes)
    for lesson in sorted(path.glob("*.md")):
        try:
            load_lecon_file(lesson)  # also the lessons that module.toml forgot to list
        except CourseFileError as error:
            problems.extend(error.problemes)
        problems.extend(_check_local_links(lesson, path, markdown))
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (str(p.fichier), p.ligne or 0, p.colonne or 0))


def _check_local_links(lesson: Path, module: Path, markdown: MarkdownIt) -> list[Probleme]:
    """Images must exist in the module folder; links are never followed, so only images count."""
    try:
        text = read_text(lesson)
    except CourseFileError:
        return []  # already reported by the loader
    problems = []
    for token in markdown.parse(text):
        for child in token.children or []:
            if child.type != "image":
                continue
            src = str(child.attrs.get("src", ""))
            if "://" in src or src.startswith(("data:", "mailto:")):
                continue
            target = (lesson.parent / src).resolve()
            line = token.map[0] + 1 if token.map else None
            if not target.is_relative_to(module.resolve()):
                problems.append(Probleme(lesson, f"l'image « {src} » doit être dans le dossier du module", ligne=line))
            elif not target.is_file():
                problems.append(Probleme(lesson, f"l'image « {src} » est introuvable : vérifiez son nom", ligne=line))
    return problems


def _case_duplicates(folders: list[Path]) -> list[Probleme]:
    seen: dict[str, Path] = {}
    problems = []
    for path in folders:
        key = path.name.casefold()
        if key in seen:
            problems.append(Probleme(path, f"ce module a le même identifiant que « {seen[key].name} »"))
        seen[key] = path
    return problems
