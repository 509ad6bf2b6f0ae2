"""A cache of the catalogue, so that the app starts fast on a big library.

Loading a module parses its TOML files, checks its quiz and reads its lessons;
on a library of hundreds of modules that takes longer than a learner should
wait at every start. The cache keeps each module that loaded, with the size
and date of every file of its folder: while none of them changes, the module
is taken from the cache as it was checked then.

The cache is only a shortcut. It lives in the user's cache folder (never in the
course folder, which mediators share), it is tied to this version of the
course models, and a missing, unreadable, foreign or outdated cache is ignored;
failing to write it is not an error either. It holds pickled models, loaded
without validating them again: that is where the time goes otherwise. They are
the modules as the catalogue keeps them, without their quiz (its threshold and
question ids only): with 1,000 modules, the quizzes were 34 MB of memory and most
of the time spent reading the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import pydantic

from apprendre.base.atomic import make_folder, write_atomic
from apprendre.courses import models
from apprendre.courses.models import Cours

FORMAT = 2
"""Bump when the cache's layout changes (a change of models.py is noticed by itself)."""

Signature = tuple[tuple[str, int, int], ...]


def _fingerprint() -> str:
    """Changes whenever the course models could have changed shape."""
    source = Path(models.__file__).read_bytes()
    return hashlib.sha256(source + f"{FORMAT} {pydantic.VERSION}".encode()).hexdigest()


FINGERPRINT = _fingerprint()


def signature(folder: Path) -> Signature:
    """Name, size and modification time of each file of a module folder."""
    with os.scandir(folder) as entries:
        return tuple(sorted((entry.name, stat.st_size, stat.st_mtime_ns)
                            for entry in entries if entry.is_file() for stat in (entry.stat(),)))


def read_cache(path: Path) -> dict[str, Any]:
    """The cached modules by id, or nothing if the cache can't be used."""
    try:
        with path.open("rb") as stream:
            data = pickle.load(stream)
    except Exception:  # a damaged cache can fail in many ways: it is then simply ignored
        return {}
    if not isinstance(data, dict) or data.get("empreinte") != FINGERPRINT:
        return {}
    modules = data.get("modules")
    return modules if isinstance(modules, dict) else {}


def cached_cours(entry: Any, folder: Path, current: Signature) -> Cours | None:
    """The module in a cache entry, if its files haven't changed since it was cached."""
    if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current and isinstance(entry[1], Cours)):
        return None
    cours = entry[1]
    return cours if cours.dossier == folder else cours.model_copy(update={"dossier": folder})


def cache_entry(cours: Cours, current: Signature) -> tuple[Signature, Cours]:
    return current, cours


def write_cache(path: Path, modules: dict[str, Any]) -> None:
    """Replace the cache file in one step; a cache that can't be written is simply not kept."""
    try:
        make_folder(path.parent)
        data = pickle.dumps({"empreinte": FINGERPRINT, "modules": modules}, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(path, data, durable=False)
    except (OSError, pickle.PicklingError):
        pass
