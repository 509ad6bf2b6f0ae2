"""Where the course libraries and the data folder are, unless the user says otherwise.

There are two course libraries: the one shipped with the app (read-only: a
reinstall replaces it) and the site's own (``--cours``, ``$APPRENDRE_COURS``, or
the ``cours`` folder of the data folder), where the mediator's commands write.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

COURS_ENV = "APPRENDRE_COURS"
DONNEES_ENV = "APPRENDRE_DONNEES"
CACHE_ENV = "APPRENDRE_CACHE"
LIVRES_ENV = "APPRENDRE_LIVRES"
"""Another folder in place of the shipped library (tests, or a network that ships its own)."""
PACKAGE = Path(__file__).resolve().parent.parent


def shipped_cours() -> Path:
    """The library shipped with the app: inside the package when installed from a wheel,
    beside it in a checkout (or an editable install); ``$APPRENDRE_LIVRES`` if set."""
    chosen = os.environ.get(LIVRES_ENV)
    if chosen:
        return Path(chosen).expanduser()
    installed = PACKAGE / "cours"
    return installed if installed.is_dir() else PACKAGE.parent / "cours"


SITE_FOLDER = "cours"
"""The site's library, by default: this folder of the data folder (shared with it by every terminal)."""


def cours_folder(option: str | None = None, donnees: str | None = None) -> Path:
    """The site's own library: ``--cours`` first, then the environment variable, then
    the ``cours`` folder of the data folder (``donnees`` is the ``--donnees`` option)."""
    chosen = option or os.environ.get(COURS_ENV)
    return Path(chosen).expanduser() if chosen else site_default(donnees)


def site_default(donnees: str | None = None) -> Path:
    """The site's library when none is chosen: made by the first module created or imported."""
    return donnees_folder(donnees) / SITE_FOLDER


def is_shipped(folder: Path) -> bool:
    """Whether ``folder`` is the shipped library itself (then there is no separate site library)."""
    try:
        return folder.resolve() == shipped_cours().resolve()
    except OSError:
        return False


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


JARGON_FILE = "jargon.txt"
"""The words ``apprendre verifier`` wants explained at their first use: the project's list
(``docs/jargon.txt``, in the package when installed), extended by a site's own in its library."""


def jargon_files(*sites: Path) -> list[Path]:
    """The project's jargon list, then the ``jargon.txt`` of each site library that has one."""
    installed = PACKAGE / JARGON_FILE
    files = [installed if installed.is_file() else PACKAGE.parent / "docs" / JARGON_FILE]
    files += [site / JARGON_FILE for site in sites if (site / JARGON_FILE).is_file()]
    return list(dict.fromkeys(files))
