"""Module packages: one file that a médiathèque gives another to share a module.

A package (format 1) is a zip file, named ``<module>-<version>.apprendre.zip``
by default, holding:

- ``manifeste.toml``: format version, module id, module version, title, export
  date, tool version, and the size and SHA-256 of every file;
- the module's files, under ``<module>/``.

Reading a package trusts nothing in it. Every entry name is checked before
anything is read (absolute paths, ``..``, backslashes, links, entries outside
``<module>/``), sizes are checked as declared and counted again while reading
(a zip bomb lies about its sizes), every file must match its checksum, and
the module must pass the checker before it is moved into the library.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Annotated

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from apprendre import __version__
from apprendre.base.files import FileError, Probleme, parse_toml, read_bytes, read_text
from apprendre.base.french import size as file_size
from apprendre.courses.library import MODULE_FILE, MODULE_ID
from apprendre.courses.problems import translate

FORMAT = 1
MANIFEST = "manifeste.toml"
SUFFIX = ".apprendre.zip"
MAX_FILES = 200
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024
MAX_MANIFEST_BYTES = 256 * 1024
_CHUNK = 64 * 1024
_FORBIDDEN_CHARS = re.compile(r'[\x00-\x1f\x7f:*?"<>|]')
"""Control characters, and what Windows refuses in a file name."""


class PaquetRefuse(Exception):
    """A package (or a module to export) is refused; ``str(error)`` is a French sentence."""

    def __init__(self, message: str, problemes: list[Probleme] | None = None) -> None:
        super().__init__(message)
        self.problemes = problemes or []


class ModuleExistant(PaquetRefuse):
    """The library already has this module and the mediator didn't ask to replace it."""

    def __init__(self, module: str, installee: str, paquet: str) -> None:
        if installee == paquet:
            versions = f"le paquet contient la même version ({paquet})"
        else:
            versions = f"le paquet contient la version {paquet}"
        super().__init__(f"le module « {module} » est déjà installé (version {installee}) et {versions}. "
                         "Pour remplacer le module installé, relancez la commande avec --remplacer.")
        self.installee = installee
        self.paquet = paquet


class Fichier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    chemin: Annotated[str, Field(min_length=1)]
    """Path inside the module folder, with ``/``."""
    taille: int = Field(ge=0)
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Manifeste(BaseModel):
    """``manifeste.toml``: what the package holds, written by ``build_package``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    format: int
    module: Annotated[str, Field(pattern=MODULE_ID.pattern, max_length=100)]
    version: Annotated[str, Field(min_length=1)]
    titre: Annotated[str, Field(min_length=1)]
    exporte_le: datetime
    outil: str
    fichiers: list[Fichier] = Field(min_length=1)


@dataclass(frozen=True)
class Paquet:
    """A package that passed every check of ``read_package``, held in memory (20 Mo at most)."""

    manifeste: Manifeste
    fichiers: dict[str, bytes]
    """Path inside the module folder → content."""


# --- Export ----------------------------------------------------------------------------------

def default_name(manifeste: Manifeste) -> str:
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", manifeste.version).strip("-.") or "sans-version"
    return f"{manifeste.module}-{version}{SUFFIX}"


def build_package(module_dir: Path, now: datetime | None = None) -> tuple[Manifeste, bytes]:
    """The package of a module folder, as bytes; raises PaquetRefuse if the module is not fit to share."""
    problems = check(module_dir)
    if problems:
        raise PaquetRefuse(f"le module « {module_dir.name} » ne passe pas la vérification : "
                           "corrigez ces problèmes avant de le partager", problems)
    contents = module_files(module_dir)
    module = parse_toml(contents[MODULE_FILE].decode("utf-8-sig"), module_dir / MODULE_FILE)
    manifeste = Manifeste(
        format=FORMAT, module=module_dir.name, version=module["version"], titre=module["titre"],
        exporte_le=(now or datetime.now()).astimezone().replace(microsecond=0),
        outil=f"apprendre {__version__}",
        fichiers=[Fichier(chemin=name, taille=len(data), sha256=hashlib.sha256(data).hexdigest())
                  for name, data in contents.items()],
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, tomli_w.dumps(manifeste.model_dump()))
        for name, data in contents.items():
            archive.writestr(f"{manifeste.module}/{name}", data)
    return manifeste, buffer.getvalue()


def module_files(module_dir: Path) -> dict[str, bytes]:
    """Every file of a module folder, hidden ones (``.git``, ``.DS_Store``) left out.

    Refuses what the importer would refuse: links, special files, too many or too big files.
    """
    contents: dict[str, bytes] = {}
    total = 0
    for folder, subfolders, names in os.walk(module_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(subfolders + names):
            path = Path(folder) / name
            relative = path.relative_to(module_dir).as_posix()
            if name.startswith("."):
                continue
            if path.is_symlink():
                raise PaquetRefuse(f"« {relative} » est un lien : mettez le fichier lui-même dans le module")
            if path.is_dir():
                continue
            if not path.is_file():
                raise PaquetRefuse(f"« {relative} » n'est pas un fichier ordinaire")
            if _FORBIDDEN_CHARS.search(name):
                raise PaquetRefuse(f"le nom « {relative} » contient un caractère interdit dans un nom de "
                                   'fichier (: * ? " < > | ou un caractère invisible) : renommez-le')
            try:
                data = read_bytes(path, inside=module_dir, limit=MAX_FILE_BYTES)
            except FileError as error:
                raise PaquetRefuse(f"« {relative} » : {error.problemes[0].message}") from None
            total += len(data)
            _check_limits(relative, len(contents) + 1, len(data), total)
            contents[relative] = data
    return contents


def _check_limits(name: str, count: int, size: int, total: int) -> None:
    if count > MAX_FILES:
        raise PaquetRefuse(f"trop de fichiers : {MAX_FILES} au plus dans un module")
    if size > MAX_FILE_BYTES:
        raise PaquetRefuse(f"le fichier « {name} » est trop gros ({file_size(size)}) : "
                           f"{file_size(MAX_FILE_BYTES)} au plus par fichier")
    if total > MAX_TOTAL_BYTES:
        raise PaquetRefuse(f"le module est trop gros : {file_size(MAX_TOTAL_BYTES)} au plus en tout")


# --- Reading a package -----------------------------------------------------------------------

def read_package(path: Path) -> Paquet:
    """Read and check a whole package without writing anything; raises PaquetRefuse."""
    try:
        if path.stat().st_size > MAX_TOTAL_BYTES + MAX_MANIFEST_BYTES + 1024 * 1024:
            raise PaquetRefuse(f"ce paquet est trop gros : un module fait {file_size(MAX_TOTAL_BYTES)} au plus")
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise PaquetRefuse("ce fichier n'est pas un paquet apprendre : ce n'est pas un fichier zip, "
                           "ou il est abîmé") from None
    except OSError:
        raise PaquetRefuse("ce fichier ne peut pas être lu") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_FILES + 1:
            raise PaquetRefuse(f"trop de fichiers : le paquet en contient {len(infos)}, "
                               f"{MAX_FILES} au plus sont acceptés")
        for info in infos:
            check_entry(info)
        _check_duplicates(infos)
        manifest_info = next((info for info in infos if info.filename == MANIFEST), None)
        if manifest_info is None:
            raise PaquetRefuse(f"ce paquet n'a pas de fichier {MANIFEST} : "
                               "ce n'est pas un paquet fait par « apprendre exporter »")
        manifeste = _read_manifest(archive, manifest_info)
        entries = _module_entries(infos, manifest_info, manifeste)
        return Paquet(manifeste, _read_files(archive, entries, manifeste))


ACCEPTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
"""What ``exporter`` writes (deflate for files, stored for folders). Other methods (bzip2, LZMA)
are refused before anything is read: zipfile doesn't bound the memory they use while unpacking."""
_REFUSED_FLAGS = 0x1 | 0x20 | 0x40
"""Encrypted, compressed patch data, strong encryption: never written by ``exporter``."""


def check_entry(info: zipfile.ZipInfo) -> None:
    """Refuse an entry whose name or kind could write outside the module, or trick the reader.

    The name checked is the whole name stored in the archive (``orig_filename``):
    zipfile cuts ``filename`` at a NUL byte, which would hide what follows it.
    """
    name = info.orig_filename
    shown = name.encode("unicode_escape").decode("ascii") if _FORBIDDEN_CHARS.search(name) else name
    if "\x00" in name:
        raise PaquetRefuse(f"le chemin « {shown} » contient un caractère nul : refusé")
    if not name.isascii() and not info.flag_bits & 0x800:
        raise PaquetRefuse(f"le nom « {shown} » n'est pas écrit en UTF-8 : ce paquet n'est pas fait par "
                           "« apprendre exporter »")
    if info.compress_type not in ACCEPTED_COMPRESSION:
        raise PaquetRefuse(f"« {shown} » est compressé d'une façon qu'« apprendre exporter » n'utilise pas : "
                           "refusé ; refaites le paquet avec « apprendre exporter »")
    if info.flag_bits & _REFUSED_FLAGS:
        if info.flag_bits & 0x1:
            raise PaquetRefuse(f"« {shown} » est chiffré : un paquet ne doit pas avoir de mot de passe")
        raise PaquetRefuse(f"« {shown} » est enregistré d'une façon qu'« apprendre exporter » n'utilise pas : "
                           "refusé")
    if "\\" in name:
        raise PaquetRefuse(f"le chemin « {shown} » contient une barre oblique inversée (\\) : refusé")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise PaquetRefuse(f"le chemin « {shown} » est absolu : un paquet ne peut écrire que dans son dossier")
    parts = name.removesuffix("/").split("/")
    if ".." in parts:
        raise PaquetRefuse(f"le chemin « {shown} » remonte hors du dossier (..) : refusé")
    if any(part in ("", ".") or _FORBIDDEN_CHARS.search(part) for part in parts):
        raise PaquetRefuse(f"le chemin « {shown} » est mal formé ou contient un caractère interdit")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise PaquetRefuse(f"« {shown} » est un lien symbolique : un paquet ne peut contenir que des fichiers")
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise PaquetRefuse(f"« {shown} » n'est pas un fichier ordinaire")


def _check_duplicates(infos: list[zipfile.ZipInfo]) -> None:
    """Two entries with one name (or names differing by case only) would overwrite each other."""
    seen: set[str] = set()
    for info in infos:
        key = info.filename.removesuffix("/").casefold()
        if key in seen:
            raise PaquetRefuse(f"le chemin « {info.filename} » apparaît deux fois dans le paquet")
        seen.add(key)


def _read_manifest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Manifeste:
    data = _read_entry(archive, info, MAX_MANIFEST_BYTES)
    try:
        raw = parse_toml(data.decode("utf-8"), Path(MANIFEST))
    except UnicodeDecodeError:
        raise PaquetRefuse(f"le fichier {MANIFEST} du paquet n'est pas du texte UTF-8 : il est illisible") from None
    except FileError as error:
        raise PaquetRefuse(f"le fichier {MANIFEST} du paquet est illisible ({error.problemes[0]})") from None
    version = raw.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
        raise PaquetRefuse(f"ce paquet a été fait par une version plus récente d'apprendre (format {version}) : "
                           "mettez apprendre à jour pour l'importer")
    try:
        manifeste = Manifeste.model_validate(raw)
    except ValidationError as error:
        detail = error.errors()[0]
        raise PaquetRefuse(f"le fichier {MANIFEST} du paquet est incomplet ou faux : "
                           f"{translate(detail, tuple(detail['loc']))}") from None
    if manifeste.format != FORMAT:
        raise PaquetRefuse(f"format de paquet inconnu ({manifeste.format}) : ce paquet n'est pas "
                           "fait par « apprendre exporter »")
    return manifeste


def _module_entries(infos: list[zipfile.ZipInfo], manifest_info: zipfile.ZipInfo,
                    manifeste: Manifeste) -> dict[str, zipfile.ZipInfo]:
    """The module's files, by path inside the module; every one listed in the manifest, and back."""
    prefix = f"{manifeste.module}/"
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info is manifest_info:
            continue
        if not info.filename.startswith(prefix):
            raise PaquetRefuse(f"« {info.filename} » est hors du dossier « {prefix} » du module : refusé")
        if not info.is_dir():
            entries[info.filename.removeprefix(prefix)] = info
    listed = [fichier.chemin for fichier in manifeste.fichiers]
    if len(set(listed)) != len(listed):
        raise PaquetRefuse(f"le fichier {MANIFEST} du paquet cite deux fois le même fichier")
    missing = sorted(set(listed) - entries.keys())
    if missing:
        raise PaquetRefuse(f"« {missing[0]} » est annoncé dans {MANIFEST} mais absent du paquet")
    unlisted = sorted(entries.keys() - set(listed))
    if unlisted:
        raise PaquetRefuse(f"« {prefix}{unlisted[0]} » n'est pas annoncé dans {MANIFEST} : "
                           "le paquet a été modifié après son export")
    declared = sum(info.file_size for info in entries.values())
    for name, info in entries.items():
        _check_limits(name, 1, info.file_size, declared)
    return entries


def _read_files(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo],
                manifeste: Manifeste) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    total = 0
    for fichier in manifeste.fichiers:
        info = entries[fichier.chemin]
        if info.file_size != fichier.taille:
            raise PaquetRefuse(f"la taille de « {fichier.chemin} » ne correspond pas à celle du manifeste : "
                               "le paquet a été modifié ou abîmé")
        data = _read_entry(archive, info, min(info.file_size, MAX_FILE_BYTES))
        total += len(data)
        _check_limits(fichier.chemin, 1, len(data), total)
        if hashlib.sha256(data).hexdigest() != fichier.sha256:
            raise PaquetRefuse(f"l'empreinte de « {fichier.chemin} » ne correspond pas au manifeste : "
                               "le fichier a été modifié ou abîmé depuis l'export")
        contents[fichier.chemin] = data
    return contents


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read one entry, counting the bytes: more than ``limit`` or than declared is refused."""
    if info.file_size > limit:
        raise PaquetRefuse(f"« {info.filename} » est trop gros ({file_size(info.file_size)})")
    chunks, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > min(limit, info.file_size):
                    raise PaquetRefuse(f"« {info.filename} » est plus gros que la taille annoncée : "
                                       "le paquet est piégé (bombe zip) ou abîmé")
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise PaquetRefuse(f"« {info.filename} » est abîmé ou piégé dans le paquet : ses données ne "
                           "correspondent pas à ce que le zip annonce (taille ou somme de contrôle)") from None
    except NotImplementedError:
        raise PaquetRefuse(f"« {info.filename} » est compressé d'une façon inconnue : "
                           "refaites le paquet avec « apprendre exporter »") from None
    if size != info.file_size:
        raise PaquetRefuse(f"« {info.filename} » est tronqué dans le paquet")
    return b"".join(chunks)


# --- Installing ------------------------------------------------------------------------------

def installed_version(module_dir: Path) -> str:
    """The version written in an installed module's ``module.toml``, or « inconnue »."""
    try:
        version = parse_toml(read_text(module_dir / MODULE_FILE), module_dir / MODULE_FILE).get("version")
    except FileError:
        return "inconnue"
    return version if isinstance(version, str) and version else "inconnue"


def install_package(paquet: Paquet, library: Path, remplacer: bool = False) -> str | None:
    """Install a checked package in ``library``; returns the version it replaced, if any.

    The files are written in a hidden temporary folder inside the library (the
    loader skips hidden folders), the checker runs there, and only then is the
    folder renamed into place. With ``remplacer``, the old module is moved
    aside first and put back if the new one can't take its place.
    """
    module_id = paquet.manifeste.module
    target = library / module_id
    previous = None
    if target.exists() or target.is_symlink():
        previous = installed_version(target)
        if not remplacer:
            raise ModuleExistant(module_id, previous, paquet.manifeste.version)
        if target.is_symlink() or not target.is_dir():
            raise PaquetRefuse(f"« {target} » existe et n'est pas un dossier de module : déplacez-le d'abord")
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=library))
    try:
        new = staging / module_id
        _write_files(new, paquet.fichiers)
        problems = check(new)
        if problems:
            raise PaquetRefuse(f"le module « {module_id} » du paquet ne passe pas la vérification",
                               [_relative(problem, staging) for problem in problems])
        _check_version(new, paquet.manifeste)
        _move_into_place(new, target, staging / "ancienne-version" if previous is not None else None)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return previous


def check(module_dir: Path) -> list[Probleme]:
    """The checker's problems for one module folder (a folder without module.toml is one)."""
    from markdown_it import MarkdownIt

    from apprendre.courses.checker import check_module

    return check_module(module_dir, MarkdownIt("commonmark"))


def _write_files(folder: Path, fichiers: dict[str, bytes]) -> None:
    for name, data in fichiers.items():
        path = folder.joinpath(*PurePosixPath(name).parts)
        if not path.resolve().is_relative_to(folder.resolve()):
            raise PaquetRefuse(f"le chemin « {name} » sort du dossier du module : refusé")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _check_version(module_dir: Path, manifeste: Manifeste) -> None:
    version = installed_version(module_dir)
    if version != manifeste.version:
        raise PaquetRefuse(f"le manifeste annonce la version {manifeste.version} mais le module.toml "
                           f"du paquet dit {version} : le paquet a été modifié")


def _move_into_place(new: Path, target: Path, aside: Path | None) -> None:
    if aside is None:
        os.replace(new, target)
        return
    os.replace(target, aside)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(aside, target)
        raise


def _relative(problem: Probleme, staging: Path) -> Probleme:
    try:
        return replace(problem, fichier=problem.fichier.relative_to(staging))
    except ValueError:
        return problem
