"""The computer's own offline voice: espeak-ng on Linux, ``say`` on macOS, Windows' voices.

Each engine is run as its own command, with the text on its standard input: nothing
is downloaded, nothing waits on the screen (the speech runs in its own process, and a
thread tells when it ends), and stopping is ending that process. ``APPRENDRE_VOIX``
replaces the command (``aucune``: no voice), for a site with another engine, and for tests.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable

VOICE_ENV = "APPRENDRE_VOIX"
NO_VOICE = "aucune"
NO_FRENCH_VOICE = 3
"""Exit code of the Windows command when no French voice is installed."""

WINDOWS_SCRIPT = (
    "[Console]::InputEncoding = [Text.Encoding]::UTF8; "
    "Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "$v = $s.GetInstalledVoices() | Where-Object { $_.VoiceInfo.Culture.TwoLetterISOLanguageName -eq 'fr' } "
    "| Select-Object -First 1; "
    f"if (-not $v) {{ exit {NO_FRENCH_VOICE} }}; "
    "$s.SelectVoice($v.VoiceInfo.Name); $s.Rate = -1; $s.Speak([Console]::In.ReadToEnd())"
)

HOW_TO_ADD = {
    "linux": "Pour en ajouter une, un administrateur installe le paquet espeak-ng "
             "(sudo apt install espeak-ng), puis relance apprendre.",
    "win32": "Pour en ajouter une : Paramètres, Heure et langue, Voix, Ajouter des voix, "
             "puis Français (France). Relancez ensuite apprendre.",
    "darwin": "Pour en ajouter une : Réglages Système, Accessibilité, Contenu énoncé, Voix du système, "
              "Gérer les voix, puis une voix française. Relancez ensuite apprendre.",
}


def missing_voice_message(platform: str = sys.platform) -> str:
    """What the learner is told, once, when this computer has no French voice."""
    how = HOW_TO_ADD.get(platform, HOW_TO_ADD["linux"])
    return f"Cet ordinateur n'a pas de voix française pour lire à voix haute. {how}"


def find_command(platform: str = sys.platform) -> list[str] | None:
    """The command that says its standard input aloud in French, or None without a voice."""
    chosen = os.environ.get(VOICE_ENV, "").strip()
    if chosen:
        return None if chosen == NO_VOICE else shlex.split(chosen, posix=platform != "win32")
    if platform == "win32":
        powershell = shutil.which("powershell") or shutil.which("pwsh")
        return [powershell, "-NoProfile", "-NonInteractive", "-Command", WINDOWS_SCRIPT] if powershell else None
    if platform == "darwin":
        say = shutil.which("say")
        voice = _macos_french_voice(say) if say else None
        return [say, "-v", voice, "-f", "-"] if say and voice else None
    for name in ("espeak-ng", "espeak"):
        engine = shutil.which(name)
        if engine:
            return [engine, "-v", "fr", "-s", "150", "-b", "1"]
    return None


def _macos_french_voice(say: str) -> str | None:
    try:
        listing = subprocess.run([say, "-v", "?"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in listing.splitlines():
        parts = line.split()
        locale = next((part for part in parts if part.startswith("fr_")), None)
        if locale:
            return line[: line.index(locale)].strip()
    return None


Ending = Callable[[bool], None]
"""Called from another thread when a reading ends by itself (not when stopped): True if it
was said, False when the engine had no French voice after all."""


class Voice:
    """One reading at a time; ``say`` returns at once."""

    def __init__(self, command: list[str] | None) -> None:
        self.command = command
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    @classmethod
    def of_this_computer(cls) -> Voice:
        return cls(find_command())

    @property
    def available(self) -> bool:
        return self.command is not None

    @property
    def speaking(self) -> bool:
        process = self._process
        return process is not None and process.poll() is None

    def say(self, text: str, on_end: Ending | None = None) -> bool:
        """Start saying ``text`` (stopping what was being said); False if there is no voice."""
        if self.command is None:
            return False
        self.stop()
        try:
            process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, creationflags=_creation_flags())
        except OSError:
            self.command = None
            return False
        with self._lock:
            self._process = process
        threading.Thread(target=self._feed_and_wait, args=(process, text, on_end), daemon=True).start()
        return True

    def _feed_and_wait(self, process: subprocess.Popen[bytes], text: str, on_end: Ending | None) -> None:
        try:
            assert process.stdin is not None
            process.stdin.write(text.encode("utf-8"))
            process.stdin.close()
        except (OSError, ValueError):
            pass  # stopped before it had read everything
        code = process.wait()
        with self._lock:
            current = self._process is process  # not stopped, nor replaced by another reading
            if current:
                self._process = None
        if code == NO_FRENCH_VOICE:
            self.command = None
        if current and on_end is not None:
            on_end(code != NO_FRENCH_VOICE)

    def stop(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()


def _creation_flags() -> int:
    """On Windows, no console window flashes for the voice."""
    return int(getattr(subprocess, "CREATE_NO_WINDOW", 0)) if sys.platform == "win32" else 0
