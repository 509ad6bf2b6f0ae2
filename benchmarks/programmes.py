"""The programs the interface benchmark runs in a terminal pane.

    python benchmarks/programmes.py nue
        the floor: a bare Textual app whose key handler updates one Static (« Appui 3 »);
    python benchmarks/programmes.py page-brute
        another reference: no Textual at all, the terminal in raw mode; each key writes the same
        page of text with one cursor move and one colour per line — the least any program sends
        to show a page, so what the terminal alone takes to show it;
    python benchmarks/programmes.py nue-page
        a reference, not a floor: the bare app that also puts a whole page of text (as long as
        the benchmark's lesson pages) in a second Static at each key — what repainting a page
        costs any Textual app;
    python benchmarks/programmes.py nue-lignes
        the least any Textual app can do to show a new page: the bare app, and a widget that
        draws pages whose lines were all made in advance (Textual's line API): each key swaps
        the lines and repaints that one widget, with no layout — what a page turn costs in
        Textual before an app does any work of its own;
    python benchmarks/programmes.py appli COURS DONNEES ETAT [--inscrit PSEUDO]
        apprendre, brought to ETAT before the measure (bienvenue, lecon, quiz, module),
        as a guest or signed in as PSEUDO (created if needed).

The setup is done by code (it is not what is measured); the keys measured are
sent by the benchmark, through the terminal, as a person types them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static


class BareApp(App[None]):
    """What any Textual app costs to answer a key: one Static changes."""

    def compose(self) -> ComposeResult:
        yield Static("Appui 0", id="n")

    def on_key(self) -> None:
        widget = self.query_one("#n", Static)
        widget.update(f"Appui {int(str(widget.render()).split()[1]) + 1}")


class BarePageApp(App[None]):
    """The bare app, and a page of text that changes at each key (Textual's plain ``Static``)."""

    CSS = "#page { height: 1fr; padding: 0 2; }"

    def compose(self) -> ComposeResult:
        yield Static("Appui 0", id="n")
        yield Static("", id="page")

    def on_key(self) -> None:
        from interface import page_text

        widget = self.query_one("#n", Static)
        number = int(str(widget.render()).split()[1]) + 1
        widget.update(f"Appui {number}")
        self.query_one("#page", Static).update(f"Page {number}\n\n{page_text(number)}\n\n"
                                               f"• un point, {number}\n• un autre point, {number}")


class PreparedPage(Widget):
    """Pages of text whose lines are made once, at start: showing one only swaps them."""

    DEFAULT_CSS = "PreparedPage { height: 1fr; padding: 0 2; }"

    def __init__(self) -> None:
        super().__init__(id="page")
        self.number = 0
        self.pages = [self.lines(number) for number in range(1000)]

    @staticmethod
    def lines(number: int) -> list[Strip]:
        import textwrap

        from interface import page_text

        text = RichStyle(color="#1b1b1b", bgcolor="#f6f4ef")
        bold = text + RichStyle(bold=True)
        rows = [[Segment(f"Page {number}".ljust(76), bold)], [],
                *([Segment(line.ljust(76), text)] for line in textwrap.wrap(page_text(number), 76)), [],
                [Segment(f"• un point, {number}".ljust(76), text)],
                [Segment(f"• un autre point, {number}".ljust(76), text)]]
        return [Strip(row or [Segment(" " * 76, text)], 76) for row in rows]

    def render_line(self, y: int) -> Strip:
        lines = self.pages[self.number]
        return lines[y] if y < len(lines) else Strip.blank(self.size.width)


class BarePreparedPageApp(App[None]):
    """The bare app, and a page made in advance swapped at each key (``PreparedPage``)."""

    def compose(self) -> ComposeResult:
        yield Static("Appui 0", id="n")
        yield PreparedPage()

    def on_key(self) -> None:
        widget = self.query_one("#n", Static)
        number = int(str(widget.render()).split()[1]) + 1
        widget.update(f"Appui {number}", layout=False)
        page = self.query_one(PreparedPage)
        page.number = number
        page.refresh()


def raw_page() -> None:
    import os
    import termios
    import textwrap
    import tty

    from interface import page_text

    def frame(number: int) -> bytes:
        lines = [f"Page {number}", "", *textwrap.wrap(page_text(number), 76), "",
                 f"• un point, {number}", f"• un autre point, {number}"]
        return ("\x1b[1;1H\x1b[2K" + f"Appui {number}"
                + "".join(f"\x1b[{row};3H\x1b[30;107m{line:<76}\x1b[0m" for row, line in enumerate(lines, 2))
                ).encode()

    saved = termios.tcgetattr(0)
    tty.setraw(0)
    try:
        os.write(1, b"\x1b[2J" + frame(0))
        number = 0
        while (key := os.read(0, 16)) and key != b"\x11":  # Ctrl+Q
            number += 1
            os.write(1, frame(number))
    finally:
        termios.tcsetattr(0, termios.TCSADRAIN, saved)


def apprendre(cours: Path, donnees: Path, etat: str, pseudo: str | None) -> App[None]:
    from apprendre.learning.session import GuestSession
    from apprendre.tui.app import ApprendreApp

    class Prepared(ApprendreApp):
        def on_mount(self) -> None:
            super().on_mount()
            if etat == "bienvenue":
                return
            if pseudo is None:
                session = GuestSession()
            else:
                session = (self.depot.sign_in(pseudo, None, forcer=True) if self.depot.find(pseudo)
                           else self.depot.create(pseudo, None))
            self.start_session(session)
            cours_ = self.library.cours[0]
            if etat in ("module", "lecon", "quiz"):
                self.open_module(cours_)
            if etat == "lecon":
                from apprendre.courses.library import load_lecon

                self.open_lesson(cours_, 0, load_lecon(cours_, 0))
            elif etat == "quiz":
                self.open_quiz([(cours_, q) for q in cours_.quiz.questions], titre=cours_.module.titre,
                               module=cours_)

    return Prepared(cours=cours, donnees=donnees, seed=1)


def main() -> None:
    if sys.argv[1] == "nue":
        BareApp().run()
        return
    if sys.argv[1] == "page-brute":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        raw_page()
        return
    if sys.argv[1] == "nue-lignes":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        BarePreparedPageApp().run()
        return
    if sys.argv[1] == "nue-page":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        BarePageApp().run()
        return
    cours, donnees, etat = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    pseudo = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--inscrit" else None
    apprendre(cours, donnees, etat, pseudo).run()


if __name__ == "__main__":
    main()
