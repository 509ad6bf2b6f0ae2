"""Where the learners' summaries are kept, and how one learner's line is removed from them.

Apart from ``summary_cache`` (which reads and rebuilds the file) so that the learner store
can erase a learner's line without importing the cache, which itself builds on the store.
"""

from __future__ import annotations

from pathlib import Path

from apprendre.base.atomic import AtomicWriter
from apprendre.base.files import open_regular

FICHIER = Path("index") / "resumes.jsonl"
"""Beside the pseudonym index: like it, an accelerator rebuilt from the files, to leave out of a sync."""


def forget_summaries(dossier: Path, ids: set[str]) -> None:
    """Remove learners' lines from the summaries (or the whole file if it can't be rewritten)."""
    path = dossier / FICHIER
    if not ids or not path.exists():
        return
    forgotten = {apprenant_id.encode("ascii") for apprenant_id in ids}
    try:
        with open_regular(path) as stream, AtomicWriter(path, durable=False) as out:  # a line at a time
            for line in stream:
                if line[:12] not in forgotten:
                    out.write(line)
    except OSError:
        path.unlink(missing_ok=True)
