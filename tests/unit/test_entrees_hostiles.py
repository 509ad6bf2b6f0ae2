"""Hostile files: archives, nested TOML, files that are not files, limits at and past the edge.

Each kind is fed to the command a mediator runs; the test checks a French message naming
what and where, the exit code, no traceback, nothing written outside, memory and time bounded.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_paquets import MODULE, craft, lie_about_size, manifest, module_files

from apprendre.base.files import MAX_TEXT_BYTES, MAX_TOML_DEPTH, FileError, parse_toml, read_text
from apprendre.cli.nouveau_module import create_module
from apprendre.sharing import packages as packaging

MEMORY_LIMIT = 600 * 1024 * 1024
"""What a command may use at most here, whatever the file says (the app itself takes about 100 Mo)."""


def run_limited(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``apprendre ARGV…`` in its own process, with its memory capped and a time limit."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run([sys.executable, "-m", "apprendre", *argv], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=cap, env={**os.environ, "PYTHONUTF8": "1"})


def assert_clean_failure(result: subprocess.CompletedProcess[str], *words: str, code: int = 1) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in result.stderr + result.stdout, result.stderr + result.stdout


@pytest.fixture
def source(tmp_path: Path) -> Path:
    library = tmp_path / "source"
    library.mkdir()
    create_module(library, "Ma souris")
    return library


@pytest.fixture
def cible(tmp_path: Path) -> Path:
    library = tmp_path / "cible"
    library.mkdir()
    return library


# --- Archives ---------------------------------------------------------------------------------

@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA], ids=["bzip2", "lzma"])
def test_a_tiny_package_that_would_unpack_to_gigabytes_is_refused_in_bounded_memory(method, source, cible,
                                                                                      tmp_path):
    files = module_files(source)
    bomb = bytes(2 * 1024 * 1024 * 1024 // 16)  # 128 Mo of zeros here; the method is what is refused
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(packaging.MANIFEST, manifest(files | {"bombe.bin": bomb[:100]}))
        for name, content in files.items():
            archive.writestr(f"{MODULE}/{name}", content)
        archive.writestr(f"{MODULE}/bombe.bin", bomb, compress_type=method)
    package = tmp_path / "bombe.apprendre.zip"
    package.write_bytes(lie_about_size(buffer.getvalue(), f"{MODULE}/bombe.bin", 100))
    assert package.stat().st_size < 100_000
    result = run_limited("--cours", str(cible), "importer", str(package))
    assert_clean_failure(result, "Paquet refusé", "bombe.bin", "compressé d'une façon")
    assert list(cible.iterdir()) == []


def nul_in_name(data: bytes, shown: bytes, hidden: bytes) -> bytes:
    assert len(shown) == len(hidden) and data.count(shown) == 2  # local and central headers
    return data.replace(shown, hidden)


def test_a_nul_byte_in_an_entry_name_cannot_hide_what_follows(source, cible, tmp_path):
    files = module_files(source)
    package = tmp_path / "nul.apprendre.zip"
    craft(package, files, extra={f"{MODULE}/image.pngX/../../evil.txt": b"gotcha"})
    package.write_bytes(nul_in_name(package.read_bytes(), b"image.pngX", b"image.png\x00"))
    result = run_limited("--cours", str(cible), "importer", str(package))
    assert_clean_failure(result, "Paquet refusé", "caractère nul", "\\x00")
    assert list(cible.iterdir()) == [] and not (tmp_path / "evil.txt").exists()


def test_a_name_not_in_utf8_is_refused(source, cible, tmp_path, capsys):
    from apprendre.cli.main import main

    files = module_files(source)
    package = tmp_path / "cp437.apprendre.zip"
    craft(package, files, extra={f"{MODULE}/imagé.png": b"x"})
    data = bytearray(package.read_bytes())
    position = data.find(b"PK\x01\x02")
    while position >= 0:  # clear the « UTF-8 name » flag in the central directory
        flags = int.from_bytes(data[position + 8:position + 10], "little")
        data[position + 8:position + 10] = (flags & ~0x800).to_bytes(2, "little")
        position = data.find(b"PK\x01\x02", position + 4)
    package.write_bytes(bytes(data))
    assert main(["--cours", str(cible), "importer", str(package)]) == 1
    assert "Paquet refusé" in capsys.readouterr().err


def test_a_manifest_nested_too_deep_is_refused_with_its_line(source, cible, tmp_path, capsys):
    from apprendre.cli.main import main

    files = module_files(source)
    package = tmp_path / "profond.apprendre.zip"
    deep = manifest(files) + b"\nx = " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    craft(package, files, extra={packaging.MANIFEST: deep}, with_manifest=False)
    assert main(["--cours", str(cible), "importer", str(package)]) == 1
    error = capsys.readouterr().err
    assert "manifeste.toml" in error and "ligne" in error and "niveaux au plus" in error
    assert list(cible.iterdir()) == []


# --- TOML nesting: one reader for every TOML file ----------------------------------------------

def nested(levels: int) -> str:
    """A document whose deepest value is ``levels`` lists and tables deep (the document is one)."""
    return "titre = \"x\"\nv = " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"


def test_toml_nesting_at_the_limit_is_read_and_past_it_is_refused_with_the_line():
    assert parse_toml(nested(MAX_TOML_DEPTH), Path("f.toml"))["titre"] == "x"
    with pytest.raises(FileError) as error:
        parse_toml(nested(MAX_TOML_DEPTH + 1), Path("f.toml"))
    assert str(error.value) == (f"f.toml, ligne 2 : trop de listes ou de tables les unes dans les autres : "
                                f"{MAX_TOML_DEPTH} niveaux au plus ; simplifiez cette valeur")


@pytest.mark.parametrize("document", [
    "v = " + "[" * 100_000 + "]" * 100_000,
    "v = " + "{a=" * 5_000 + "1" + "}" * 5_000,
    ".".join(["a"] * 10_000) + " = 1",
    "[" + ".".join(["t"] * 10_000) + "]\nx = 1",
    "n = " + "9" * 10_000,
], ids=["listes", "tables", "cles-pointees", "section", "nombre-geant"])
def test_any_toml_failure_is_a_french_problem_with_a_line(document):
    with pytest.raises(FileError) as error:
        parse_toml("a = 1\n" + document, Path("f.toml"))
    problem = error.value.problemes[0]
    assert problem.fichier == Path("f.toml") and problem.ligne == 2
    assert problem.message[0].islower() and "Error" not in problem.message


@pytest.mark.parametrize("name", ["module.toml", "quiz.toml"])
def test_verifier_on_a_deeply_nested_course_file_says_where(name, source):
    path = source / MODULE / name
    path.write_text(path.read_text("utf-8") + "\nx = " + "[" * 50_000 + "]" * 50_000 + "\n", "utf-8")
    result = run_limited("verifier", str(source))
    line = path.read_text("utf-8").count("\n")
    assert_clean_failure(result, f"{name}, ligne {line}", "niveaux au plus")


# --- Files that are not files -----------------------------------------------------------------

def listed_lesson(library: Path) -> Path:
    lessons = sorted((library / MODULE).glob("*.md"))
    return lessons[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pas de tubes nommés ici")
def test_a_lesson_that_is_a_named_pipe_is_refused_without_waiting(source):
    lesson = listed_lesson(source)
    lesson.unlink()
    os.mkfifo(lesson)
    os.mkfifo(source / MODULE / "brouillon.md")  # not even listed: still never opened for reading
    result = run_limited("verifier", str(source), timeout=20)
    assert_clean_failure(result, lesson.name, "n'est pas un fichier ordinaire")


def test_a_lesson_linked_to_an_endless_device_is_refused_in_bounded_memory(source):
    lesson = listed_lesson(source)
    lesson.unlink()
    lesson.symlink_to("/dev/zero")
    result = run_limited("verifier", str(source), timeout=20)
    assert_clean_failure(result, lesson.name, "en dehors du dossier du module")


def test_a_lesson_linked_to_a_file_outside_the_module_is_refused_by_checker_and_loader(source, tmp_path):
    from apprendre.courses.library import load_library

    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nLe mot de passe du poste.\n", "utf-8")
    lesson = listed_lesson(source)
    lesson.unlink()
    lesson.symlink_to(secret)
    result = run_limited("verifier", str(source))
    assert_clean_failure(result, lesson.name, "en dehors du dossier du module")
    library = load_library(source)
    assert library.cours == [] and "en dehors du dossier du module" in str(library.problemes[0])


def test_a_link_to_a_lesson_inside_the_module_is_fine(source):
    lesson = listed_lesson(source)
    copy = source / MODULE / "_original.md"
    lesson.rename(copy)
    lesson.symlink_to(copy.name)
    result = run_limited("verifier", str(source))
    assert result.returncode == 0, result.stdout + result.stderr


def test_text_files_at_the_size_limit_are_read_and_past_it_refused(tmp_path):
    path = tmp_path / "lecon.md"
    path.write_bytes(b"a" * MAX_TEXT_BYTES)
    assert len(read_text(path)) == MAX_TEXT_BYTES
    path.write_bytes(b"a" * (MAX_TEXT_BYTES + 1))
    with pytest.raises(FileError) as error:
        read_text(path)
    assert str(error.value) == (f"{path} : ce fichier est trop gros (2,1 Mo) : 2,0 Mo au plus ; "
                                "coupez-le en plusieurs fichiers")


def test_a_lesson_past_the_size_limit_is_named_by_verifier(source):
    lesson = listed_lesson(source)
    lesson.write_bytes(b"# Titre\n\n" + b"Une phrase.\n" * (MAX_TEXT_BYTES // 12 + 1))
    result = run_limited("verifier", str(source))
    assert_clean_failure(result, lesson.name, "trop gros", "2,0 Mo au plus")


@pytest.mark.parametrize("reader", ["presence", "en-tete", "compteur"])
def test_the_small_files_of_the_data_folder_nested_too_deep_read_as_absent(reader, tmp_path):
    from apprendre.storage import presence
    from apprendre.storage.attempts import Attempts, Policy
    from apprendre.storage.summary_reader import read_pseudo

    deep = b'pseudo = "Zo\xc3\xa9"\nversion = 1\nx = ' + b"[" * 2000 + b"]" * 2000 + b"\n"
    path = tmp_path / "fichier"
    path.write_bytes(deep)
    if reader == "presence":
        assert presence.read(path) is None
    elif reader == "en-tete":
        assert read_pseudo(deep[:4096]) is None
    else:
        attempts = Attempts(path, Policy(free=3, delays=(10,), max_delay=60))
        with attempts.locked():
            assert attempts.wait() == 0


SIGN_IN_AFTER_PIPES = """
import os, sys
from pathlib import Path
from apprendre.storage import Depot
folder, which = Path(sys.argv[1]), sys.argv[2].split(",")
Depot(folder).create("Zoé", "1234").close()
main = next(p for p in (folder / "apprenants").glob("*.toml") if "secours" not in p.name)
for path in (main, main.with_suffix(".secours.toml")):
    if path.name.split(".")[1] in which:
        path.unlink(missing_ok=True)
        os.mkfifo(path)
from apprendre.storage import StorageError
try:
    session = Depot(folder).sign_in("Zoé", "1234", forcer=True)
    print(session.avertissement, session.pseudo)
except StorageError as error:
    print(error)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pas de tubes nommés ici")
@pytest.mark.parametrize("which, said", [("toml", "la dernière copie de secours a été reprise"),
                                         ("toml,secours", "parlez-en à un médiateur")])
def test_a_learner_file_replaced_by_a_named_pipe_never_blocks_the_sign_in(which, said, tmp_path):
    folder = tmp_path / "donnees"
    result = subprocess.run([sys.executable, "-c", SIGN_IN_AFTER_PIPES, str(folder), which],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert said in result.stdout
    assert list((folder / "mis-de-cote").iterdir()), "the pipe is set aside, not left in place"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pas de tubes nommés ici")
def test_a_named_pipe_in_place_of_the_summaries_cache_never_blocks_the_report(tmp_path):
    from apprendre.storage import Depot

    folder = tmp_path / "donnees"
    Depot(folder).create("Zoé", None).close()
    cache = folder / "index" / "resumes.jsonl"
    cache.unlink(missing_ok=True)
    os.mkfifo(cache)
    result = subprocess.run([sys.executable, "-m", "apprendre", "--donnees", str(folder), "rapport"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Apprenants différents       1" in result.stdout
