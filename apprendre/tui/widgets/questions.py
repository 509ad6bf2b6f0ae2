"""One widget per question type, all answered with the same keys and the mouse alone.

The keys, for every type: ↑/↓ move the cursor (the line marked ▶), Espace or a
line's number chooses, Entrée validates (the quiz screen's binding). A click on a
line does what Espace does on it. Each state reads without colour: ○ ●, ☐ ☑,
« [2] » for a pair, « ✥ » for a line being moved, ✓ and ✗ after validation.

Every widget shows its items in a new random order, gives its answer as a
``Correction`` (or None while the learner hasn't answered), says what is left
to answer (``missing``), and can be frozen once validated to show what was right.
One focusable widget per question, lines as plain ``Static``: the focus doesn't
move while answering, and validating repaints a few lines, in one frame.
"""

from __future__ import annotations

import random

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from apprendre.courses.models import (
    Associer,
    ChoixMultiple,
    ChoixUnique,
    Classer,
    Ordre,
    Question,
    VraiFaux,
)
from apprendre.courses.scoring import (
    Correction,
    grade_associer,
    grade_choix,
    grade_classer,
    grade_ordre,
    grade_vrai_faux,
    shuffled,
)
from apprendre.tui.widgets import plain

KEYS_LINE = "↑ ↓ : se déplacer · Espace ou le numéro : {choose} · Entrée : valider"


class Ligne(Static):
    """One line of a question: clicking it chooses it (as Espace on it)."""

    class Clicked(Message):
        def __init__(self, ligne: Ligne) -> None:
            super().__init__()
            self.ligne = ligne

    def __init__(self, index: int, classes: str = "ligne") -> None:
        super().__init__("", classes=classes, markup=False)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self))


class QuestionWidget(Vertical, can_focus=True):
    """Base: a cursor over lines; ``choose(index)`` is Espace, a number or a click."""

    BINDINGS = [
        Binding("up", "move(-1)", "Se déplacer", key_display="↑↓"),
        Binding("down", "move(1)", "Se déplacer", show=False),
        Binding("space", "choose", "Choisir", key_display="Espace"),
    ]

    CHOOSE = "choisir"
    """The verb of the keys line: what Espace does here."""

    def __init__(self, question: Question, rng: random.Random) -> None:
        super().__init__(classes=f"question question-{type(self).__name__.lower()}")
        self.question = question
        self.rng = rng
        self.cursor = 0
        self.frozen = False

    @property
    def hint(self) -> str:
        """The keys, in one line under the question (a click does what Espace does)."""
        return KEYS_LINE.format(choose=self.CHOOSE)

    # --- What each type provides --------------------------------------------------------

    def line_count(self) -> int:
        raise NotImplementedError

    def line_text(self, index: int) -> str:
        raise NotImplementedError

    def choose(self, index: int) -> None:
        raise NotImplementedError

    def correction(self) -> Correction | None:
        raise NotImplementedError

    def missing(self) -> str:
        """What is left to answer, in a sentence (when ``correction`` is None)."""
        return "Choisissez d'abord une réponse, puis validez."

    def freeze(self, correction: Correction) -> None:
        self.frozen = True
        self.can_focus = False
        self.show()

    # --- The shared cursor ---------------------------------------------------------------

    def lines(self) -> list[Ligne]:
        """The lines under the cursor (not the right column of *associer*)."""
        return [ligne for ligne in self.query(Ligne) if type(ligne) is Ligne]

    def on_mount(self) -> None:
        self.show()

    def watch_has_focus(self, has_focus: bool) -> None:
        """Only the cursor's line looks different with the focus (app.tcss, ``QuestionWidget:focus
        .ligne.-curseur``): restyle it and this widget, not every line as Textual does — « Valider »
        moves the focus away from a question of up to a dozen lines."""
        self.app.stylesheet.update_nodes([self, *self.query(".-curseur")], animate=True)

    def show(self) -> None:
        """Write every line again, with the cursor's ▶ (the cursor is hidden once frozen)."""
        for ligne in self.lines():
            here = ligne.index == self.cursor and not self.frozen
            ligne.set_class(here, "-curseur")
            ligne.update(plain(("▶ " if here else "  ") + self.line_text(ligne.index)))

    def action_move(self, step: int) -> None:
        target = self.cursor + step
        if not self.frozen and 0 <= target < self.line_count():
            self.cursor = target
            self.show()
            self.bring_into_view(target)

    def action_choose(self) -> None:
        if not self.frozen:
            self.choose(self.cursor)
            self.show()

    def bring_into_view(self, index: int) -> None:
        for ligne in self.lines():
            if ligne.index == index:
                ligne.scroll_visible(animate=False, immediate=True)

    def on_key(self, event: events.Key) -> None:
        character = event.character or ""
        if self.frozen or not (character.isdigit() and character != "0"):
            return
        number = int(character)
        if number <= self.number_count():
            event.stop()
            self.choose_number(number)
            self.show()

    def number_count(self) -> int:
        return self.line_count()

    def choose_number(self, number: int) -> None:
        self.cursor = number - 1
        self.choose(number - 1)

    def on_ligne_clicked(self, message: Ligne.Clicked) -> None:
        message.stop()
        if not self.frozen:
            self.focus()
            self.clicked(message.ligne)
            self.show()

    def clicked(self, ligne: Ligne) -> None:
        """A click on a line does what Espace does on it (subclasses override this, not the handler)."""
        self.cursor = ligne.index
        self.choose(ligne.index)


# --- Choosing among answers ---------------------------------------------------------------

class ChoixUniqueWidget(QuestionWidget):

    def compose(self) -> ComposeResult:
        self.choix = [c.texte for c in shuffled(self.question.choix, self.rng)]
        self.selected: int | None = None
        for index in range(len(self.choix)):
            yield Ligne(index)

    def line_count(self) -> int:
        return len(self.choix)

    def line_text(self, index: int) -> str:
        mark = "●" if index == self.selected else "○"
        text = f"{mark} {index + 1}. {self.choix[index]}"
        if self.frozen:
            text += self.verdict(index)
        return text

    def verdict(self, index: int) -> str:
        right = self.choix[index] in self.right_answers()
        if self.is_chosen(index):
            return "  ✓ juste" if right else "  ✗ pas celle-ci"
        return "  ← la bonne réponse" if right else ""

    def right_answers(self) -> set[str]:
        return {c.texte for c in self.question.choix if c.juste}

    def is_chosen(self, index: int) -> bool:
        return index == self.selected

    def choose(self, index: int) -> None:
        self.selected = index

    def correction(self) -> Correction | None:
        if self.selected is None:
            return None
        return grade_choix(self.question, {self.choix[self.selected]})


class VraiFauxWidget(ChoixUniqueWidget):
    def compose(self) -> ComposeResult:
        self.choix = ["Vrai", "Faux"]
        self.selected = None
        yield Ligne(0)
        yield Ligne(1)

    def right_answers(self) -> set[str]:
        return {"Vrai" if self.question.reponse else "Faux"}

    def correction(self) -> Correction | None:
        if self.selected is None:
            return None
        return grade_vrai_faux(self.question, self.selected == 0)


class ChoixMultipleWidget(ChoixUniqueWidget):
    CHOOSE = "cocher ou décocher"

    def compose(self) -> ComposeResult:
        self.choix = [c.texte for c in shuffled(self.question.choix, self.rng)]
        self.checked: set[int] = set()
        for index in range(len(self.choix)):
            yield Ligne(index)

    def line_text(self, index: int) -> str:
        mark = "☑" if index in self.checked else "☐"
        text = f"{mark} {index + 1}. {self.choix[index]}"
        if self.frozen:
            text += self.verdict(index)
        return text

    def is_chosen(self, index: int) -> bool:
        return index in self.checked

    def choose(self, index: int) -> None:
        self.checked ^= {index}

    def missing(self) -> str:
        return "Cochez d'abord au moins une réponse, puis validez."

    def correction(self) -> Correction | None:
        if not self.checked:
            return None
        return grade_choix(self.question, {self.choix[index] for index in self.checked})


# --- Classer: one item at a time ------------------------------------------------------------

class ClasserWidget(QuestionWidget):
    """The item to sort, big, over one button per family; below, every item, to go back to.

    A family's number (or its button) sorts the item and moves on to the next item
    not sorted yet; ↑/↓ or a click on the list goes back to any item; Espace gives
    the item under the cursor the next family.
    """

    CHOOSE = "famille"

    @property
    def hint(self) -> str:
        numbers = ", ".join(str(n) for n in range(1, len(self.question.categories) + 1))
        return f"↑ ↓ : élément · {numbers} ou Espace : sa famille · Entrée : valider"

    def compose(self) -> ComposeResult:
        self.categories = list(self.question.categories)
        self.elements = [e.texte for e in shuffled(self.question.elements, self.rng)]
        self.placed: dict[int, str] = {}
        self.family_width = max(len("· à ranger"), *(len(c) + 2 for c in self.categories))
        yield Static("", id="element-courant", markup=False)
        with Horizontal(id="familles"):
            for number, categorie in enumerate(self.categories, start=1):
                button = Button(plain(f"{number} {categorie}"), classes="famille")
                button.can_focus = False
                yield button
        for index in range(len(self.elements)):
            yield Ligne(index)

    def line_count(self) -> int:
        return len(self.elements)

    def number_count(self) -> int:
        return len(self.categories)

    def line_text(self, index: int) -> str:
        placed = self.placed.get(index)
        if not self.frozen:
            family = f"→ {placed}" if placed else "· à ranger"
            return f"{index + 1:>2}. {family:<{self.family_width}} {self.elements[index]}"
        right = self.right[self.elements[index]]
        if placed == right:
            return f"✓ {self.elements[index]} → {right}"
        return f"✗ {self.elements[index]} → vous : {placed or 'rien'}, il fallait : {right}"

    @property
    def right(self) -> dict[str, str]:
        return {e.texte: e.categorie for e in self.question.elements}

    def show(self) -> None:
        super().show()
        if self.frozen:
            return
        total = len(self.elements)
        texte = self.elements[self.cursor]
        placed = self.placed.get(self.cursor)
        left = total - len(self.placed)
        rest = (f"reste {left} à ranger" if left else "tout est rangé : Entrée pour valider")
        self.query_one("#element-courant", Static).update(
            Content.assemble((f"Élément {self.cursor + 1} sur {total} · {rest}\n", "not bold"), texte))
        for button, categorie in zip(self.query(".famille").results(Button), self.categories):
            chosen = categorie == placed
            number = self.categories.index(categorie) + 1
            button.label = plain(f"{'●' if chosen else '○'} {number} {categorie}")
            button.set_class(chosen, "-choisi")

    def choose(self, index: int) -> None:
        """Espace or a click on the list: a click goes back to the item; Espace changes its family."""
        if index != self.cursor:
            self.cursor = index
            return
        placed = self.placed.get(index)
        following = 0 if placed is None else (self.categories.index(placed) + 1) % len(self.categories)
        self.placed[index] = self.categories[following]

    def clicked(self, ligne: Ligne) -> None:
        """A click on the list brings the item back, to sort it again."""
        self.cursor = ligne.index
        self.query_one("#element-courant").scroll_visible(animate=False, immediate=True)

    def choose_number(self, number: int) -> None:
        self.sort(self.categories[number - 1])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.frozen and event.button.has_class("famille"):
            self.focus()
            self.sort(self.categories[list(self.query(".famille")).index(event.button)])
            self.show()

    def sort(self, categorie: str) -> None:
        """The item under the cursor goes into ``categorie``; the cursor moves to the next one left."""
        self.placed[self.cursor] = categorie
        total = len(self.elements)
        for step in range(1, total + 1):
            candidate = (self.cursor + step) % total
            if candidate not in self.placed:
                self.cursor = candidate
                break
        else:
            self.cursor = min(self.cursor + 1, total - 1)

    def first_missing(self) -> int | None:
        return next((i for i in range(len(self.elements)) if i not in self.placed), None)

    def missing(self) -> str:
        left = len(self.elements) - len(self.placed)
        first = self.first_missing()
        if first is not None:
            self.cursor = first
            self.show()
            self.query_one("#element-courant").scroll_visible(animate=False, immediate=True)
        return (f"Il reste {left} élément{'s' if left > 1 else ''} à ranger : "
                f"le premier est affiché, choisissez sa famille.")

    def correction(self) -> Correction | None:
        if len(self.placed) < len(self.elements):
            return None
        return grade_classer(self.question, {self.elements[i]: c for i, c in self.placed.items()})

    def freeze(self, correction: Correction) -> None:
        self.query_one("#element-courant").display = False
        self.query_one("#familles").display = False
        self.add_class("-fige")  # the lines wrap once frozen (app.tcss)
        super().freeze(correction)


# --- Ordre: take a line, put it elsewhere -------------------------------------------------

class OrdreWidget(QuestionWidget):
    CHOOSE = "prendre ou poser"

    def compose(self) -> ComposeResult:
        self.order = shuffled(list(self.question.elements), self.rng, avoid_same=True)
        self.held: int | None = None
        for index in range(len(self.order)):
            yield Ligne(index)

    def line_count(self) -> int:
        return len(self.order)

    def line_text(self, index: int) -> str:
        texte = self.order[index]
        if self.frozen:
            right = list(self.question.elements)
            mark = "✓" if right[index] == texte else f"✗ (place {right.index(texte) + 1})"
            return f"{index + 1}. {texte}  {mark}"
        if index == self.held:
            return f"{index + 1}. ✥ {texte}  (en déplacement : ↑ ↓ puis Espace pour la poser)"
        return f"{index + 1}. {texte}"

    def choose(self, index: int) -> None:
        if self.held is None:
            self.held = index
        else:
            item = self.order.pop(self.held)
            self.order.insert(index, item)
            self.held = None
            self.cursor = index

    def action_move(self, step: int) -> None:
        """With a line taken, ↑/↓ carry it; otherwise they move the cursor."""
        if self.held is not None and not self.frozen:
            target = self.held + step
            if 0 <= target < len(self.order):
                self.order[self.held], self.order[target] = self.order[target], self.order[self.held]
                self.held = self.cursor = target
                self.show()
                self.bring_into_view(target)
            return
        super().action_move(step)

    def missing(self) -> str:
        return "Posez d'abord la ligne en déplacement (Espace ou un clic sur sa place), puis validez."

    def correction(self) -> Correction | None:
        if self.held is not None:
            return None
        return grade_ordre(self.question, list(self.order))


# --- Associer: each left item takes the number of its partner -------------------------------

class AssocierWidget(QuestionWidget):
    CHOOSE = "associer"

    @property
    def hint(self) -> str:
        return "↑ ↓ : à gauche · Espace ou le numéro de droite : associer · Entrée : valider"

    def compose(self) -> ComposeResult:
        self.gauches = shuffled([p.gauche for p in self.question.paires], self.rng)
        self.droites = shuffled([p.droite for p in self.question.paires], self.rng)
        self.pairs: dict[int, int] = {}
        for index in range(len(self.gauches)):
            with Horizontal(classes="paire"):
                yield Ligne(index, classes="ligne gauche")
                yield Droite(index)

    def on_mount(self) -> None:
        for droite in self.query(Droite):
            droite.update(plain(f"{droite.index + 1}. {self.droites[droite.index]}"))
        super().on_mount()

    def line_count(self) -> int:
        return len(self.gauches)

    def line_text(self, index: int) -> str:
        partner = self.pairs.get(index)
        mark = f"[{partner + 1}]" if partner is not None else "[ ]"
        text = f"{mark} {self.gauches[index]}"
        if self.frozen:
            right = {p.gauche: p.droite for p in self.question.paires}[self.gauches[index]]
            ok = partner is not None and self.droites[partner] == right
            text = ("✓ " if ok else "✗ ") + text + ("" if ok else f" → {self.droites.index(right) + 1}")
        return text

    def choose(self, index: int) -> None:
        """Espace or a click on the left: the item's partner becomes the next one on the right."""
        if index != self.cursor:
            self.cursor = index
            return
        partner = self.pairs.get(index)
        self.link((0 if partner is None else partner + 1) % len(self.droites), advance=False)

    def clicked(self, ligne: Ligne) -> None:
        """A click on the left chooses the item; a click on the right gives it its partner."""
        if isinstance(ligne, Droite):
            self.link(ligne.index)
        else:
            self.cursor = ligne.index

    def choose_number(self, number: int) -> None:
        self.link(number - 1)

    def link(self, droite: int, advance: bool = True) -> None:
        """The left item under the cursor goes with ``droite`` (which leaves any other partner)."""
        self.pairs = {g: d for g, d in self.pairs.items() if d != droite}
        self.pairs[self.cursor] = droite
        if advance:
            unpaired = [i for i in range(len(self.gauches)) if i not in self.pairs]
            if unpaired:
                after = [i for i in unpaired if i > self.cursor]
                self.cursor = (after or unpaired)[0]

    def missing(self) -> str:
        left = len(self.gauches) - len(self.pairs)
        first = next(i for i in range(len(self.gauches)) if i not in self.pairs)
        self.cursor = first
        self.show()
        self.bring_into_view(first)
        return (f"Il reste {left} élément{'s' if left > 1 else ''} sans partenaire : "
                "le premier est marqué ▶, tapez le numéro de ce qui va avec.")

    def correction(self) -> Correction | None:
        if len(self.pairs) < len(self.gauches):
            return None
        return grade_associer(self.question, {self.gauches[g]: self.droites[d] for g, d in self.pairs.items()})


class Droite(Ligne):
    """An item of the right column of *associer*: written once, clicked to pair."""

    def __init__(self, index: int) -> None:
        super().__init__(index, classes="ligne droite")


WIDGETS: dict[type, type[QuestionWidget]] = {
    ChoixUnique: ChoixUniqueWidget,
    ChoixMultiple: ChoixMultipleWidget,
    VraiFaux: VraiFauxWidget,
    Classer: ClasserWidget,
    Ordre: OrdreWidget,
    Associer: AssocierWidget,
}


def question_widget(question: Question, rng: random.Random) -> QuestionWidget:
    return WIDGETS[type(question)](question, rng)

