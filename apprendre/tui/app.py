"""The Textual app: wiring, global keys, the learner's session and the idle sign-out.

Screens are imported when first shown, and the course library is loaded when
the catalogue first needs it, so that « Bienvenue » appears as fast as a bare app.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual._time import get_time
from textual.binding import Binding

from apprendre.tui import typography
from apprendre.tui.navigation import Navigation
from apprendre.tui.screens.bienvenue import BienvenueScreen
from apprendre.tui.themes import THEMES

typography.install()

if TYPE_CHECKING:
    from apprendre.base.voice import Voice
    from apprendre.courses.library import Bibliotheque
    from apprendre.learning.session import Session
    from apprendre.storage import Depot
    from apprendre.tui.dialogs import InactiviteDialog


class ApprendreApp(Navigation):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "apprendre"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quitter", show=False, priority=True),
        Binding("f2", "toggle_contrast", "Contraste"),
    ]
    """ctrl+q replaces Textual's English « Quit »; F2 switches the high-contrast theme anywhere."""
    KEY_NAMES = {"escape": "Échap", "enter": "Entrée", "space": "Espace"}
    """The keys' names in French, in the footer of every screen (Textual writes « esc »)."""

    def __init__(self, cours: Path, donnees: Path, *, site: Path | None = None, kiosque: bool = False,
                 apercu: bool = False, seed: int | None = None,
                 idle_delays: tuple[float, float] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """``cours`` is the shipped library, ``site`` the site's own (shown with it, its modules
        marked). ``kiosque``: no key quits, only the espace médiateur does. ``apercu``: ``cours``
        is one module, opened at once in guest mode with its problems shown.

        For tests: ``seed`` fixes the order of shuffled answers, ``idle_delays`` (idle seconds,
        countdown seconds) replaces the settings' delays, and ``clock`` replaces the monotonic
        clock, so that the idle sign-out can be tested without waiting for real seconds."""
        super().__init__()
        self.kiosque = kiosque
        self.apercu = apercu
        self.seed = seed
        self._forced_idle_delays = idle_delays
        self.cours_folder = cours
        self.site_folder = site
        self.donnees_folder = donnees
        self.session: Session | None = None
        self._library: Bibliotheque | None = None
        self._library_lock = threading.Lock()
        self._depot: Depot | None = None
        self._depot_lock = threading.Lock()
        self._clock = clock
        self._last_activity = clock()
        self._idle_dialog: InactiviteDialog | None = None
        self._idle_dialog_opened = 0.0
        self._keys_typed_before = 0.0
        self._idle_delays = (300.0, 60.0)
        self._voice: Voice | None = None
        self.voice_missing_told = False
        """« Lire à voix haute » without a voice says how to add one once, not at every press."""
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "lisible"

    def get_key_display(self, binding: Binding) -> str:
        if binding.key_display is None and binding.key in self.KEY_NAMES:
            return self.KEY_NAMES[binding.key]
        return super().get_key_display(binding)

    def get_default_screen(self) -> BienvenueScreen:
        return BienvenueScreen()

    def on_mount(self) -> None:
        if self.apercu:
            from apprendre.learning.session import GuestSession

            self.start_session(GuestSession(pseudo="Aperçu"))
        testing = self._forced_idle_delays or self._clock is not time.monotonic
        self.set_interval(0.05 if testing else 0.5, self._check_idle)
        if not self.apercu and self.donnees_folder.is_dir():
            self.run_worker(self._prepare_depot, thread=True, exit_on_error=False)
        if not self.apercu:
            self.call_after_refresh(self.run_worker, self._prepare_catalogue, thread=True, exit_on_error=False)

    def _prepare_depot(self) -> None:
        """At start, beside « Bienvenue »: open the data folder and bring the pseudonym index up to
        date if it is not known complete (after a crash, a sync tool, or once a day, these grow with
        the number of learners), so that « Je commence » and « Je reviens » then only look at the
        index. A folder that can't be used is said then."""
        from apprendre.storage import StorageError

        try:
            self.depot.refresh_index(if_needed=True)
        except (StorageError, OSError):
            pass

    def _prepare_catalogue(self) -> None:
        """Once « Bienvenue » is on screen, while it waits for a key: import what the catalogue
        needs (pydantic and the models, the learner's session, the screen) and load the library,
        so that the catalogue then only has its cards to draw. A key pressed meanwhile waits for
        what is under way, no longer than without this."""
        import apprendre.learning.session  # noqa: F401
        import apprendre.tui.screens.catalogue  # noqa: F401

        self.library  # noqa: B018  (loaded and kept)

    # --- Data, loaded when first needed ---------------------------------------------------

    @property
    def library(self) -> Bibliotheque:
        with self._library_lock:  # loaded at start by a thread (_prepare_catalogue), or here first
            return self._load_library()

    def _load_library(self) -> Bibliotheque:
        if self._library is None:
            if self.apercu:
                from apprendre.courses.checker import preview_library  # with Markdown's parser: only here

                self._library = preview_library(self.cours_folder)
            else:
                from apprendre.courses.library import load_libraries
                from apprendre.storage.locations import catalogue_cache

                self._library = load_libraries(self.cours_folder, self.site_folder, cache=catalogue_cache)
        return self._library

    @property
    def depot(self) -> Depot:
        """The learners' files; raises StorageError (French) if the folder can't be used."""
        with self._depot_lock:  # opened at start by a thread (_prepare_depot), or here first
            if self._depot is None:
                from apprendre.storage import Depot

                self._depot = Depot(self.donnees_folder)
            return self._depot

    @property
    def voice(self) -> Voice:
        """The computer's own voice, looked for at the first « Lire à voix haute »."""
        if self._voice is None:
            from apprendre.base.voice import Voice

            self._voice = Voice.of_this_computer()
        return self._voice

    @property
    def voice_started(self) -> bool:
        return self._voice is not None

    def stop_voice(self) -> None:
        if self._voice is not None:
            self._voice.stop()

    # --- Session --------------------------------------------------------------------------

    def start_session(self, session: Session) -> None:
        self.session = session
        self._idle_delays = self.idle_delays()
        self._last_activity = self._clock()
        self._keys_typed_before = get_time()
        self.open_catalogue()

    def action_sign_out(self) -> None:
        """« J'ai terminé »: save, close the session, back to Bienvenue (a preview just ends)."""
        if self.apercu:
            self.exit()
            return
        if self.session is not None:
            self._close_session()
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def _close_session(self) -> None:
        self.stop_voice()
        session, self.session = self.session, None
        if session is None:
            return
        try:
            session.close()
        except Exception as error:  # a StorageError: say it, the facts were saved as they came
            self.notify(str(error), title="Enregistrement", severity="error", timeout=10, markup=False)

    def end_visit(self) -> None:
        """Once the app has stopped, however it stopped (a closed browser tab, a signal):
        the visit ends like « J'ai terminé », saved and with the pseudonym freed."""
        self.stop_voice()
        session, self.session = self.session, None
        if session is None:
            return
        try:
            session.close()
        except Exception as error:  # no screen any more: say it where the operator reads
            print(f"apprendre : la fin de la visite n'a pas pu être enregistrée : {error}", file=sys.stderr)

    async def action_quit(self) -> None:
        if self.kiosque:
            self.notify("L'application reste ouverte pour les prochains apprenants. Un médiateur "
                        "peut la fermer depuis l'espace médiateur.", title="Quitter")
            return
        if getattr(self.screen, "asks_before_leaving", False):
            from apprendre.tui.dialogs import Confirmation

            kept = ("En mode invité, rien n'est enregistré : vos réponses seront oubliées."
                    if self.session is not None and self.session.invite
                    else "Vos réponses sont enregistrées : vous reprendrez là où vous en étiez.")
            self.push_screen(Confirmation(f"Quitter apprendre au milieu du quiz ? {kept}",
                                          oui="Quitter", non="Continuer le quiz"),
                             lambda quit_now: self.quit_now() if quit_now else None)
            return
        self.quit_now()

    def quit_now(self) -> None:
        """Save and quit, whatever the mode (the espace médiateur's « Quitter l'application »)."""
        if self.session is not None:
            self._close_session()
        self.exit()

    def action_help_quit(self) -> None:
        if not self.kiosque:
            self.notify("Pour quitter l'application, appuyez sur Ctrl+Q.", title="Quitter ?")

    def action_toggle_contrast(self) -> None:
        self.theme = "contraste" if self.theme == "lisible" else "lisible"

    # --- Idle sign-out --------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.time < self._keys_typed_before:
            return  # typed before the session opened (a double Entrée): meant for « Je reviens », not the catalogue
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp, events.MouseMove)):
            self._last_activity = self._clock()
        await super().on_event(event)

    def idle_delays(self) -> tuple[float, float]:
        """(seconds without activity before the dialog, seconds of countdown), from the settings."""
        if self._forced_idle_delays:
            return self._forced_idle_delays
        from apprendre.storage.settings import load_reglages

        reglages = load_reglages(self.donnees_folder)
        return reglages.delai_inactivite, reglages.compte_a_rebours

    def _check_idle(self) -> None:
        """Every half second: open « Vous êtes toujours là ? » after the idle delay, then count
        down on it (from the clock, not from ticks) and sign out when time is up."""
        idle, countdown = self._idle_delays
        if self._idle_dialog is not None:
            remaining = countdown - (self._clock() - self._idle_dialog_opened)
            if remaining > 0:
                self._idle_dialog.show_remaining(remaining)
            else:
                self._idle_dialog.dismiss(False)
            return
        if self.session is None or self._clock() - self._last_activity < idle:
            return
        from apprendre.tui.dialogs import InactiviteDialog

        self._idle_dialog = InactiviteDialog(countdown)
        self._idle_dialog_opened = self._clock()
        self.push_screen(self._idle_dialog, self._after_idle_dialog)

    def _after_idle_dialog(self, still_here: bool | None) -> None:
        self._idle_dialog = None
        self._last_activity = self._clock()
        if not still_here:
            self.action_sign_out()
            self.notify("Vous avez été déconnecté après un moment sans activité. "
                        "Tout est enregistré.", title="À bientôt")
