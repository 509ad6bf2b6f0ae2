"""Problems found in course files, told in plain French with file, line and column.

pydantic and tomllib speak English; nothing they say reaches a mediator as is.
This module turns their errors into French sentences and finds the line of
the TOML file each one is about.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class Probleme:
    """One thing wrong in a course file, and where."""

    fichier: Path
    message: str
    ligne: int | None = None
    colonne: int | None = None

    def __str__(self) -> str:
        where = str(self.fichier)
        if self.ligne is not None:
            where += f", ligne {self.ligne}"
            if self.colonne is not None:
                where += f", colonne {self.colonne}"
        return f"{where} : {self.message}"


class CourseFileError(Exception):
    """A course file could not be used; ``problemes`` says why."""

    def __init__(self, problemes: list[Probleme]) -> None:
        super().__init__("; ".join(str(p) for p in problemes))
        self.problemes = problemes


# --- Reading files -------------------------------------------------------------------------

def read_text(path: Path) -> str:
    """Read a course file as UTF-8, or raise CourseFileError in French."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CourseFileError([Probleme(path, "ce fichier est introuvable")]) from None
    except OSError as error:
        raise CourseFileError([Probleme(path, f"ce fichier ne peut pas être lu ({error.strerror})")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CourseFileError(
            [Probleme(path, "ce fichier n'est pas enregistré en UTF-8 : enregistrez-le en UTF-8 "
                      "depuis votre éditeur de texte", ligne=line)]
        ) from None


_TOML_MESSAGES = {
    "Invalid value": "valeur invalide : un texte doit être entre guillemets, un nombre écrit en chiffres, "
    "un oui/non écrit true ou false",
    "Cannot overwrite a value": "cette clé est déjà définie plus haut",
    "Unterminated string": "un texte n'est pas fermé : il manque un guillemet",
    "Expected '=' after a key in a key/value pair": "il manque « = » après le nom de la clé",
    "Expected newline or end of document after a statement": "une seule clé par ligne",
    "Expected ']' at the end of a table declaration": "il manque « ] » à la fin du titre de section",
    "Expected ']]' at the end of an array declaration": "il manque « ]] » à la fin du titre de section",
    "Unclosed array": "une liste n'est pas fermée : il manque « ] »",
    "Unclosed inline table": "une table n'est pas fermée : il manque « } »",
    "Invalid statement": "ligne incompréhensible",
    "Illegal character": "caractère interdit à cet endroit",
}
_TOML_POSITION = re.compile(r"^(?P<what>.*?) \((?:at line (?P<line>\d+), column (?P<col>\d+)|at end of document)\)$")


def parse_toml(text: str, path: Path, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML text or raise CourseFileError with a French message and position.

    ``first_line`` is the line of ``path`` where ``text`` starts (for front matter).
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_POSITION.match(str(error))
        what = match.group("what") if match else str(error)
        message = next(
            (french for english, french in _TOML_MESSAGES.items() if what.startswith(english)),
            "erreur de syntaxe TOML",
        )
        if match and match.group("line"):
            line, column = int(match.group("line")), int(match.group("col"))
        else:
            line, column = text.count("\n") + 1, None
        raise CourseFileError(
            [Probleme(path, message, ligne=line + first_line - 1, colonne=column)]
        ) from None


# --- Finding the line of a key -------------------------------------------------------------

Loc = tuple[str | int, ...]


def key_lines(text: str) -> dict[Loc, int]:
    """Map each key and table of a TOML text to the line where it is written.

    Paths carry array indexes the way pydantic's error locations do:
    ``("questions", 2, "choix", 0, "juste")``. This is a line scanner, not a
    TOML parser: it only needs to be right on files that tomllib accepted.
    """
    lines: dict[Loc, int] = {}
    counts: dict[Loc, int] = {}
    table: Loc = ()
    in_multiline = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_multiline:
            in_multiline = _toggles_multiline(line, in_multiline)
            continue
        if line.startswith("["):
            is_array = line.startswith("[[")
            name = line.strip("[").split("]")[0]
            table = _resolve(_split_key(name), counts, is_array)
            lines.setdefault(table, number)
        elif "=" in line and not line.startswith("#"):
            key = _split_key(line.split("=", 1)[0])
            lines.setdefault(table + key, number)
            in_multiline = _toggles_multiline(line.split("=", 1)[1], False)
    return lines


def _toggles_multiline(text: str, inside: bool) -> bool:
    for quote in ('"""', "'''"):
        if text.count(quote) % 2 == 1:
            return not inside
    return inside


def _split_key(key: str) -> Loc:
    return tuple(part.strip().strip("\"'") for part in key.split("."))


def _resolve(parts: Loc, counts: dict[Loc, int], is_array: bool) -> Loc:
    """Turn ``questions.choix`` into ``("questions", 3, "choix")`` using the current indexes."""
    path: Loc = ()
    for depth, part in enumerate(parts):
        path += (part,)
        last = depth == len(parts) - 1
        if last and is_array:
            counts[path] = counts.get(path, -1) + 1
            for child in [c for c in counts if len(c) > len(path) and c[: len(path)] == path]:
                del counts[child]
            path += (counts[path],)
        elif path in counts:
            path += (counts[path],)
    return path


def find_line(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of the longest prefix of ``loc`` that the file writes down."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


# --- Translating pydantic ------------------------------------------------------------------

def validation_problems(
    error: ValidationError, path: Path, text: str, first_line: int = 1, tags: tuple[str, ...] = ()
) -> list[Probleme]:
    """One French Probleme per pydantic error, located in ``text``.

    ``tags`` are discriminator values that pydantic inserts in locations
    (the question types) and that are not keys of the file.
    """
    lines = key_lines(text)
    problems = []
    for detail in error.errors():
        loc = tuple(part for part in detail["loc"] if part not in tags)
        line = find_line(lines, loc)
        where = describe_loc(loc, _data_for(text))
        message = translate(detail, loc)
        if line is not None:
            line += first_line - 1
        problems.append(Probleme(path, f"{where}{message}" if where else message, ligne=line))
    return problems


def _data_for(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def describe_loc(loc: Loc, data: dict[str, Any]) -> str:
    """Where in the file, for a reader: ``question 3 (« cpu »), choix 2 : ``."""
    parts: list[str] = []
    node: Any = data
    for index, part in enumerate(loc[:-1]):
        if isinstance(part, int):
            continue
        following = loc[index + 1]
        node = node.get(part, {}) if isinstance(node, dict) else {}
        if isinstance(following, int):
            name = _SINGULAR.get(part, part)
            item = node[following] if isinstance(node, list) and following < len(node) else {}
            label = f"{name} {following + 1}"
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f" (« {item['id']} »)"
            parts.append(label)
            node = item
    return ", ".join(parts) + " : " if parts else ""


_SINGULAR = {"questions": "question", "choix": "choix", "elements": "élément", "paires": "paire"}


def _key_name(loc: Loc) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "?"


def translate(detail: Any, loc: Loc) -> str:
    """A French sentence for one pydantic error."""
    kind = detail["type"]
    ctx = detail.get("ctx", {})
    key = _key_name(loc)
    if kind == "missing":
        return f"la clé « {key} » manque"
    if kind == "extra_forbidden":
        return _unknown_key(key, detail)
    if kind == "union_tag_invalid":
        return (f"« type » ne peut pas valoir {_show(ctx.get('tag'))} : valeurs possibles "
                f"{_french_list(ctx.get('expected_tags', ''))}")
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected_tags") or ctx.get("expected", "")
        return f"« {key} » ne peut pas valoir {_show(detail.get('input'))} : valeurs possibles {_french_list(expected)}"
    if kind == "union_tag_not_found":
        return "la clé « type » manque (choix unique, choix multiple, vrai ou faux, classer, ordre, associer)"
    if kind == "string_pattern_mismatch":
        return (f"« {key} » ne doit contenir que des lettres minuscules sans accent, des chiffres et "
                f"des tirets (par exemple « mot-de-passe-1 »)")
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    return _SIMPLE.get(kind, "valeur incorrecte").format(key=key, **{k: v for k, v in ctx.items()})


_SIMPLE = {
    "string_type": "« {key} » doit être un texte entre guillemets",
    "string_too_short": "« {key} » ne doit pas être vide",
    "string_too_long": "« {key} » est trop long ({max_length} caractères au plus)",
    "int_type": "« {key} » doit être un nombre entier, sans guillemets",
    "int_parsing": "« {key} » doit être un nombre entier, sans guillemets",
    "int_from_float": "« {key} » doit être un nombre entier, sans virgule",
    "bool_type": "« {key} » doit valoir true ou false, sans guillemets",
    "bool_parsing": "« {key} » doit valoir true ou false, sans guillemets",
    "list_type": "« {key} » doit être une liste entre crochets, par exemple [\"a\", \"b\"]",
    "dict_type": "« {key} » doit être une section (une table TOML)",
    "model_type": "« {key} » doit être une section (une table TOML)",
    "model_attributes_type": "« {key} » doit être une section (une table TOML)",
    "too_short": "« {key} » doit contenir au moins {min_length} éléments",
    "too_long": "« {key} » doit contenir au plus {max_length} éléments",
    "greater_than_equal": "« {key} » doit être au moins {ge}",
    "less_than_equal": "« {key} » doit être au plus {le}",
}


def _unknown_key(key: str, detail: Any) -> str:
    message = f"la clé « {key} » est inconnue"
    from apprendre.models import known_keys  # local import: models imports nothing from here

    close = difflib.get_close_matches(key, known_keys(), n=1)
    if close:
        message += f" : vouliez-vous écrire « {close[0]} » ?"
    return message


def _show(value: Any) -> str:
    return f"« {value} »" if isinstance(value, str) else repr(value)


def _french_list(expected: str) -> str:
    values = re.findall(r"'([^']*)'", expected)
    return ", ".join(f"« {value} »" for value in values)
