"""The learner's session: the one interface the screens use to read and record progress.

The screens never touch files. A signed-in learner's session saves each fact
as it is recorded (``storage`` implements it); a guest's session keeps
everything in memory and writes nothing.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from apprendre.learning.progress import Fait, Progression, Visite, now


class Session(Protocol):
    progression: Progression

    @property
    def pseudo(self) -> str: ...

    @property
    def invite(self) -> bool:
        """A guest (« Juste essayer »): nothing is written."""

    @property
    def avertissement(self) -> Exception | None:
        """Something the learner must be told after signing in (a repaired file), or None."""

    def record(self, fait: Fait) -> None:
        """Add a fact to the progress and save it (a guest's is only kept in memory)."""

    def close(self) -> None:
        """Sign out: the visit ends and everything is saved."""


class GuestSession:
    """"Juste essayer": the same journey, nothing written to disk."""

    invite = True
    avertissement = None

    def __init__(self, pseudo: str = "Invité") -> None:
        self.pseudo = pseudo
        self.progression = Progression()

    def record(self, fait: Fait) -> None:
        self.progression.add(fait)

    def close(self) -> None:
        pass


def new_visit() -> Visite:
    moment = now()
    return Visite(id=uuid.uuid4().hex[:12], debut=moment, fin=moment)
