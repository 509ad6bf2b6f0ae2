"""Problems found in course files, told in plain French with file, line and column.

The TOML parser and pydantic speak English; nothing they say reaches a mediator
as is. This module turns their errors into French sentences that say what to
change, and finds the line of the file each one is about.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli
from pydantic import ValidationError

from apprendre.positions import Loc, find_position, toml_positions

FORMAT_DOC = "docs/format-des-cours.md"


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

def unreadable(path: Path, error: OSError) -> Probleme:
    """A French problem for a file or folder the system refused to read (it says why in English)."""
    if isinstance(error, FileNotFoundError):
        reason = "il est introuvable : vérifiez son nom"
    elif isinstance(error, PermissionError):
        reason = "il ne peut pas être lu : vous n'avez pas le droit de l'ouvrir ; vérifiez ses droits d'accès"
    elif isinstance(error, IsADirectoryError):
        reason = "c'est un dossier, pas un fichier"
    elif isinstance(error, NotADirectoryError):
        reason = "c'est un fichier, pas un dossier"
    else:
        reason = f"il ne peut pas être lu (erreur du système numéro {error.errno}) : vérifiez le disque"
    return Probleme(path, reason)


def read_text(path: Path) -> str:
    """Read a course file as UTF-8, or raise CourseFileError in French."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CourseFileError([unreadable(path, error)]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CourseFileError([Probleme(
            path, "ce fichier n'est pas enregistré en UTF-8 : ouvrez-le dans votre éditeur de texte "
            "et enregistrez-le avec l'encodage UTF-8", ligne=line)]) from None


# --- TOML syntax ---------------------------------------------------------------------------

_UNCLOSED_STRING = ("un texte n'est pas fermé : il manque le guillemet de fin (un texte sur plusieurs "
                    'lignes s\'écrit entre triples guillemets """)')
_TOML_MESSAGES = {
    "Unterminated string": _UNCLOSED_STRING,
    "Expected \"'": _UNCLOSED_STRING,
    "Illegal character '\\n'": _UNCLOSED_STRING,
    "Illegal character": "caractère invisible interdit à cet endroit : supprimez-le",
    "Found invalid character": "caractère invisible interdit à cet endroit : supprimez-le",
    "Cannot overwrite a value": "cette clé est déjà écrite plus haut dans la même section : gardez-en une seule",
    "Cannot declare": "cette section est déjà écrite plus haut : pour une nouvelle question, "
                      "écrivez [[questions]] avec deux paires de crochets",
    "Cannot mutate immutable namespace": "cette clé complète une valeur déjà écrite entière plus haut : "
                                         "regroupez-les",
    "Cannot redefine namespace": "cette clé redéfinit une section déjà écrite plus haut : regroupez-les",
    "Expected ']' at the end of a table declaration": "il manque « ] » à la fin du titre de section",
    "Expected ']]' at the end of an array declaration": "il manque « ]] » à la fin du titre de section",
    "Unclosed array": "une liste n'est pas fermée : il manque « ] » à la fin, ou une virgule entre deux éléments",
    "Unclosed inline table": "une table n'est pas fermée : il manque « } »",
    "Expected newline or end of document after a statement":
        "la ligne continue après la valeur : une seule clé par ligne ; un texte s'écrit entre guillemets, "
        "un nombre sans virgule ni espace",
    "Unescaped '\\' in a string": "une barre oblique inversée « \\ » doit être doublée (« \\\\ ») "
                                  "dans un texte entre guillemets",
    "Invalid hex value": "code après « \\u » incorrect : doublez la barre oblique (« \\\\ ») pour l'écrire telle quelle",
    "Escaped character is not": "code après « \\u » incorrect : doublez la barre oblique (« \\\\ ») pour l'écrire telle quelle",
    "Invalid date or datetime": "date incorrecte : écrivez-la entre guillemets si c'est un texte",
    "Duplicate inline table key": "une clé est écrite deux fois entre « { } » : gardez-en une seule",
    "Invalid value": "valeur incompréhensible : un texte s'écrit entre guillemets droits (\"…\"), "
                     "un nombre en chiffres, un oui ou non avec true ou false",
}
_LINE_SYNTAX = ("ligne incompréhensible : une ligne est soit « clé = valeur », soit un titre de section "
                "entre crochets, soit un commentaire qui commence par #")
_STATEMENT = re.compile(r"""^\s*(\[|[A-Za-z0-9_"'-][^=\n]*=)""")


def parse_toml(text: str, path: Path, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML text or raise CourseFileError with a French message and position.

    ``first_line`` is the line of ``path`` where ``text`` starts (for front matter).
    """
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        line, column, message = _locate_syntax_error(text, error)
        raise CourseFileError([Probleme(path, message, ligne=line + first_line - 1, colonne=column)]) from None


def _locate_syntax_error(text: str, error: tomli.TOMLDecodeError) -> tuple[int, int | None, str]:
    lines = text.replace("\r\n", "\n").split("\n")
    what = error.msg
    at_end = error.pos >= len(text)
    if at_end or what.startswith(("Unclosed", "Unterminated")):
        line = _opening_line(lines, error.lineno + (1 if at_end else 0))
        message = _TOML_MESSAGES.get(what, "le fichier se termine avant la fin de cette valeur : il manque un "
                                           "guillemet, un « ] » ou un « } » pour la fermer")
        return line, None, message
    line_text = lines[error.lineno - 1] if error.lineno <= len(lines) else ""
    return error.lineno, error.colno, _syntax_message(what, line_text, error.colno)


def _opening_line(lines: list[str], before: int) -> int:
    """Where the unclosed value starts: an unpaired triple quote, or the last statement before."""
    for quote in ('"""', "'''"):
        if sum(line.count(quote) for line in lines) % 2 == 1:
            return max(n for n, line in enumerate(lines, start=1) if quote in line)
    for number in range(min(before, len(lines) + 1) - 1, 0, -1):
        if _STATEMENT.match(lines[number - 1]):
            return number
    return max(1, min(before, len(lines)))


def _syntax_message(what: str, line_text: str, column: int) -> str:
    """A French message, with a hint taken from the line itself for the usual slips."""
    char = line_text[column - 1] if 0 < column <= len(line_text) else ""
    key = line_text.split("=", 1)[0].strip()
    if what in ("Invalid statement", "Invalid initial character for a key part",
                "Expected '=' after a key in a key/value pair"):
        if not key.isascii() and re.fullmatch(r"[\w.-]+", key):
            return (f"les noms de clés s'écrivent sans accent : écrivez « {_plain(key)} » "
                    f"au lieu de « {key} »")
        if char == ":":
            return "écrivez « = » entre le nom de la clé et sa valeur, pas « : »"
        if what.startswith("Expected '='") and " " in key:
            return ("il manque « = » après le nom de la clé ; un nom de clé s'écrit sans espace "
                    "(les noms possibles sont dans " + FORMAT_DOC + ")")
        return _LINE_SYNTAX
    if what == "Invalid value":
        value = line_text[column - 1:].strip() if column else ""
        if char and char in "«»“”‘’„":
            return "utilisez des guillemets droits \"…\" : les guillemets « » et “ ” ne sont pas compris ici"
        if value.split(" ")[0].casefold() in ("true", "false", "vrai", "faux", "oui", "non"):
            return "écrivez true (vrai) ou false (faux), en minuscules et sans guillemets"
        if not value or value.startswith("#"):
            return "la valeur manque après « = »"
    return next((french for english, french in _TOML_MESSAGES.items() if what.startswith(english)),
                f"erreur de syntaxe TOML : comparez cette ligne avec l'exemple de {FORMAT_DOC}")


def _plain(text: str) -> str:
    """``catégorie`` → ``categorie``."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# --- Translating pydantic ------------------------------------------------------------------

def validation_problems(
    error: ValidationError, path: Path, text: str, first_line: int = 1, tags: tuple[str, ...] = ()
) -> list[Probleme]:
    """French Problemes for a pydantic error, each located in ``text``.

    ``tags`` are discriminator values that pydantic inserts in locations
    (the question types) and that are not keys of the file.
    """
    positions = toml_positions(text)
    data = _data_for(text)
    problems = []
    for detail in error.errors():
        tag = next((part for part in detail["loc"] if part in tags), None)
        loc = tuple(part for part in detail["loc"] if part not in tags)
        for place, message in _messages(detail, loc, tag):
            where = describe_loc(place, data)
            line, column = _position(positions, place, data)
            problems.append(Probleme(path, f"{where}{message}",
                                     ligne=None if line is None else line + first_line - 1, colonne=column))
    return problems


def _messages(detail: Any, loc: Loc, tag: str | None) -> list[tuple[Loc, str]]:
    from apprendre.models import CONTENU  # local import: models imports nothing from here

    if detail["type"] == CONTENU:
        return [(loc + tuple(below), message) for below, message in detail["ctx"]["lieux"]]
    if detail["type"] == "union_tag_invalid":
        return [(loc + ("type",), translate(detail, loc, tag))]
    return [(loc, translate(detail, loc, tag))]


def _position(positions: dict[Loc, tuple[int, int]], loc: Loc, data: Any) -> tuple[int | None, int | None]:
    """Line, and column for an item of a plain list (several may share a line)."""
    found = find_position(positions, loc)
    if found is None:
        return None, None
    plain_item = (bool(loc) and isinstance(loc[-1], int) and positions.get(loc) == found
                  and not isinstance(_value_at(data, loc), dict))
    return found[0], found[1] if plain_item else None


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _data_for(text: str) -> dict[str, Any]:
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError:
        return {}


_SINGULAR = {"questions": "question", "choix": "choix", "elements": "élément", "paires": "paire",
             "lecons": "leçon", "competences": "compétence", "categories": "catégorie", "auteurs": "auteur"}


def describe_loc(loc: Loc, data: dict[str, Any]) -> str:
    """Where in the file, for a reader: ``question 3 (« cpu »), choix 2 : ``.

    Only tables are named (a question, a choice): an item of a plain list is
    quoted by the message itself.
    """
    parts: list[str] = []
    node: Any = data
    for index, part in enumerate(loc[:-1]):
        following = loc[index + 1]
        if isinstance(part, int):
            continue
        node = node.get(part, {}) if isinstance(node, dict) else {}
        if not isinstance(following, int):
            continue
        item = node[following] if isinstance(node, list) and following < len(node) else None
        node = item
        if not isinstance(item, dict):
            continue
        label = f"{_SINGULAR.get(part, part)} {following + 1}"
        if isinstance(item.get("id"), str):
            label += f" (« {item['id']} »)"
        parts.append(label)
    return ", ".join(parts) + " : " if parts else ""


def _key_name(loc: Loc) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "?"


_EXAMPLES = {
    "titre": 'titre = "…"', "resume": 'resume = "…"', "niveau": 'niveau = "débutant"', "duree": "duree = 10",
    "famille": 'famille = "usages"', "competences": 'competences = ["1.1"]', "auteurs": 'auteurs = ["…"]',
    "licence": 'licence = "CC BY-SA 4.0"', "version": 'version = "1.0.0"', "lecons": 'lecons = ["01-….md"]',
    "questions": "une question qui commence par [[questions]]", "reponse": "reponse = true",
    "choix": "des choix, chacun sous une ligne [[questions.choix]]",
    "elements": "des éléments (voir l'exemple de la documentation)",
    "paires": "des paires, chacune sous une ligne [[questions.paires]]",
    "categories": 'categories = ["…", "…"]', "juste": "juste = true",
}

_SIMPLE = {
    "string_type": "« {key} » doit être un texte entre guillemets",
    "string_too_short": "« {key} » ne doit pas être vide : écrivez un texte entre les guillemets",
    "string_too_long": "« {key} » est trop long : {max_length} caractères au plus",
    "une_ligne": "« {key} » doit tenir sur une seule ligne : retirez les retours à la ligne",
    "int_type": "« {key} » doit être un nombre entier, écrit sans guillemets ni virgule (par exemple 10)",
    "int_parsing": "« {key} » doit être un nombre entier, écrit sans guillemets ni virgule (par exemple 10)",
    "int_from_float": "« {key} » doit être un nombre entier, écrit sans virgule (par exemple 10)",
    "bool_type": "« {key} » doit valoir true (vrai) ou false (faux), sans guillemets",
    "bool_parsing": "« {key} » doit valoir true (vrai) ou false (faux), sans guillemets",
    "list_type": "« {key} » doit être une liste entre crochets, par exemple [\"a\", \"b\"]",
    "dict_type": "« {key} » doit être une section, pas une simple valeur",
    "model_type": "« {key} » doit être une section, pas une simple valeur",
    "model_attributes_type": "« {key} » doit être une section, pas une simple valeur",
    "too_short": "« {key} » doit contenir au moins {min_length} éléments (il y en a {actual_length})",
    "too_long": "« {key} » doit contenir au plus {max_length} éléments (il y en a {actual_length})",
    "greater_than_equal": "« {key} » doit valoir au moins {ge}",
    "less_than_equal": "« {key} » doit valoir au plus {le}",
    "string_pattern_mismatch": "« {key} » ne doit contenir que des lettres minuscules sans accent, des chiffres "
                               "et des tirets, par exemple « mot-de-passe-1 »",
}


def translate(detail: Any, loc: Loc, tag: str | None = None) -> str:
    """A French sentence for one pydantic error, saying what to change."""
    from apprendre.models import CONTENU

    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    key = _key_name(loc)
    if kind == CONTENU:
        return " ; ".join(message for _, message in ctx["lieux"])
    if kind == "missing":
        example = _EXAMPLES.get(key, f'{key} = "…"')
        return f"la clé « {key} » manque : ajoutez {example}"
    if kind == "extra_forbidden":
        return _unknown_key(key, tag)
    if kind == "union_tag_invalid":
        return _bad_choice("type", ctx.get("tag"), ctx.get("expected_tags", ""))
    if kind == "union_tag_not_found":
        return "la clé « type » manque : ajoutez type = \"choix unique\" (ou un autre type de question)"
    if kind == "literal_error":
        return _bad_choice(key, detail.get("input"), ctx.get("expected", ""))
    template = _SIMPLE.get(kind)
    if template is None:
        return f"valeur incorrecte pour « {key} » : comparez avec l'exemple de {FORMAT_DOC}"
    return template.format(key=key, **{name: value for name, value in ctx.items() if name != "key"})


def _bad_choice(key: str, value: Any, expected: str) -> str:
    values = re.findall(r"'([^']*)'", expected)
    message = f"« {key} » ne peut pas valoir {_show(value)} : écrivez l'une de ces valeurs : " + ", ".join(
        f"« {v} »" for v in values)
    close = _suggest(value, values) if isinstance(value, str) else None
    return f"{message} (vouliez-vous écrire « {close} » ?)" if close else message


def _unknown_key(key: str, tag: str | None) -> str:
    from apprendre.models import known_keys  # local import: models imports nothing from here

    if key in known_keys() and tag:
        return f"la clé « {key} » ne va pas avec une question de type « {tag} » : supprimez-la, ou corrigez le type"
    if key in known_keys():
        return f"la clé « {key} » ne va pas dans cette section : supprimez-la, ou déplacez-la à sa place"
    message = f"la clé « {key} » est inconnue"
    close = _suggest(key, known_keys())
    if close:
        return f"{message} : vouliez-vous écrire « {close} » ?"
    return f"{message} : supprimez-la ou corrigez son nom (les clés possibles sont dans {FORMAT_DOC})"


def _suggest(word: str, candidates: Any) -> str | None:
    """The candidate the mediator most likely meant: same letters but accents and case, or close."""
    candidates = sorted(candidates)
    plain = _plain(word).casefold().replace("_", " ").replace("-", " ")
    for candidate in candidates:
        if _plain(candidate).casefold().replace("-", " ") == plain:
            return candidate
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
    return close[0] if close else None


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"« {value} »"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
