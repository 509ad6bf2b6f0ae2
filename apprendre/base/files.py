"""Reading text and TOML files, with every failure told in plain French with file, line and column.

Every layer reads its files through here (course files, settings, package manifests),
so that a mediator always gets the same kind of sentence, never the parser's English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli

from apprendre.base.french import strip_accents

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


class FileError(Exception):
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
    """Read a course file as UTF-8, or raise FileError in French."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileError([unreadable(path, error)]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileError([Probleme(
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
    """Parse TOML text or raise FileError with a French message and position.

    ``first_line`` is the line of ``path`` where ``text`` starts (for front matter).
    """
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        line, column, message = _locate_syntax_error(text, error)
        raise FileError([Probleme(path, message, ligne=line + first_line - 1, colonne=column)]) from None


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
            return (f"les noms de clés s'écrivent sans accent : écrivez « {strip_accents(key)} » "
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
