"""The bar at the top of every screen once a learner is in: who is learning, and the way out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from apprendre.tui.widgets import plain


class BarreApprenant(Horizontal):
    """Shows the pseudonym (exactly as typed), « Contraste » and « J'ai terminé »."""

    def __init__(self, pseudo: str, invite: bool) -> None:
        super().__init__(id="barre")
        self.pseudo = pseudo
        self.invite = invite

    def compose(self) -> ComposeResult:
        yield Static("apprendre", id="barre-nom")
        who = "Mode invité : rien n'est enregistré" if self.invite else "Vous êtes : "
        yield Static(who, id="barre-qui")
        if not self.invite:
            yield Static(plain(self.pseudo), id="barre-pseudo")
        yield Button("Contraste", id="contraste", compact=True, action="app.toggle_contrast")
        yield Button("J'ai terminé", id="termine", compact=True, variant="error", action="app.sign_out")
