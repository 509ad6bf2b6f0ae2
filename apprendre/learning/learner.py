"""A learner as the app knows them: a pseudonym, maybe a code hash, and their progress."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from apprendre.learning.progress import Progression

ID_PATTERN = r"^[0-9a-f]{12}$"


class Apprenant(BaseModel):
    """One learner: a pseudonym, maybe a code hash, and the facts of their progress."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    pseudo: str
    code: str | None = None
    """The hash of the learner's code (see ``storage.codes``), never the code itself."""
    cree_le: datetime
    progression: Progression = Field(default_factory=Progression)
