"""The programs the interface benchmark runs in a terminal pane.

    python benchmarks/programmes.py nue
        the floor: a bare Textual app whose key handler updates one Static (« Appui 3 »);
    python benchmarks/programmes.py appli COURS DONNEES ETAT [--inscrit PSEUDO]
        apprendre, brought to ETAT before the measure (bienvenue, lecon, quiz, module),
        as a guest or signed in as PSEUDO (created if needed).

The setup is done by code (it is not what is measured); the keys measured are
sent by the benchmark, through the terminal, as a person types them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    """What any Textual app costs to answer a key: one Static changes."""

    def compose(self) -> ComposeResult:
        yield Static("Appui 0", id="n")

    def on_key(self) -> None:
        widget = self.query_one("#n", Static)
        widget.update(f"Appui {int(str(widget.render()).split()[1]) + 1}")


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
    cours, donnees, etat = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    pseudo = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--inscrit" else None
    apprendre(cours, donnees, etat, pseudo).run()


if __name__ == "__main__":
    main()
