"""« Lire à voix haute » on the lesson and quiz screens: one button, one key, the same key stops.

The words come from ``courses/plain_text.py`` (the text mode prints the same lines);
the voice is the computer's own (``base/voice.py``), in its own process, so the
screen never waits for it.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Button

from apprendre.base.voice import missing_voice_message
from apprendre.courses.plain_text import spoken

READ_LABEL = "Lire à voix haute"
STOP_LABEL = "Arrêter la lecture"
NO_VOICE_LABEL = "Pas de voix"
READ_KEY = "l"


def read_aloud_button() -> Button:
    return Button(READ_LABEL, id="lire", compact=True, action="screen.read_aloud",
                  tooltip="Lire à voix haute (touche L) ; encore une fois pour arrêter")


class ReadAloud:
    """Mixed into a screen that has ``read_aloud_button()``: it gives ``reading_lines()``."""

    READ_ALOUD_BINDINGS = [Binding(READ_KEY, "read_aloud", "Lire", tooltip=READ_LABEL)]
    """In the footer « l Lire », short enough for every key of the screen to fit in 80 columns."""

    def reading_lines(self) -> list[str]:
        raise NotImplementedError

    def action_read_aloud(self) -> None:
        app = self.app  # type: ignore[attr-defined]
        voice = app.voice
        if voice.speaking:
            self.stop_reading()
            return
        if not voice.available:
            self._no_voice()
            return
        said = spoken(self.reading_lines())
        if voice.say(said, on_end=self._ended_elsewhere):
            self._show_label(STOP_LABEL)
        else:
            self._no_voice()

    def stop_reading(self) -> None:
        """Stop the voice (another page, another question, another screen)."""
        app = self.app  # type: ignore[attr-defined]
        if app.voice_started and app.voice.speaking:
            app.voice.stop()
        if app.voice_started and app.voice.available:
            self._show_label(READ_LABEL)

    def _ended_elsewhere(self, said: bool) -> None:
        """From the voice's thread: the reading ended by itself."""
        try:
            self.app.call_from_thread(self._ended, said)  # type: ignore[attr-defined]
        except RuntimeError:
            pass  # the app has ended meanwhile

    def _ended(self, said: bool) -> None:
        if said:
            self._show_label(READ_LABEL)
        else:
            self._no_voice()

    def _no_voice(self) -> None:
        app = self.app  # type: ignore[attr-defined]
        self._show_label(NO_VOICE_LABEL)
        if not app.voice_missing_told:
            app.voice_missing_told = True
            app.notify(missing_voice_message(), title=READ_LABEL, severity="warning", timeout=30, markup=False)

    def _show_label(self, label: str) -> None:
        for button in self.query("#lire").results(Button):  # type: ignore[attr-defined]
            button.label = label

    def on_screen_suspend(self) -> None:
        self.stop_reading()

    def on_unmount(self) -> None:
        app = self.app  # type: ignore[attr-defined]
        if app.voice_started:
            app.voice.stop()
