"""The layers stay apart: the course, progress and storage code never imports Textual,
and the screens never open files themselves."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "apprendre"
CORE = ["models", "library", "checker", "problems", "progression", "parcours", "scoring", "session",
        "storage", "settings", "suivi", "rapport", "readability", "packaging", "gift", "cli"]


def test_core_modules_never_import_textual():
    code = ("import sys\n" + "".join(f"import apprendre.{name}\n" for name in CORE)
            + "sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or "a core module imports Textual"


def test_screens_and_widgets_never_open_files():
    forbidden = re.compile(r"\bopen\(|\.read_text\(|\.write_text\(|\.read_bytes\(|\.write_bytes\(|tomllib|tomli_w")
    offenders = [
        str(path.relative_to(PACKAGE))
        for folder in ("screens", "widgets")
        for path in (PACKAGE / folder).glob("*.py")
        if forbidden.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_styles_live_in_tcss_files():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if "DEFAULT_CSS" in path.read_text("utf-8") or re.search(r"^\s+CSS = ", path.read_text("utf-8"), re.M)]
    assert offenders == []
