"""« Je commence » and « Je reviens »: a pseudonym and an optional 4-digit code."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

Mode = Literal["nouveau", "retour"]

TEXTS = {
    "nouveau": ("Je commence", "Choisissez un pseudo : un prénom, un surnom… "
                "Pas besoin de votre vrai nom.", "Créer mon profil"),
    "retour": ("Je reviens", "Écrivez votre pseudo, et votre code si vous en avez choisi un.",
               "Continuer"),
}


class IdentificationScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour")]

    def __init__(self, mode: Mode) -> None:
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        title, help_text, action = TEXTS[self.mode]
        with Vertical(id="identification"):
            yield Static(title, classes="titre-ecran")
            yield Static(help_text)
            yield Label("Pseudo")
            yield Input(id="pseudo", max_length=30, placeholder="par exemple : Zoé")
            yield Label("Code à 4 chiffres (facultatif)" if self.mode == "nouveau" else "Code (si vous en avez un)")
            yield Input(id="code", max_length=4, restrict=r"[0-9]*", password=True,
                        placeholder="4 chiffres, ou rien")
            if self.mode == "nouveau":
                yield Static("Le code empêche quelqu'un d'autre d'utiliser votre profil. "
                             "Notez-le bien.", classes="discret")
            yield Static("", id="erreur", markup=False)
            with Horizontal(classes="boutons"):
                yield Button(action, id="valider", variant="primary")
                yield Button("Reprendre ici", id="reprendre", variant="warning")
                yield Button("Retour", id="retour")
        yield Footer()

    @on(Button.Pressed, "#retour")
    def _back(self) -> None:
        self.app.pop_screen()

    @on(Input.Submitted, "#pseudo")
    def _next_field(self) -> None:
        self.query_one("#code", Input).focus()

    def on_mount(self) -> None:
        self.query_one("#reprendre").display = False

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#valider")
    def _submit(self) -> None:
        self._sign_in(forcer=False)

    @on(Button.Pressed, "#reprendre")
    def _take_over(self) -> None:
        """The learner is still open on another terminal (left without « J'ai terminé »):
        continue here; both terminals merge their facts, so nothing is lost."""
        self._sign_in(forcer=True)

    def _sign_in(self, forcer: bool) -> None:
        from apprendre.storage import DejaOuvert, StorageError

        pseudo = self.query_one("#pseudo", Input).value
        code = self.query_one("#code", Input).value or None
        try:
            depot = self.app.depot
            if self.mode == "nouveau":
                session = depot.create(pseudo, code)
            else:
                session = depot.sign_in(pseudo, code, forcer=forcer)
        except StorageError as error:
            self.query_one("#erreur", Static).update(str(error))
            self.query_one("#reprendre").display = isinstance(error, DejaOuvert)
            return
        self.app.pop_screen()
        self.app.start_session(session)
        if session.avertissement is not None:
            self.app.notify(str(session.avertissement), title="Votre progression", severity="warning",
                            timeout=15, markup=False)
