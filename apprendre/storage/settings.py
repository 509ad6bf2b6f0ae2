"""The site's settings, ``reglages.toml`` in the data folder, shared by every terminal.

A mediator may edit the file by hand. If it can't be read, the app must still
start: the file is set aside in ``mis-de-cote/`` (never deleted), the defaults
are used, and ``Reglages.avertissement`` says so in French.
"""

from __future__ import annotations

import re
from pathlib import Path

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from apprendre.base.atomic import make_folder, move_aside, write_atomic
from apprendre.base.files import FileError, parse_toml, read_text

FICHIER = "reglages.toml"


class Reglages(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delai_inactivite: int = Field(300, ge=30, le=24 * 3600)
    """Seconds without a key or mouse event before « Vous êtes toujours là ? »."""
    compte_a_rebours: int = Field(60, ge=5, le=600)
    """Seconds of visible countdown in that dialog before the learner is signed out."""
    conservation_mois: int = Field(12, ge=1, le=120)
    """Months after their last visit before a learner's data may be erased (the mediator decides)."""
    code_mediateur: str | None = None
    """Hash of the mediator's code (see apprendre.storage.codes), never the code itself."""

    _avertissement: str | None = PrivateAttr(default=None)

    @property
    def avertissement(self) -> str | None:
        """A French warning if reglages.toml was broken and the defaults are used instead."""
        return self._avertissement


def load_reglages(dossier: Path) -> Reglages:
    """The settings of the data folder ``dossier``; defaults when there is no file."""
    path = Path(dossier) / FICHIER
    if not path.exists():
        return Reglages()
    try:
        text = read_text(path)
        return Reglages.model_validate(parse_toml(text, path))
    except FileError as error:
        problem = error.problemes[0]
        reason = f"ligne {problem.ligne} : {problem.message}" if problem.ligne else problem.message
    except ValidationError as error:
        reason = _explain(error, text)
    return _defaults_instead(path, reason)


def _explain(error: ValidationError, text: str) -> str:
    """The first problem, in French, with its line (the model is flat: one key, one line)."""
    detail = error.errors()[0]
    key = str(detail["loc"][0]) if detail["loc"] else "?"
    ctx = detail.get("ctx", {})
    messages = {
        "extra_forbidden": f"la clé « {key} » est inconnue (clés possibles : {', '.join(Reglages.model_fields)})",
        "int_type": f"« {key} » doit être un nombre entier, sans guillemets",
        "int_parsing": f"« {key} » doit être un nombre entier, sans guillemets",
        "int_from_float": f"« {key} » doit être un nombre entier, sans virgule",
        "greater_than_equal": f"« {key} » doit valoir au moins {ctx.get('ge')}",
        "less_than_equal": f"« {key} » doit valoir au plus {ctx.get('le')}",
        "string_type": f"« {key} » doit être un texte entre guillemets",
    }
    message = messages.get(detail["type"], f"« {key} » a une valeur incorrecte")
    line = next((number for number, content in enumerate(text.splitlines(), start=1)
                 if re.match(rf"\s*{re.escape(key)}\s*=", content)), None)
    return f"ligne {line} : {message}" if line else message


def _defaults_instead(path: Path, reason: str) -> Reglages:
    try:
        aside = move_aside(path, path.parent / "mis-de-cote", "reglages", "abime")
        where = f"Il a été mis de côté (« {aside} »)"
    except OSError:
        where = "Il n'a pas pu être mis de côté"
    reglages = Reglages()
    reglages._avertissement = (f"Le fichier des réglages « {path} » est abîmé ({reason}). {where}, et les "
                               "réglages par défaut sont utilisés. Prévenez un médiateur.")
    return reglages


def save_reglages(dossier: Path, reglages: Reglages) -> None:
    """Write reglages.toml atomically; raises DisqueError (French) if the disk refuses."""
    from apprendre.storage.errors import disk_error

    data = reglages.model_dump(exclude_none=True)
    try:
        make_folder(Path(dossier))
        write_atomic(Path(dossier) / FICHIER, tomli_w.dumps(data).encode("utf-8"))
    except OSError as error:
        raise disk_error(error, "reglages") from None

