"""A learner as the app knows them: a pseudonym, maybe a code hash, and their progress."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from apprendre.learning.progress import Progression

ID_PATTERN = r"^[0-9a-f]{12}$"

NON_COMMUNIQUE = "Non communiqué"
TrancheAge = Literal["Moins de 12 ans", "12 - 17 ans", "18 - 24 ans", "25 - 39 ans", "40 - 59 ans",
                     "60 - 69 ans", "70 ans et plus"]
TRANCHES_AGE: tuple[TrancheAge, ...] = ("Moins de 12 ans", "12 - 17 ans", "18 - 24 ans", "25 - 39 ans",
                                        "40 - 59 ans", "60 - 69 ans", "70 ans et plus")
"""La Coop de la médiation numérique's age bands, its exact labels (« Non communiqué » besides)."""


class Apprenant(BaseModel):
    """One learner: a pseudonym, maybe a code hash, and the facts of their progress."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    pseudo: str
    code: str | None = None
    """The hash of the learner's code (see ``storage.codes``), never the code itself."""
    cree_le: datetime
    tranche_age: TrancheAge | None = None
    """Optional, chosen at « Je commence »; None is « Non communiqué ». Only ever counted anonymously."""
    progression: Progression = Field(default_factory=Progression)
