"""The door of the espace médiateur: choose the code the first time, then type it.

Wrong codes are slowed down by a growing wait kept on disk (``storage.mediateur``);
this screen only says how long to wait.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from apprendre.tui.app_screen import AppScreen
from apprendre.tui.widgets.pied import Pied

MIN_LENGTH = 8


class MediateurAccesScreen(AppScreen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour")]

    def compose(self) -> ComposeResult:
        from apprendre.storage.mediator_code import has_code

        self.first_time = not has_code(self.app.donnees_folder)
        self.closed = self.first_time and self.app.kiosque
        with Vertical(id="identification"):
            yield Static("Espace médiateur", classes="titre-ecran")
            if self.closed:
                yield Static("Aucun code médiateur n'est encore choisi. Ce poste est en mode kiosque : pour que "
                             "personne d'autre ne puisse le choisir à sa place, le code se choisit seulement "
                             "en ligne de commande, avec « apprendre reglages --code-mediateur ».",
                             id="kiosque-sans-code", markup=False)
                with Horizontal(classes="boutons"):
                    yield Button("Retour", id="retour", variant="primary")
                yield Pied()
                return
            if self.first_time:
                yield Static("Première ouverture : choisissez le code médiateur "
                             f"({MIN_LENGTH} caractères au moins). Il protège le suivi des apprenants.")
                yield Label("Nouveau code")
                yield Input(id="code", password=True)
                yield Label("Le même code, encore une fois")
                yield Input(id="confirmation", password=True)
            else:
                yield Label("Code médiateur")
                yield Input(id="code", password=True)
            yield Static("", id="erreur", markup=False)
            with Horizontal(classes="boutons"):
                yield Button("Entrer", id="valider", variant="primary")
                yield Button("Retour", id="retour")
        yield Pied()

    @on(Button.Pressed, "#retour")
    def _back(self) -> None:
        self.app.pop_screen()

    @on(Input.Submitted, "#code")
    def _code_typed(self) -> None:
        if self.first_time:
            self.query_one("#confirmation", Input).focus()
        else:
            self._submit()

    @on(Input.Submitted, "#confirmation")
    @on(Button.Pressed, "#valider")
    def _submit(self) -> None:
        if self.closed:
            return
        code = self.query_one("#code", Input).value
        error = self._choose(code) if self.first_time else self._check(code)
        if error:
            self.query_one("#erreur", Static).update(error)
            for field in self.query(Input):
                field.value = ""
            self.query_one("#code", Input).focus()
            return
        self.app.open_mediator_space()

    def _choose(self, code: str) -> str | None:
        from apprendre.storage import StorageError
        from apprendre.storage.mediator_code import set_code

        if code != self.query_one("#confirmation", Input).value:
            return "Les deux codes ne sont pas les mêmes. Recommencez."
        try:
            set_code(self.app.donnees_folder, code)
        except StorageError as error:
            return str(error)
        return None

    def _check(self, code: str) -> str | None:
        from apprendre.storage import StorageError
        from apprendre.storage.mediator_code import check_code

        try:
            verdict = check_code(self.app.donnees_folder, code)
        except StorageError as error:
            return str(error)
        return None if verdict.accepte else verdict.message
