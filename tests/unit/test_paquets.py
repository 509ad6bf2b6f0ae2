"""Sharing modules: ``apprendre exporter`` and ``apprendre importer``, and every refused package."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import tomllib
import zipfile
from pathlib import Path

import pytest
import tomli_w

from apprendre.cli.main import main
from apprendre.cli.nouveau_module import create_module
from apprendre.courses.checker import check_library
from apprendre.sharing import packages as packaging
from apprendre.sharing.packages import PaquetRefuse, read_package

MODULE = "ma-souris"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A course library holding one valid module, « ma-souris »."""
    library = tmp_path / "source"
    library.mkdir()
    create_module(library, "Ma souris")
    return library


@pytest.fixture
def cible(tmp_path: Path) -> Path:
    """Another médiathèque's course library, empty."""
    library = tmp_path / "cible"
    library.mkdir()
    return library


def exporter(library: Path, destination: Path, *options: str) -> int:
    return main(["--cours", str(library), "exporter", MODULE, str(destination), *options])


def importer(library: Path, package: Path, *options: str) -> int:
    return main(["--cours", str(library), "importer", str(package), *options])


def module_files(library: Path) -> dict[str, bytes]:
    folder = library / MODULE
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def set_version(library: Path, version: str) -> None:
    path = library / MODULE / "module.toml"
    path.write_text(path.read_text("utf-8").replace('version = "1.0.0"', f'version = "{version}"'), "utf-8")


def manifest(files: dict[str, bytes], **changes) -> bytes:
    data = {
        "format": 1, "module": MODULE, "version": "1.0.0", "titre": "Ma souris",
        "exporte_le": "2025-01-01T10:00:00+01:00", "outil": "apprendre 0.1.0",
        "fichiers": [{"chemin": name, "taille": len(content), "sha256": hashlib.sha256(content).hexdigest()}
                     for name, content in files.items()],
    }
    data.update(changes)
    return tomli_w.dumps(data).replace('"2025-01-01T10:00:00+01:00"', "2025-01-01T10:00:00+01:00").encode()


def craft(path: Path, files: dict[str, bytes], extra: dict[str, bytes] | None = None,
          with_manifest: bool = True, **manifest_changes) -> Path:
    """A package of ``files`` (paths inside the module), plus ``extra`` raw entries."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if with_manifest:
            archive.writestr(packaging.MANIFEST, manifest(files, **manifest_changes))
        for name, content in files.items():
            archive.writestr(f"{MODULE}/{name}", content)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return path


def refused(cible: Path, package: Path, capsys) -> str:
    """Import ``package``, assert it is refused and the library untouched; return the message."""
    assert importer(cible, package) == 1
    assert list(cible.iterdir()) == []  # nothing installed, no temporary folder left
    error = capsys.readouterr().err
    assert error.startswith("Paquet refusé : ")
    return error


# --- Happy paths -----------------------------------------------------------------------------

def test_exported_module_installs_in_another_library_and_passes_the_checker(source, cible, tmp_path, capsys):
    package = tmp_path / "paquet.apprendre.zip"
    assert exporter(source, package) == 0
    assert importer(cible, package) == 0
    assert "installé" in capsys.readouterr().out
    assert module_files(cible) == module_files(source)
    assert check_library(cible).problemes == []
    assert main(["--cours", str(cible), "verifier"]) == 0
    assert [path.name for path in cible.iterdir()] == [MODULE]


def test_package_holds_a_manifest_with_id_version_and_checksums(source, tmp_path):
    package = tmp_path / "paquet.apprendre.zip"
    exporter(source, package)
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        data = tomllib.loads(archive.read(packaging.MANIFEST).decode())
    assert names[0] == packaging.MANIFEST
    assert all(name.startswith(f"{MODULE}/") for name in names[1:])
    assert (data["format"], data["module"], data["version"], data["titre"]) == (1, MODULE, "1.0.0", "Ma souris")
    quiz = (source / MODULE / "quiz.toml").read_bytes()
    assert {"chemin": "quiz.toml", "taille": len(quiz), "sha256": hashlib.sha256(quiz).hexdigest()} \
        in data["fichiers"]


def test_default_package_name_is_module_and_version(source, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--cours", str(source), "exporter", MODULE]) == 0
    assert (tmp_path / f"{MODULE}-1.0.0.apprendre.zip").is_file()
    assert f"apprendre importer {MODULE}-1.0.0.apprendre.zip" in capsys.readouterr().out


def test_export_into_a_folder_uses_the_default_name(source, tmp_path):
    assert exporter(source, tmp_path) == 0
    assert (tmp_path / f"{MODULE}-1.0.0.apprendre.zip").is_file()


def test_export_accepts_the_path_of_a_module_folder(source, tmp_path):
    package = tmp_path / "paquet.zip"
    assert main(["--cours", str(tmp_path / "vide"), "exporter", str(source / MODULE), str(package)]) == 0
    assert read_package(package).manifeste.module == MODULE


def test_export_leaves_hidden_files_out(source, tmp_path):
    (source / MODULE / ".DS_Store").write_bytes(b"\0")
    package = tmp_path / "paquet.zip"
    exporter(source, package)
    assert ".DS_Store" not in read_package(package).fichiers


def test_remplacer_installs_the_new_version(source, cible, tmp_path, capsys):
    exporter(source, tmp_path / "v1.zip")
    importer(cible, tmp_path / "v1.zip")
    set_version(source, "1.1.0")
    exporter(source, tmp_path / "v2.zip")
    capsys.readouterr()
    assert importer(cible, tmp_path / "v2.zip", "--remplacer") == 0
    assert "Il remplace la version 1.0.0." in capsys.readouterr().out
    assert 'version = "1.1.0"' in (cible / MODULE / "module.toml").read_text("utf-8")
    assert [path.name for path in cible.iterdir()] == [MODULE]


# --- An existing module is never replaced silently -------------------------------------------

def test_existing_module_is_kept_without_remplacer(source, cible, tmp_path, capsys):
    exporter(source, tmp_path / "v1.zip")
    importer(cible, tmp_path / "v1.zip")
    set_version(source, "1.1.0")
    exporter(source, tmp_path / "v2.zip")
    capsys.readouterr()
    assert importer(cible, tmp_path / "v2.zip") == 1
    error = capsys.readouterr().err
    assert "déjà installé (version 1.0.0)" in error
    assert "la version 1.1.0" in error
    assert "--remplacer" in error
    assert 'version = "1.0.0"' in (cible / MODULE / "module.toml").read_text("utf-8")


def test_failed_replacement_puts_the_old_module_back(source, cible, tmp_path, monkeypatch):
    exporter(source, tmp_path / "v1.zip")
    importer(cible, tmp_path / "v1.zip")
    set_version(source, "1.1.0")
    exporter(source, tmp_path / "v2.zip")
    real_replace, calls = os.replace, []

    def failing_second_move(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(packaging.os, "replace", failing_second_move)
    assert importer(cible, tmp_path / "v2.zip", "--remplacer") == 1
    assert 'version = "1.0.0"' in (cible / MODULE / "module.toml").read_text("utf-8")
    assert [path.name for path in cible.iterdir()] == [MODULE]


# --- Refused packages ------------------------------------------------------------------------

@pytest.fixture
def good_files(source) -> dict[str, bytes]:
    return module_files(source)


@pytest.mark.parametrize(("name", "reason"), [
    ("../evil.txt", "remonte hors du dossier"),
    (f"{MODULE}/../../evil.txt", "remonte hors du dossier"),
    ("/etc/evil.txt", "est absolu"),
    ("C:/evil.txt", "est absolu"),
    (f"{MODULE}\\..\\evil.txt", "barre oblique inversée"),
    (f"{MODULE}/./evil.txt", "mal formé"),
    (f"{MODULE}/evil\x07.txt", "mal formé"),
])
def test_dangerous_paths_are_refused(name, reason, good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", good_files, extra={name: b"gotcha"})
    assert reason in refused(cible, package, capsys)
    assert not (tmp_path / "evil.txt").exists()


def test_entry_outside_the_module_folder_is_refused(good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", good_files, extra={"autre-module/module.toml": b"x"})
    assert "hors du dossier" in refused(cible, package, capsys)


def test_symlink_is_refused(good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", good_files)
    with zipfile.ZipFile(package, "a") as archive:
        link = zipfile.ZipInfo(f"{MODULE}/image.png")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    assert "lien symbolique" in refused(cible, package, capsys)


def test_too_many_files_are_refused(good_files, cible, tmp_path, capsys):
    files = dict(good_files) | {f"images/{number}.txt": b"x" for number in range(packaging.MAX_FILES)}
    package = craft(tmp_path / "p.zip", files)
    assert "trop de fichiers" in refused(cible, package, capsys)


def test_oversized_file_is_refused(good_files, cible, tmp_path, capsys):
    files = dict(good_files) | {"video.bin": bytes(packaging.MAX_FILE_BYTES + 1)}
    package = craft(tmp_path / "p.zip", files)
    assert "« video.bin » est trop gros" in refused(cible, package, capsys)


def test_oversized_total_is_refused(good_files, cible, tmp_path, capsys):
    big = bytes(packaging.MAX_FILE_BYTES - 1)
    files = dict(good_files) | {f"{number}.bin": big for number in range(4)}
    package = craft(tmp_path / "p.zip", files)
    assert "le module est trop gros" in refused(cible, package, capsys)


def lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size of entry ``name`` in both zip headers, as a zip bomb does."""
    data = bytearray(data)
    encoded = name.encode()
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46:position + 46 + length] == encoded:
            struct.pack_into("<I", data, position + 24, size)
            local = struct.unpack_from("<I", data, position + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def test_zip_bomb_whose_declared_size_lies_is_refused(good_files, cible, tmp_path, capsys):
    """The zip says 1 000 bytes; the data inflates to 3 Mo: reading stops and refuses."""
    bomb = bytes(3 * 1024 * 1024)
    declared = bomb[:1000]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(packaging.MANIFEST, manifest(dict(good_files) | {"bombe.bin": declared}))
        for name, content in good_files.items():
            archive.writestr(f"{MODULE}/{name}", content)
        archive.writestr(f"{MODULE}/bombe.bin", bomb)
    package = tmp_path / "bombe.zip"
    package.write_bytes(lie_about_size(buffer.getvalue(), f"{MODULE}/bombe.bin", 1000))
    assert zipfile.ZipFile(package).getinfo(f"{MODULE}/bombe.bin").file_size == 1000
    assert "bombe.bin" in refused(cible, package, capsys)


def test_bad_checksum_is_refused(good_files, cible, tmp_path, capsys):
    files = dict(good_files)
    package = craft(tmp_path / "p.zip", files)
    tampered = tmp_path / "modifie.zip"
    with zipfile.ZipFile(package) as original, zipfile.ZipFile(tampered, "w") as copy:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == f"{MODULE}/quiz.toml":
                content = content.replace(b"Remplacez", b"Remplacer")  # same size, other bytes
            copy.writestr(info, content)
    assert "l'empreinte de « quiz.toml » ne correspond pas" in refused(cible, tampered, capsys)


def test_package_without_manifest_is_refused(good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", good_files, with_manifest=False)
    assert "pas de fichier manifeste.toml" in refused(cible, package, capsys)


def test_unreadable_manifest_is_refused(good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", {}, extra={packaging.MANIFEST: b"format = = 1"}, with_manifest=False)
    assert "manifeste.toml du paquet est illisible" in refused(cible, package, capsys)


def test_manifest_with_a_dangerous_module_id_is_refused(good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", good_files, module="../dehors")
    assert "manifeste.toml du paquet est incomplet ou faux" in refused(cible, package, capsys)


def test_package_from_a_newer_format_is_refused(good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", good_files, format=2)
    assert "mettez apprendre à jour" in refused(cible, package, capsys)


def test_file_missing_from_the_manifest_is_refused(good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", good_files, extra={f"{MODULE}/ajout.md": b"# Ajout"})
    assert "n'est pas annoncé dans manifeste.toml" in refused(cible, package, capsys)


def test_file_announced_but_absent_is_refused(good_files, cible, tmp_path, capsys):
    files = dict(good_files)
    package = craft(tmp_path / "p.zip", files)
    trimmed = tmp_path / "incomplet.zip"
    with zipfile.ZipFile(package) as original, zipfile.ZipFile(trimmed, "w") as copy:
        for info in original.infolist():
            if info.filename != f"{MODULE}/quiz.toml":
                copy.writestr(info, original.read(info))
    assert "« quiz.toml » est annoncé dans manifeste.toml mais absent" in refused(cible, trimmed, capsys)


def test_module_failing_the_checker_is_refused_with_its_problems(good_files, cible, tmp_path, capsys):
    files = dict(good_files) | {"quiz.toml": b'seuil = 80\n[[questions]]\nid = "q"\ntype = "choix unique"\n'}
    package = craft(tmp_path / "p.zip", files)
    error = refused(cible, package, capsys)
    assert "ne passe pas la vérification" in error
    assert f"- {MODULE}/quiz.toml, ligne 2" in error


def test_manifest_version_must_match_module_toml(good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", good_files, version="9.9.9")
    assert "annonce la version 9.9.9" in refused(cible, package, capsys)


def test_a_file_that_is_not_a_zip_is_refused(cible, tmp_path, capsys):
    package = tmp_path / "pas-un-zip.apprendre.zip"
    package.write_text("bonjour", "utf-8")
    assert "ce n'est pas un fichier zip" in refused(cible, package, capsys)


def test_duplicate_entries_are_refused(good_files, cible, tmp_path, capsys):
    package = craft(tmp_path / "p.zip", good_files, extra={f"{MODULE}/QUIZ.toml": b"x"})
    assert "apparaît deux fois" in refused(cible, package, capsys)


# --- Usage errors and refused exports --------------------------------------------------------

def test_missing_package_file_is_a_usage_error(cible, tmp_path, capsys):
    assert importer(cible, tmp_path / "absent.zip") == 2
    assert "introuvable" in capsys.readouterr().err


def test_missing_course_folder_is_a_usage_error(source, tmp_path, capsys):
    exporter(source, tmp_path / "p.zip")
    assert importer(tmp_path / "nulle-part", tmp_path / "p.zip") == 2
    assert "dossier de cours" in capsys.readouterr().err


def test_unknown_module_lists_the_available_ones(source, tmp_path, capsys):
    assert main(["--cours", str(source), "exporter", "inconnu", str(tmp_path / "p.zip")]) == 2
    assert f"Modules disponibles : {MODULE}" in capsys.readouterr().err


def test_export_refuses_a_module_failing_the_checker(source, tmp_path, capsys):
    (source / MODULE / "quiz.toml").write_text("seuil = 80\n", "utf-8")
    assert exporter(source, tmp_path / "p.zip") == 1
    error = capsys.readouterr().err
    assert "Export refusé" in error and "quiz.toml" in error
    assert not (tmp_path / "p.zip").exists()


def test_export_refuses_a_symlink_in_the_module(source, tmp_path, capsys):
    (source / MODULE / "lien.png").symlink_to("/etc/hostname")
    assert exporter(source, tmp_path / "p.zip") == 1
    assert "« lien.png » est un lien" in capsys.readouterr().err


def test_export_never_overwrites_a_file_silently(source, tmp_path, capsys):
    package = tmp_path / "p.zip"
    package.write_bytes(b"ancien")
    assert exporter(source, package) == 1
    assert "--remplacer" in capsys.readouterr().err
    assert package.read_bytes() == b"ancien"
    assert exporter(source, package, "--remplacer") == 0
    assert read_package(package).manifeste.module == MODULE


def test_read_package_raises_a_french_refusal(tmp_path):
    package = tmp_path / "vide.zip"
    zipfile.ZipFile(package, "w").close()
    with pytest.raises(PaquetRefuse, match="pas de fichier manifeste.toml"):
        read_package(package)


def test_reading_stops_as_soon_as_an_entry_inflates_past_its_declared_size():
    """Python's zipfile already cuts at the declared size; our own count is the second lock."""

    class Inflating(io.BytesIO):
        served = 0

        def read(self, size=-1):
            data = super().read(size)
            Inflating.served += len(data)
            return data

    class Archive:
        def open(self, info):
            return Inflating(bytes(50 * 1024 * 1024))

    info = zipfile.ZipInfo(f"{MODULE}/bombe.bin")
    info.file_size = 1000
    with pytest.raises(PaquetRefuse, match="bombe zip"):
        packaging._read_entry(Archive(), info, packaging.MAX_FILE_BYTES)
    assert Inflating.served <= 64 * 1024  # one chunk read, not 50 Mo


def test_package_without_module_toml_is_refused(good_files, cible, tmp_path, capsys):
    files = {name: content for name, content in good_files.items() if name != "module.toml"}
    package = craft(tmp_path / "p.zip", files)
    assert "pas de fichier module.toml" in refused(cible, package, capsys)


def test_lesson_outside_the_module_is_refused(good_files, cible, tmp_path, capsys):
    """A lesson « ../../voisin/01.md » would make the app show a file from outside the module."""
    voisin = cible / "voisin"
    voisin.mkdir()
    (voisin / "01.md").write_text("# Ailleurs\n\nUn texte d'un autre module.\n", "utf-8")
    module_toml = good_files["module.toml"].replace(b'"01-premiere-lecon.md"', b'"../../voisin/01.md"')
    package = craft(tmp_path / "p.zip", dict(good_files) | {"module.toml": module_toml})
    assert importer(cible, package) == 1
    assert [path.name for path in cible.iterdir()] == ["voisin"]
    assert "la leçon doit être dans le dossier du module" in capsys.readouterr().err
