"""The site's settings, ``reglages.toml`` in the data folder, shared by every terminal.

A mediator may edit the file by hand. One wrong key never throws away the
others: every valid key is used, each wrong one is named with its line in
``Reglages.avertissement`` (its default value is used meanwhile), and the file
stays where it is, untouched, so that the warning shows in every command and
in the espace médiateur until someone fixes it. If the file can't be read at
all, every value is the default and the warning says why.

Two things refuse to work on settings that were not read whole: saving them
(the wrong key would be lost with its intended value) and erasing learners
(the retention period might be a default the site never chose).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from apprendre.base.atomic import make_folder, write_atomic
from apprendre.base.files import FileError, parse_toml, read_text
from apprendre.base.french import count
from apprendre.storage.errors import StorageError

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
    nom_du_lieu: str | None = Field(None, min_length=1, max_length=120)
    """The site's name, written on the attestations de suivi (« Médiathèque de Lunel »)."""
    dossier_attestations: str | None = Field(None, min_length=1)
    """Where attestations de suivi are written (default: « attestations » in the data folder)."""

    _problemes: list[str] = PrivateAttr(default_factory=list)
    _cles_en_erreur: set[str] = PrivateAttr(default_factory=set)
    """The keys whose value was refused; ``*`` when the file couldn't be read at all."""
    _fichier: Path | None = PrivateAttr(default=None)

    @property
    def problemes(self) -> list[str]:
        """What is wrong in reglages.toml, one French sentence a problem, with its line."""
        return list(self._problemes)

    @property
    def avertissement(self) -> str | None:
        """A French warning naming each wrong key with its line, or None when the file was read whole."""
        if not self._problemes:
            return None
        number = len(self._problemes)
        return (f"Le fichier des réglages « {self._fichier} » a {count(number, 'erreur')} : "
                f"{' ; '.join(self._problemes)}. En attendant, la valeur par défaut est utilisée pour "
                f"{'cette clé' if number == 1 else 'ces clés'}, et la purge des apprenants est refusée. "
                "Corrigez le fichier avec un éditeur de texte. Prévenez un médiateur.")


class ReglagesIllisibles(StorageError):
    """The settings on disk have errors: saving over them or erasing learners is refused."""


def load_reglages(dossier: Path) -> Reglages:
    """The settings of the data folder ``dossier``; defaults when there is no file.

    Never raises for a wrong file: see the module's docstring.
    """
    path = Path(dossier) / FICHIER
    try:
        path.stat()
    except FileNotFoundError:
        return Reglages()
    except OSError:
        pass  # read_text says why in French
    try:
        text = read_text(path)
    except FileError as error:
        return _with_problems(Reglages(), path, [f"{error.problemes[0].message} (aucun réglage n'a pu être lu)"],
                              {"*"})
    try:
        data = parse_toml(text, path)
        problems = []
    except FileError as error:  # the file is flat: each line that reads on its own is still used
        problem = error.problemes[0]
        reason = f"ligne {problem.ligne} : {problem.message}" if problem.ligne else problem.message
        data, problems = _line_by_line(text, path), [reason]
    kept: dict[str, Any] = {}
    for key, value in data.items():
        try:
            Reglages.model_validate({key: value})
        except ValidationError as error:
            problems.append(_explain(error, text))
            continue
        kept[key] = value
    wrong = set(data) - set(kept) | ({"*"} if len(problems) > len(data) - len(kept) else set())
    return _with_problems(Reglages.model_validate(kept), path, problems, wrong)


def _line_by_line(text: str, path: Path) -> dict[str, Any]:
    """The « key = value » lines that read on their own, the first of each key."""
    data: dict[str, Any] = {}
    for line in text.splitlines():
        try:
            for key, value in parse_toml(line, path).items():
                data.setdefault(key, value)
        except FileError:
            continue
    return data


def _with_problems(reglages: Reglages, path: Path, problems: list[str], keys: set[str]) -> Reglages:
    if not problems:
        return reglages
    reglages._problemes = problems
    reglages._cles_en_erreur = keys
    reglages._fichier = path
    return reglages


def _explain(error: ValidationError, text: str) -> str:
    """The problem of one key, in French, with its line (the model is flat: one key, one line)."""
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
                 if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", content)), None)
    return f"ligne {line} : {message}" if line else message


def refuse_if_unreadable(reglages: Reglages, what: str) -> None:
    """ReglagesIllisibles naming the wrong lines if the settings were not read whole; ``what`` is the
    action refused (« Rien n'a été effacé »)."""
    if reglages.problemes:
        raise ReglagesIllisibles(
            f"{what} : le fichier des réglages « {reglages._fichier} » a "
            f"{count(len(reglages.problemes), 'erreur')} ({' ; '.join(reglages.problemes)}). "
            "Corrigez-le d'abord avec un éditeur de texte, puis recommencez.")


def save_reglages(dossier: Path, reglages: Reglages) -> None:
    """Write reglages.toml atomically; raises DisqueError (French) if the disk refuses.

    ReglagesIllisibles if the file on disk has a wrong key that this save doesn't
    set anew: writing would lose it and the value it was meant to have.
    """
    from apprendre.storage.errors import disk_error

    on_disk = load_reglages(dossier)
    if on_disk._cles_en_erreur - reglages.model_fields_set:
        refuse_if_unreadable(on_disk, "Les réglages n'ont pas été enregistrés (la clé en erreur et la valeur "
                                      "voulue pour elle seraient perdues)")
    data = reglages.model_dump(exclude_none=True)
    try:
        make_folder(Path(dossier))
        write_atomic(Path(dossier) / FICHIER, tomli_w.dumps(data).encode("utf-8"))
    except OSError as error:
        raise disk_error(error, "reglages") from None

