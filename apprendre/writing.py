"""Writing the mediator tools' output files, and saying in French why a write failed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside ``path`` then rename over it: a failed write never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a quiz or a package is meant to be shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in French (the system says it in English)."""
    if isinstance(error, FileNotFoundError):
        return "le dossier n'existe pas"
    if isinstance(error, PermissionError):
        return "vous n'avez pas le droit d'écrire à cet endroit"
    if isinstance(error, IsADirectoryError):
        return "c'est un dossier"
    if isinstance(error, FileExistsError):
        return "il existe déjà"
    return f"erreur du système (code {error.errno})"
