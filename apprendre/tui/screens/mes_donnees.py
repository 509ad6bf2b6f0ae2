"""« Mes données »: what is stored about the learner, and deleting their profile."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from apprendre.learning.my_data import GUEST_TEXT
from apprendre.tui.dialogs import Confirmation, write_attestation_and_tell
from apprendre.tui.learner_screen import LearnerScreen
from apprendre.tui.widgets import plain


class MesDonneesScreen(LearnerScreen):
    BINDINGS = [Binding("s", "delete", "Supprimer mon profil")]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="mes-donnees"):
            yield Static("Mes données", classes="titre-ecran")
            yield Static(plain(self._description()), id="description")
        with Horizontal(classes="boutons"):
            yield Button("Retour", id="retour", variant="primary")
            if not self.session.invite:
                yield Button("Mon attestation", id="attestation")
                yield Button("Supprimer mon profil", id="supprimer", variant="error")

    def _description(self) -> str:
        apprenant_id = self.apprenant_id
        if apprenant_id is None:
            return GUEST_TEXT
        from apprendre.learning.my_data import describe
        from apprendre.storage import StorageError

        depot = self.app.depot
        try:
            return describe(depot.load(apprenant_id), depot.copies(apprenant_id), depot.dossier)
        except (StorageError, OSError) as error:
            return f"Vos données ne peuvent pas être lues pour l'instant. {error}"


    def on_mount(self) -> None:
        self.query_one("#retour").focus()

    @on(Button.Pressed, "#retour")
    def _back(self) -> None:
        self.action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A guest has no profile to delete: the key is neither shown nor taken."""
        return not (action == "delete" and (self.app.session is None or self.session.invite))

    @on(Button.Pressed, "#attestation")
    @work
    async def _attestation(self) -> None:
        """An attestation de suivi, written where the mediator chose: a mediator prints it."""
        apprenant_id = self.apprenant_id
        if apprenant_id is not None:  # the button is only there for a learner with a file
            await write_attestation_and_tell(self, apprenant_id, choisir_dossier=False)

    def action_delete(self) -> None:
        self._delete()

    @on(Button.Pressed, "#supprimer")
    @work
    async def _delete(self) -> None:
        question = ("Supprimer votre profil ? Votre pseudo, votre code et toute votre progression "
                    "seront effacés de cet ordinateur. On ne pourra pas les retrouver.")
        if not await self.app.push_screen_wait(Confirmation(question, oui="Oui, tout supprimer")):
            return
        apprenant_id = self.apprenant_id
        if apprenant_id is None:  # a guest: no profile (the key and the button are not there)
            return
        self.app.action_sign_out()
        failures = self.app.depot.erase_all([apprenant_id])
        if failures:
            _, error = failures[0]
            self.app.notify(str(error), title="Suppression", severity="error", timeout=10, markup=False)
            return
        self.app.notify("Votre profil est supprimé. Au revoir !", title="Mes données")
