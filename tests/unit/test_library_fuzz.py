"""Property tests: whatever a module file holds, loading and checking report problems, never raise."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from conftest import EXEMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apprendre.courses.checker import check_library
from apprendre.courses.library import load_library

FILES = ["module.toml", "quiz.toml", "01-la-souris.md"]
ENGLISH = re.compile(r"\b(input|should|required|expected|invalid|field|unterminated|unclosed|error)\b", re.IGNORECASE)
TOML_PIECES = st.sampled_from(['"', "'", '"""', "[", "]", "[[", "]]", "{", "}", "=", ",", ".", "\n", "#", " ",
                               "true", "12", "é", "\\", "questions", "choix", "juste", "type", "+++", "## ", "\x00"])


def check(name: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cours"
        shutil.copytree(EXEMPLE, folder / "exemple-de-module")
        (folder / "exemple-de-module" / name).write_bytes(content)
        loaded = load_library(folder)
        rapport = check_library(folder)
    assert len(loaded.cours) + len({p.fichier for p in loaded.problemes}) >= 1
    if not loaded.cours:
        assert loaded.problemes and rapport.problemes
    for problem in loaded.problemes + rapport.problemes:
        assert problem.message and not ENGLISH.search(problem.message), problem.message


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.binary(max_size=600))
def test_any_bytes_in_a_module_file(name, content):
    check(name, content)


@st.composite
def damaged(draw) -> tuple[str, bytes]:
    """A real module file with a few bytes replaced, removed or inserted: close enough to reach every check."""
    name = draw(st.sampled_from(FILES))
    data = bytearray((EXEMPLE / name).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        piece = draw(TOML_PIECES).encode("utf-8")
        if draw(st.booleans()):
            data[at:at + draw(st.integers(0, 12))] = piece
        else:
            data[at:at] = piece
    return name, bytes(data)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_module_files(file):
    check(*file)
