"""Where the course library and the data folder are, unless the user says otherwise."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

COURS_ENV = "APPRENDRE_COURS"
DONNEES_ENV = "APPRENDRE_DONNEES"
CACHE_ENV = "APPRENDRE_CACHE"
PACKAGE = Path(__file__).resolve().parent.parent


def shipped_cours() -> Path:
    """The library shipped with the app: inside the package when installed from a wheel,
    beside it in a checkout (or an editable install)."""
    installed = PACKAGE / "cours"
    return installed if installed.is_dir() else PACKAGE.parent / "cours"


def cours_folder(option: str | None = None) -> Path:
    """``--cours`` first, then the environment variable, then the shipped library."""
    chosen = option or os.environ.get(COURS_ENV)
    return Path(chosen).expanduser() if chosen else shipped_cours()


def donnees_folder(option: str | None = None) -> Path:
    """``--donnees`` first, then the environment variable, then the platform's user data folder."""
    chosen = option or os.environ.get(DONNEES_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path("apprendre", appauthor=False)


def catalogue_cache(cours: Path) -> Path:
    """The cache file of the catalogue of a course folder (see ``apprendre.courses.catalogue_cache``):
    in ``$APPRENDRE_CACHE`` if set, else in the platform's user cache folder."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        folder = Path(chosen).expanduser()
    else:
        from platformdirs import user_cache_path

        folder = user_cache_path("apprendre", appauthor=False)
    key = hashlib.sha256(str(cours.resolve()).encode("utf-8")).hexdigest()[:16]
    return folder / f"catalogue-{key}.json"
