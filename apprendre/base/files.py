"""Reading text and TOML files, with every failure told in plain French with file, line and column.

Every layer reads its files through here (course files, settings, package manifests),
so that a mediator always gets the same kind of sentence, never the parser's English.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import tomli

from apprendre.base.french import os_reason, size, strip_accents

FORMAT_DOC = "docs/format-des-cours.md"
MAX_TEXT_BYTES = 2 * 1024 * 1024
"""The largest text file read (a lesson, a quiz, the settings): 2 Mo; a longer one is refused, unread."""
MAX_TOML_DEPTH = 20
"""Lists and tables inside one another, at most (the course files use 3 or 4 levels)."""


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
        reason = f"il ne peut pas être lu ({os_reason(error)})"
    return Probleme(path, reason)


def read_text(path: Path, inside: Path | None = None, limit: int = MAX_TEXT_BYTES) -> str:
    """Read a text file as UTF-8, or raise FileError in French.

    Only a regular file is read (a named pipe, a device or a socket is refused
    without waiting on it), at most ``limit`` bytes. With ``inside`` (a module
    folder), a file that is a link to somewhere outside that folder is refused.
    """
    return decode_text(read_bytes(path, inside, limit), path)


def read_bytes(path: Path, inside: Path | None = None, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see ``read_text``), or FileError."""
    try:
        target = path
        if inside is not None:
            target = path.resolve(strict=True)
            if not target.is_relative_to(Path(inside).resolve()):
                raise FileError([Probleme(path, f"ce fichier est un lien vers « {target} », en dehors du "
                                                "dossier du module : copiez le fichier lui-même dans le module")])
        try:
            stream = open_regular(target)
        except NotARegularFile:
            raise FileError([Probleme(path, "ce n'est pas un fichier ordinaire (un tube, un périphérique…) : "
                                            "apprendre ne lit que des fichiers ordinaires ; remplacez-le par "
                                            "un vrai fichier")]) from None
        with stream:
            actual = os.fstat(stream.fileno()).st_size
            if actual > limit:
                raise FileError([too_big(path, actual, limit)])
            data = stream.read(limit + 1)  # a file that grew while being read is caught too
            if len(data) > limit:
                raise FileError([too_big(path, len(data), limit)])
            return data
    except OSError as error:
        raise FileError([unreadable(path, error)]) from None


class NotARegularFile(OSError):
    """A named pipe, a device or a socket where a file was expected."""


def open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading in binary, only if it is a regular file (else NotARegularFile).

    A named pipe put in place of a file would make ``open`` wait for a writer forever,
    and a device would never end: the file is opened without waiting, then checked.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(f"{path} n'est pas un fichier ordinaire")
        if hasattr(os, "O_NONBLOCK"):  # POSIX only; Windows opened it blocking already
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def too_big(path: Path, actual: int, limit: int) -> Probleme:
    return Probleme(path, f"ce fichier est trop gros ({size(actual)}) : {size(limit)} au plus ; "
                          "coupez-le en plusieurs fichiers")


def decode_text(data: bytes, path: Path) -> str:
    """``data`` as UTF-8 text, or FileError naming the line of the first wrong byte."""
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

    The one TOML reader of the app: every failure, whatever it is (a syntax
    error, lists nested too deep, a number too long), becomes a FileError naming
    the file and the line. ``first_line`` is the line of ``path`` where ``text``
    starts (for front matter).
    """
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        line, column, message = _locate_syntax_error(text, error)
        raise FileError([Probleme(path, message, ligne=line + first_line - 1, colonne=column)]) from None
    except RecursionError:
        raise _too_deep(text, path, first_line) from None
    except (ValueError, TypeError, MemoryError):  # e.g. an integer of more than 4,300 digits
        where = _line_of(text, re.search(r"\d{1000}", text))
        raise FileError([Probleme(path, "une valeur ne peut pas être lue (un nombre trop long ?) : "
                                        "écrivez-la plus courte, ou entre guillemets si c'est un texte",
                                  ligne=where + first_line - 1 if where else None)]) from None
    if _depth(data) > MAX_TOML_DEPTH:
        raise _too_deep(text, path, first_line)
    return data


def _depth(data: dict[str, Any]) -> int:
    """How many lists and tables are inside one another (without recursion: any depth is safe)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_TOML_DEPTH:
            break
        for value in node.values() if type(node) is dict else node:
            if type(value) in (dict, list):
                stack.append((value, depth + 1))
    return deepest


def _too_deep(text: str, path: Path, first_line: int) -> FileError:
    return FileError([Probleme(
        path, f"trop de listes ou de tables les unes dans les autres : {MAX_TOML_DEPTH} niveaux au plus ; "
              "simplifiez cette valeur", ligne=_deepest_line(text) + first_line - 1)])


def _deepest_line(text: str) -> int:
    """The line where brackets (outside quoted text) and dotted keys go deepest."""
    best, best_line, depth = -1, 1, 0
    for number, line in enumerate(text.split("\n"), start=1):
        unquoted = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*', "", line)
        key = unquoted.split("=", 1)[0] if "=" in unquoted else unquoted
        dots = key.count(".")
        for char in unquoted:
            if char in "[{":
                depth += 1
                if depth + dots > best:
                    best, best_line = depth + dots, number
            elif char in "]}":
                depth = max(0, depth - 1)
        if dots > best:
            best, best_line = dots, number
    return best_line


def _line_of(text: str, match: re.Match[str] | None) -> int | None:
    return text.count("\n", 0, match.start()) + 1 if match else None


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
