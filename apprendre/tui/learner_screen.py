"""What every learner screen shares: the bar on top, the keys in the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding

from apprendre.tui.app_screen import AppScreen
from apprendre.tui.widgets.barre import BarreApprenant
from apprendre.tui.widgets.pied import Pied

if TYPE_CHECKING:
    from apprendre.learning.progress import Fait
    from apprendre.learning.session import Session


class LearnerScreen(AppScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Retour", key_display="Échap"),
        Binding("f10", "app.sign_out", "J'ai terminé"),
    ]

    def compose(self) -> ComposeResult:
        session = self.session
        yield BarreApprenant(session.pseudo, session.invite)
        yield from self.compose_body()
        yield Pied()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def session(self) -> Session:
        """The learner's session: a learner screen is only shown while someone is signed in (after
        « J'ai terminé », the screens being popped check ``app.session`` first)."""
        session = self.app.session
        if session is None:
            raise RuntimeError("un écran d'apprenant sans apprenant")
        return session

    @property
    def apprenant_id(self) -> str | None:
        """The signed-in learner's id; None for a guest, who has nothing on disk."""
        from apprendre.storage.file_session import FileSession

        session = self.session
        return session.apprenant_id if isinstance(session, FileSession) else None

    def on_screen_resume(self) -> None:
        """Progress may have changed on the screen above: show it again.

        While « J'ai terminé » pops the screens one by one there is no session any more.
        """
        if self.app.session is not None:
            self.refresh_progress()

    def refresh_progress(self) -> None:
        """Screens that show progress redraw it here."""

    def action_back(self) -> None:
        self.app.pop_screen()

    def record(self, fait: Fait) -> None:
        """Record a fact; if it can't be saved, say so — it stays in memory for the next save."""
        from apprendre.storage import StorageError

        try:
            self.session.record(fait)
        except StorageError as error:
            self.notify(str(error), title="Enregistrement", severity="error", timeout=10, markup=False)
