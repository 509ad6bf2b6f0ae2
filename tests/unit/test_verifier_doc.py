"""docs/format-des-cours.md can't drift from the example module nor from the models."""

from __future__ import annotations

from conftest import EXEMPLE, ROOT
from markdown_it import MarkdownIt

from apprendre.courses.checker import check_library
from apprendre.courses.models import CRCN_CODES, QUESTION_TYPES, known_keys

DOC = ROOT / "docs" / "format-des-cours.md"


def example_blocks() -> dict[str, str]:
    """The doc's code blocks whose info string names a file of the example: ```toml exemple-de-module/quiz.toml"""
    blocks = {}
    for token in MarkdownIt("commonmark").parse(DOC.read_text("utf-8")):
        words = token.info.split() if token.type == "fence" else []
        if len(words) == 2 and words[1].startswith(f"{EXEMPLE.name}/"):
            blocks[words[1].removeprefix(f"{EXEMPLE.name}/")] = token.content
    return blocks


def test_the_doc_shows_every_file_of_the_example_verbatim():
    files = {path.name: path.read_text("utf-8") for path in EXEMPLE.iterdir() if path.is_file()}
    assert example_blocks() == files


def test_the_example_passes_the_checker():
    assert check_library(EXEMPLE).problemes == []


def test_the_doc_explains_every_key_type_and_crcn_code():
    text = DOC.read_text("utf-8")
    for key in known_keys() - {"type"}:
        assert f"`{key}`" in text, key
    for kind in QUESTION_TYPES:
        assert f'`"{kind}"`' in text, kind
    for code, name in CRCN_CODES.items():
        assert f"| {code} |" in text and name in text, code
