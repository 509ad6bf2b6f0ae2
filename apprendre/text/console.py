"""Asking and telling, one plain line at a time: numbered choices, « aide » at every prompt.

Nothing is ever redrawn or erased: a screen reader, a braille display or a
transcript reads the lines in the order they come. Every prompt ends with what
to type, and a colon.
"""

from __future__ import annotations

import getpass
import select
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

HELP_WORD = "aide"
SIGN_OUT_WORD = "terminé"
BACK_WORD = "retour"


class EndOfInput(Exception):
    """Standard input is closed (Ctrl+D, or the end of a script)."""


class SignOut(Exception):
    """The learner typed « terminé », or left: the visit ends, everything is saved."""

    def __init__(self, idle: bool = False) -> None:
        super().__init__()
        self.idle = idle
        """The learner walked away: nothing typed for the site's idle delay, then the countdown."""


@dataclass(frozen=True)
class Option:
    label: str
    key: str
    """What ``choose`` returns when this option is picked."""


class Console:
    def __init__(self, stdin: TextIO, stdout: TextIO, *, in_session: bool = False) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.in_session = in_session
        """Whether « terminé » signs out (there is a visit to end)."""
        self.echo = not _is_tty(stdin)
        """Input that doesn't come from a keyboard is written back, so the transcript reads as a dialogue."""
        self.idle: tuple[float, float] | None = None
        """(seconds without a line, seconds of countdown) before a visit ends by itself, as in the app."""

    def say(self, *lines: str) -> None:
        for line in lines:
            self.stdout.write(line + "\n")
        self.stdout.flush()

    def ask(self, prompt: str, help_lines: Sequence[str], *, secret: bool = False) -> str:
        """One answer, stripped. « aide » shows ``help_lines`` and asks again; « terminé » signs out."""
        while True:
            answer = self._read(prompt, secret).strip()
            word = answer.casefold()
            if word in (HELP_WORD, "?", "aide.", "help"):
                self.say("Aide :", *help_lines, *self._general_help())
                continue
            if self.in_session and word in (SIGN_OUT_WORD, "termine", "j'ai terminé", "j'ai termine"):
                raise SignOut()
            return answer

    def _general_help(self) -> list[str]:
        lines = ["À chaque question, tapez « aide » pour relire cette aide."]
        if self.in_session:
            lines.append("Tapez « terminé » à tout moment pour finir votre visite : tout est enregistré.")
        return lines

    def _read(self, prompt: str, secret: bool) -> str:
        if secret and not self.echo:
            self._await_line(prompt, write_prompt=False)
            try:
                return getpass.getpass(prompt + " ", stream=self.stdout)
            except EOFError:
                raise EndOfInput() from None
        self.stdout.write(prompt + " ")
        self.stdout.flush()
        self._await_line(prompt)
        line = self.stdin.readline()
        if not line:
            self.stdout.write("\n")
            raise EndOfInput()
        if self.echo:
            self.stdout.write(("****" if secret and line.strip() else line.rstrip("\n")) + "\n")
        return line.rstrip("\n")

    def _await_line(self, prompt: str, write_prompt: bool = True) -> None:
        """During a visit, wait for a line at most the idle delay; then ask « Vous êtes toujours là ? »
        and end the visit (SignOut) if nothing comes before the countdown ends. The Entrée that
        answers is not taken as an answer to the prompt, which is asked again."""
        fd = self._idle_fd()
        if fd is None or self.idle is None:
            return
        idle, countdown = self.idle
        while not _readable(fd, idle):
            self.say("", f"Vous êtes toujours là ? Tapez Entrée dans les {round(countdown)} secondes pour "
                     "continuer ; sinon, votre visite se termine. Tout est enregistré.")
            if not _readable(fd, countdown):
                raise SignOut(idle=True)
            if not self.stdin.readline():
                raise EndOfInput()
            if write_prompt:
                self.stdout.write(prompt + " ")
                self.stdout.flush()

    def _idle_fd(self) -> int | None:
        """The descriptor to wait on, where waiting works (not on Windows' console)."""
        if not self.in_session or self.idle is None or sys.platform == "win32":
            return None
        try:
            return self.stdin.fileno()
        except (AttributeError, ValueError, OSError):
            return None

    def choose(self, options: Sequence[Option], help_lines: Sequence[str] = (), *,
               enter: str | None = None, back: str | None = None) -> str:
        """Numbered options, one per line; returns the key of the one picked.

        ``enter``: the key chosen by Entrée alone. ``back``: the key chosen by « retour ».
        """
        self.say(*(f"{number}. {option.label}" for number, option in enumerate(options, start=1)))
        prompt = f"Tapez un numéro de 1 à {len(options)}" if len(options) > 1 else "Tapez 1"
        if enter is not None:
            default = next(option.label for option in options if option.key == enter).rstrip(".")
            prompt += f", ou Entrée seule pour « {default} »"
        prompt += ", puis Entrée :"
        help_lines = [*help_lines, f"Tapez le numéro de votre choix, de 1 à {len(options)}, puis la touche Entrée."]
        if back is not None:
            help_lines.append("Tapez « retour » pour revenir en arrière.")
        while True:
            answer = self.ask(prompt, help_lines)
            if not answer and enter is not None:
                return enter
            if back is not None and answer.casefold() == BACK_WORD:
                return back
            number = _number(answer)
            if number is not None and 1 <= number <= len(options):
                return options[number - 1].key
            self.say(f"« {answer} » n'est pas un des choix. Tapez un numéro de 1 à {len(options)}."
                     if answer else "Tapez d'abord un numéro.")

    def numbers(self, prompt: str, help_lines: Sequence[str], highest: int, *,
                exactly: int | None = None, distinct: bool = True) -> list[int] | None:
        """Several numbers from 1 to ``highest`` on one line (« 1 3 » or « 1, 3 »); None for « retour »."""
        while True:
            answer = self.ask(prompt, help_lines)
            if answer.casefold() == BACK_WORD:
                return None
            parts = answer.replace(",", " ").replace(";", " ").split()
            found = [_number(part) for part in parts]
            if not parts:
                self.say("Tapez au moins un numéro.")
            elif any(n is None or not 1 <= n <= highest for n in found):
                self.say(f"Tapez seulement des numéros de 1 à {highest}, séparés par des espaces.")
            elif distinct and len(set(found)) != len(found):
                self.say("Un même numéro est écrit deux fois : tapez chaque numéro une seule fois.")
            elif exactly is not None and len(found) != exactly:
                self.say(f"Il faut {exactly} numéros, un pour chaque ligne : vous en avez tapé {len(found)}.")
            else:
                return [n for n in found if n is not None]

    def pause(self, what: str = "continuer") -> None:
        self.ask(f"Tapez Entrée pour {what} :", [f"Tapez la touche Entrée pour {what}."])


def _number(text: str) -> int | None:
    text = text.strip().rstrip(".")
    return int(text) if text.isdigit() and len(text) < 4 else None


def _readable(fd: int, seconds: float) -> bool:
    ready, _, _ = select.select([fd], [], [], seconds)
    return bool(ready)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
