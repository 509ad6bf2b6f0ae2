"""The footer of every screen: Textual's ``Footer``, rebuilt only when the keys it shows change.

Textual's footer rebuilds all its key widgets whenever the screen's bindings
*may* have changed: at every focus change, a dozen times when « Valider » moves
the focus and repaints. That rebuild was two thirds of the press's time. Here
the keys shown (key, label, enabled) are compared first: same keys, no rebuild.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class Pied(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[str, str, str, bool], ...] | None = None

    def keys_shown(self) -> tuple[tuple[str, str, str, bool], ...]:
        return tuple((binding.key, binding.description, binding.action, enabled)
                     for _, binding, enabled, _ in self.screen.active_bindings.values() if binding.show)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        shown = self.keys_shown()
        if shown != self._shown:
            self._shown = shown
            self.call_after_refresh(self.recompose)
