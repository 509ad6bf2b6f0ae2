"""The layers stay apart, on every module of the package, without a hand-kept list.

The contract itself is written once, in pyproject.toml ([tool.importlinter]): this test runs
import-linter on it, checks that every module of the package belongs to one of its layers, and
checks the rules import-linter does not know (screens never open files, styles in .tcss files).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "apprendre"
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"]
LAYERS = [name.strip() for contract in CONTRACTS if contract["type"] == "layers"
          for layer in contract["layers"] for name in layer.split("|")]
NOT_CODE = {"cours", "templates", "__pycache__"}


def test_the_import_contracts_hold():
    """cli → tui → storage → reports → {learning, sharing} → courses → base; Textual only in tui/;
    the screens never import each other."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_belongs_to_a_layer():
    """A new module or folder at the top of the package must be given a layer in the contract."""
    loose = [path.name for path in PACKAGE.iterdir()
             if path.name not in NOT_CODE and path.name not in ("__init__.py", "__main__.py")
             and f"apprendre.{path.stem}" not in LAYERS]
    assert loose == []


def test_screens_and_widgets_never_open_files():
    forbidden = re.compile(r"\bopen\(|\.read_text\(|\.write_text\(|\.read_bytes\(|\.write_bytes\(|tomllib|tomli")
    offenders = [str(path.relative_to(PACKAGE)) for path in (PACKAGE / "tui").rglob("*.py")
                 if forbidden.search(path.read_text("utf-8"))]
    assert offenders == []


def test_styles_live_in_tcss_files():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if "DEFAULT_CSS" in path.read_text("utf-8") or re.search(r"^\s+CSS = ", path.read_text("utf-8"), re.M)]
    assert offenders == []


def test_no_two_classes_share_a_name():
    """One vocabulary: a class name means one thing, in the package and in the tests."""
    found: dict[str, list[str]] = {}
    for folder in (PACKAGE, ROOT / "tests"):
        for path in folder.rglob("*.py"):
            for name in re.findall(r"^\s*class (\w+)", path.read_text("utf-8"), re.M):
                found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    assert {name: places for name, places in found.items() if len(places) > 1} == {}
