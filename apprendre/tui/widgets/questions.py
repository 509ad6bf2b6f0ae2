"""A question, drawn by one widget: its statement, its lines, and after « Valider » the verdict.

The keys, for every type: ↑/↓ move the cursor (the line marked ▶), Espace or a
line's number chooses, Entrée validates (the quiz screen's binding). A click on a
line does what Espace does on it; the line under the mouse is highlighted. Each
state reads without colour: ○ ●, ☐ ☑, « [2] » for a pair, « ✥ » for a line being
moved, ✓ and ✗ after validation.

Every widget shows its items in a new random order, gives its answer as a
``Correction`` (or None while the learner hasn't answered), says what is left
to answer (``missing``), and can be frozen once validated to show what was right.

One widget per question draws everything in the quiz's area, line by line
(Textual's line API, as the lesson page does, ``widgets/page.py``): the
statement, the keys line, the feedback box (the verdict, the explanation, each
miss), the lines to choose from, and for *classer* the item being sorted and one
big button per family. It scrolls itself and keeps its size: « Valider » draws
the rows that change in this one widget, with no layout of the screen.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

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
from apprendre.tui.widgets.page import consecutive_runs

KEYS_LINE = "↑ ↓ : se déplacer · Espace ou le numéro : {choose} · Entrée : valider"

Target = tuple[str, int]
"""What a click can reach: ("ligne", n) a line, ("droite", n) an item of the right column of
*associer*, ("famille", n) a family's button of *classer*, ("element", 0) the item being sorted."""


MARKS = re.compile(r"(?:[▶○●☐☑✓✗✥] |\[(?:\d+| )\] | ?\d+\. )*")
"""What a line shows before its text (▶, ○ 1., [2], ✓…): its next rows begin under the text."""


def wrap(text: str, width: int) -> list[str]:
    """The lines of ``text`` at ``width`` columns (French typography: tui/typography.py)."""
    lines: list[str] = []
    for part in text.split("\n"):
        lines += [line.plain for line in Content(part).wrap(max(1, width))] or [""]
    return lines


def wrap_parts(text: str, width: int, separator: str = " · ") -> list[str]:
    """The lines of a keys line at ``width`` columns, breaking between its parts (« Entrée : valider »
    kept whole on the next row), a part wider than ``width`` wrapped as any text."""
    lines: list[str] = []
    for part in text.split(separator):
        joined = f"{lines[-1]}{separator}{part}" if lines else part
        if lines and cell_len(joined) <= width:
            lines[-1] = joined
        else:
            lines += wrap(part, width)
    return lines


def fit(text: str, width: int) -> str:
    """``text`` on ``width`` columns exactly: cut with « … », or padded with spaces."""
    if cell_len(text) > width:
        text = Content(text).truncate(width, ellipsis=True).plain
    return text + " " * max(0, width - cell_len(text))


@dataclass
class Rows:
    """The rows being drawn: their strips, their text, and where each target lies (virtual region)."""

    width: int
    strips: list[Strip] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    places: dict[Target, Region] = field(default_factory=dict)

    def add(self, cells: list[list[Segment]], target: Target | None = None) -> None:
        """One screen row made of cells (each a few segments), side by side."""
        segments = [segment for cell in cells for segment in cell]
        self.strips.append(Strip(segments, self.width))
        self.texts.append("".join(segment.text for segment in segments).rstrip())
        if target is not None:
            self.extend(target, Region(0, len(self.strips) - 1, self.width, 1))

    def extend(self, target: Target, region: Region) -> None:
        known = self.places.get(target)
        self.places[target] = region if known is None else known.union(region)


class QuestionWidget(ScrollView, can_focus=True):
    """Base: a cursor over lines; ``choose(index)`` is Espace, a number or a click."""

    BINDINGS = [
        Binding("up", "move(-1)", "Se déplacer", key_display="↑↓"),
        Binding("down", "move(1)", "Se déplacer", show=False),
        Binding("space", "choose", "Choisir", key_display="Espace"),
    ]

    COMPONENT_CLASSES = {
        "question--enonce", "question--consigne", "question--ligne", "question--curseur",
        "question--curseur-actif", "question--survol", "question--retour", "question--bord-juste",
        "question--bord-faux", "question--attention", "question--element", "question--element-bord",
        "question--famille", "question--famille-haut", "question--famille-bas", "question--famille-choisie",
        "question--famille-survol", "question--droite-bord",
    }

    CHOOSE = "choisir"
    """The verb of the keys line: what Espace does here."""

    def __init__(self, question: Question, rng: random.Random) -> None:
        super().__init__(classes=f"question question-{type(self).__name__.lower()}")
        self.question = question
        self.rng = rng
        self.cursor = 0
        self.frozen = False
        self.consigne = self.hint
        """The line under the statement: the keys, then how to scroll once validated."""
        self.feedback = ""
        """The box under the statement: what is missing, or the verdict and the explanation."""
        self.feedback_kind = ""
        """« juste », « faux » or « attention » (what is missing)."""
        self.hover: Target | None = None
        self._rows = Rows(0)
        self._look: tuple[object, ...] = ()
        self._styles: dict[tuple[str, ...], RichStyle] = {}
        self.setup()

    @property
    def hint(self) -> str:
        """The keys, in one line under the question (a click does what Espace does)."""
        return KEYS_LINE.format(choose=self.CHOOSE)

    # --- What each type provides --------------------------------------------------------

    def setup(self) -> None:
        """The items, in the order shown (drawn from ``rng`` once, when the widget is made)."""
        raise NotImplementedError

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
        """Validated: the lines say what was right (drawn with the feedback, ``show_feedback``)."""
        self.frozen = True
        self.can_focus = False

    def draw_answers(self, rows: Rows) -> None:
        """The rows under the feedback: one per line (wrapped), by default."""
        for index in range(self.line_count()):
            self.draw_line(rows, ("ligne", index), self.line_text(index), 0, rows.width)

    # --- What the learner sees --------------------------------------------------------------

    @property
    def text(self) -> str:
        """Every row as plain text (what the screen shows once scrolled through)."""
        return "\n".join(self._rows.texts)

    def show_feedback(self, text: str, kind: str, consigne: str | None = None) -> None:
        """The box under the statement (``kind``: juste, faux, attention), and the keys line."""
        self.feedback, self.feedback_kind = text, kind
        if consigne is not None:
            self.consigne = consigne
        self.show()

    def show(self) -> None:
        """Draw the rows again; only those that changed are repainted (no layout of the screen)."""
        shown = self._rows.strips
        self._set_rows()
        top = int(self.scroll_offset.y)
        strips = self._rows.strips
        changed = [row for row in range(top, top + self.size.height)
                   if (shown[row] if row < len(shown) else None) != (strips[row] if row < len(strips) else None)]
        for first, last in consecutive_runs(changed):
            self.refresh(Region(0, first - top, self.size.width, last - first + 1))

    def place(self, target: Target) -> Region | None:
        """Where ``target`` is drawn, in the widget's scrollable content (None: not drawn)."""
        return self._rows.places.get(target)

    def offset_of(self, target: Target) -> tuple[int, int] | None:
        """Where to click ``target`` now, from the widget's top left (None: out of view)."""
        region = self.place(target)
        if region is None:
            return None
        x = region.x + region.width // 2 + self.styles.gutter.left
        y = region.y - int(self.scroll_offset.y) + self.styles.gutter.top
        return (x, y) if 0 <= y - self.styles.gutter.top < self.scrollable_content_region.height else None

    def bring_into_view(self, target: Target) -> None:
        region = self.place(target)
        if region is not None:
            self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def reveal(self) -> None:
        """What ``missing`` points at, in view: the cursor's line."""
        self.bring_into_view(("ligne", self.cursor))

    # --- Drawing ------------------------------------------------------------------------------

    def style(self, *names: str) -> RichStyle:
        """The style of these component classes (app.tcss), reverse included (Textual drops it);
        kept until the theme or the widget's style changes (Textual's lookup is slow)."""
        style = self._styles.get(names)
        if style is None:
            style = self.get_visual_style(*names).rich_style
            if any(self.get_component_styles(name).text_style.reverse for name in names):
                style += RichStyle(reverse=True)
            self._styles[names] = style
        return style

    def draw_line(self, rows: Rows, target: Target, text: str, x: int, width: int,
                  wrapped: bool = True) -> None:
        """A line to choose: ▶ when under the cursor, highlighted under the mouse, wrapped (continuation
        rows indented under the text), the whole row in the line's style."""
        names = ["question--ligne"]
        index = target[1]
        here = target[0] == "ligne" and index == self.cursor and not self.frozen
        if here:
            names.append("question--curseur-actif" if self.has_focus else "question--curseur")
        if self.hover == target and not self.frozen:
            names.append("question--survol")
        style = self.style(*names)
        text = ("▶ " if here else "  ") + text
        marks = MARKS.match(text, 2)
        indent = min(2 + (cell_len(marks.group()) if marks else 0), width // 2)
        lines = wrap(text, width) if wrapped else [text]
        lines = [lines[0]] + [" " * indent + line for line in wrap(" ".join(lines[1:]), width - indent)] \
            if len(lines) > 1 else lines
        first = len(rows.strips)
        for line in lines:
            rows.add([[Segment(fit(line, width), style)]])
        rows.extend(target, Region(x, first, width, len(lines)))

    def _set_rows(self) -> None:
        if not self.outer_size:
            return
        look = self._current_look()
        if look != self._look:
            self._styles.clear()
            self._look = look
        width = self.outer_size.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical
        rows = self._rows = self._make(width)
        height = self.scrollable_content_region.height
        # Never shorter than the widget: rows added below a question that still fits change nothing else.
        size = Size(rows.width, max(len(rows.strips), height))
        self.set_class(len(rows.strips) > height, "-defile")
        if size != self.virtual_size:
            # Not ``self.virtual_size = size``: that would lay the whole screen out again.
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)

    def _make(self, width: int) -> Rows:
        rows = Rows(max(1, width))
        width = rows.width
        for line in wrap(self.question.enonce, width):
            rows.add([[Segment(fit(line, width), self.style("question--enonce"))]])
        for line in wrap_parts(self.consigne, width):  # never cut: « Entrée : valider » is the key to go on
            rows.add([[Segment(fit(line, width), self.style("question--consigne"))]])
        if self.feedback:
            self._draw_feedback(rows)
        self.draw_answers(rows)
        return rows

    def _draw_feedback(self, rows: Rows) -> None:
        """Under the statement, a box with a thick bar on its left: the verdict and the explanation
        (a blank row above and below), or what is missing (bold, no blank rows)."""
        width = rows.width
        kind = self.feedback_kind
        text_style = self.style("question--retour", *(["question--attention"] if kind == "attention" else []))
        bar = Segment("█", self.style("question--bord-juste" if kind == "juste" else "question--bord-faux"))
        blank = [Segment(" " * width, self.style())]
        if kind != "attention":
            rows.add([blank])
        for line in wrap(self.feedback, width - 3):
            rows.add([[bar, Segment(" " + fit(line, width - 3) + " ", text_style)]])
        if kind != "attention":
            rows.add([blank])

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_offset.y) + y
        strips = self._rows.strips
        return strips[row] if row < len(strips) else Strip.blank(self._rows.width, self.style())

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._look != self._current_look():  # another theme (F2) or style: drawn again
            self._set_rows()
        return super().render_lines(crop)

    def _current_look(self) -> tuple[object, ...]:
        return self.app.theme, self.visual_style

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """A new size (the first one, or the terminal's): the rows are drawn again for it."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        self._set_rows()
        return resized

    # --- The mouse ----------------------------------------------------------------------------

    def target_at(self, event: events.MouseEvent) -> Target | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        x, y = offset.x, offset.y + int(self.scroll_offset.y)
        return next((target for target, region in self._rows.places.items() if region.contains(x, y)), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        target = self.target_at(event)
        if target != self.hover:
            self.hover = target
            self.show()

    def on_leave(self, event: events.Leave) -> None:
        if self.hover is not None:
            self.hover = None
            self.show()

    def on_click(self, event: events.Click) -> None:
        target = self.target_at(event)
        if target is None or self.frozen:
            return
        event.stop()
        self.focus()
        self.clicked(target)
        self.show()

    def clicked(self, target: Target) -> None:
        """A click on a line does what Espace does on it (subclasses override this, not the handler)."""
        kind, index = target
        if kind == "ligne":
            self.cursor = index
            self.choose(index)

    # --- The keys -----------------------------------------------------------------------------

    def watch_has_focus(self, has_focus: bool) -> None:
        """The cursor's line is shown in reverse while the question has the focus: only the rows that
        change are drawn again (not the whole widget restyled and repainted, as Textual does)."""
        if self.is_mounted and not self.frozen:  # frozen: no cursor, nothing changes
            self.show()

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()  # not Textual's: it repaints the whole widget
        self.has_focus = True
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))

    def action_move(self, step: int) -> None:
        target = self.cursor + step
        if not self.frozen and 0 <= target < self.line_count():
            self.cursor = target
            self.show()
            self.bring_into_view(("ligne", target))

    def action_choose(self) -> None:
        if not self.frozen:
            self.choose(self.cursor)
            self.show()

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


# --- Choosing among answers ---------------------------------------------------------------

class ChoixUniqueWidget(QuestionWidget):

    def setup(self) -> None:
        self.choix = [c.texte for c in shuffled(self.question.choix, self.rng)]
        self.selected: int | None = None

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
    def setup(self) -> None:
        self.choix = ["Vrai", "Faux"]
        self.selected = None

    def right_answers(self) -> set[str]:
        return {"Vrai" if self.question.reponse else "Faux"}

    def correction(self) -> Correction | None:
        if self.selected is None:
            return None
        return grade_vrai_faux(self.question, self.selected == 0)


class ChoixMultipleWidget(ChoixUniqueWidget):
    CHOOSE = "cocher ou décocher"

    def setup(self) -> None:
        self.choix = [c.texte for c in shuffled(self.question.choix, self.rng)]
        self.checked: set[int] = set()

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

    def setup(self) -> None:
        self.categories = list(self.question.categories)
        self.elements = [e.texte for e in shuffled(self.question.elements, self.rng)]
        self.placed: dict[int, str] = {}
        self.family_width = max(len("· à ranger"), *(len(c) + 2 for c in self.categories))

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

    def draw_answers(self, rows: Rows) -> None:
        """Until validated: the item being sorted, the families' buttons, the list on one row each."""
        if not self.frozen:
            self._draw_current(rows)
            self._draw_families(rows)
        for index in range(self.line_count()):
            self.draw_line(rows, ("ligne", index), self.line_text(index), 0, rows.width,
                           wrapped=self.frozen)

    def _draw_current(self, rows: Rows) -> None:
        """A box with a thick bar on its left: where the learner is, then the item, in bold."""
        width = rows.width
        total = len(self.elements)
        left = total - len(self.placed)
        rest = f"reste {left} à ranger" if left else "tout est rangé : Entrée pour valider"
        bar = Segment("█", self.style("question--element-bord"))
        bold = self.style("question--element")
        lines = [(line, bold + RichStyle(bold=False))
                 for line in wrap(f"Élément {self.cursor + 1} sur {total} · {rest}", width - 3)]
        lines += [(line, bold) for line in wrap(self.elements[self.cursor], width - 3)]
        for line, style in lines:
            rows.add([[bar, Segment(" " + fit(line, width - 3) + " ", style)]], ("element", 0))

    def _draw_families(self, rows: Rows) -> None:
        """One button per family, side by side (as Textual's buttons: a light edge above, a dark one
        below); the family of the item shown is marked ● and filled."""
        count = len(self.categories)
        gap = 1
        each = (rows.width - gap * (count - 1)) // count
        placed = self.placed.get(self.cursor)
        cells: list[list[list[Segment]]] = [[], [], []]
        x = 0
        for number, categorie in enumerate(self.categories, start=1):
            width = each if number < count else rows.width - x
            names = ["question--famille"]
            if categorie == placed:
                names.append("question--famille-choisie")
            elif self.hover == ("famille", number - 1):
                names.append("question--famille-survol")
            face = self.style(*names)
            top = RichStyle(color=self.style(*names, "question--famille-haut").color, bgcolor=face.bgcolor)
            bottom = RichStyle(color=self.style(*names, "question--famille-bas").color, bgcolor=face.bgcolor)
            label = f"{'●' if categorie == placed else '○'} {number} {categorie}"
            label = fit(label, width - 2) if cell_len(label) > width - 2 else label
            before = (width - cell_len(label)) // 2
            middle = " " * before + label + " " * (width - before - cell_len(label))
            for row, segment in enumerate((Segment("▔" * width, top), Segment(middle, face),
                                           Segment("▁" * width, bottom))):
                cells[row].append([segment])
                if number < count:
                    cells[row].append([Segment(" " * gap, self.style())])
            rows.extend(("famille", number - 1), Region(x, len(rows.strips), width, 3))
            x += width + gap
        for row in cells:
            rows.add(row)

    def choose(self, index: int) -> None:
        """Espace or a click on the list: a click goes back to the item; Espace changes its family."""
        if index != self.cursor:
            self.cursor = index
            return
        placed = self.placed.get(index)
        following = 0 if placed is None else (self.categories.index(placed) + 1) % len(self.categories)
        self.placed[index] = self.categories[following]

    def clicked(self, target: Target) -> None:
        """A click on the list brings the item back, to sort it again; a family's button sorts it."""
        kind, index = target
        if kind == "ligne":
            self.cursor = index
            self.show()
            self.bring_into_view(("element", 0))
        elif kind == "famille":
            self.sort(self.categories[index])

    def choose_number(self, number: int) -> None:
        self.sort(self.categories[number - 1])

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
        return (f"Il reste {left} élément{'s' if left > 1 else ''} à ranger : "
                f"le premier est affiché, choisissez sa famille.")

    def reveal(self) -> None:
        self.bring_into_view(("element", 0))

    def correction(self) -> Correction | None:
        if len(self.placed) < len(self.elements):
            return None
        return grade_classer(self.question, {self.elements[i]: c for i, c in self.placed.items()})


# --- Ordre: take a line, put it elsewhere -------------------------------------------------

class OrdreWidget(QuestionWidget):
    CHOOSE = "prendre ou poser"

    def setup(self) -> None:
        self.order = shuffled(list(self.question.elements), self.rng, avoid_same=True)
        self.held: int | None = None

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
                self.bring_into_view(("ligne", target))
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

    def setup(self) -> None:
        self.gauches = shuffled([p.gauche for p in self.question.paires], self.rng)
        self.droites = shuffled([p.droite for p in self.question.paires], self.rng)
        self.pairs: dict[int, int] = {}

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

    def draw_answers(self, rows: Rows) -> None:
        """Two columns: the left items (with the cursor), and the right ones behind a thin rule."""
        left = rows.width // 2
        right = rows.width - left
        for index in range(self.line_count()):
            first = len(rows.strips)
            column = Rows(left - 1)
            self.draw_line(column, ("ligne", index), self.line_text(index), 0, left - 1)
            names = ["question--ligne"] + (["question--survol"] if self.hover == ("droite", index)
                                           and not self.frozen else [])
            style = self.style(*names)
            rule = Segment("│", self.style("question--ligne", "question--droite-bord"))  # seen under the mouse too
            number = f"{index + 1}. "
            texts = wrap(number + self.droites[index], right - 2)
            if len(texts) > 1:  # the next rows begin under the words, as on the left
                texts = texts[:1] + [" " * len(number) + line
                                     for line in wrap(" ".join(texts[1:]), right - 2 - len(number))]
            height = max(len(column.strips), len(texts))
            base = self.style()
            for row in range(height):
                mine = list(column.strips[row]) if row < len(column.strips) else [Segment(" " * (left - 1), base)]
                tail = Segment(" ", mine[-1].style if row < len(column.strips) else base)
                other = fit(texts[row], right - 2) if row < len(texts) else " " * (right - 2)
                rows.add([mine, [tail], [rule, Segment(" " + other, style)]])
            rows.extend(("ligne", index), Region(0, first, left, height))
            rows.extend(("droite", index), Region(left, first, right, height))

    def choose(self, index: int) -> None:
        """Espace or a click on the left: the item's partner becomes the next one on the right."""
        if index != self.cursor:
            self.cursor = index
            return
        partner = self.pairs.get(index)
        self.link((0 if partner is None else partner + 1) % len(self.droites), advance=False)

    def clicked(self, target: Target) -> None:
        """A click on the left chooses the item; a click on the right gives it its partner."""
        kind, index = target
        if kind == "droite":
            self.link(index)
        elif kind == "ligne":
            self.cursor = index

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
        self.cursor = next(i for i in range(len(self.gauches)) if i not in self.pairs)
        return (f"Il reste {left} élément{'s' if left > 1 else ''} sans partenaire : "
                "le premier est marqué ▶, tapez le numéro de ce qui va avec.")

    def correction(self) -> Correction | None:
        if len(self.pairs) < len(self.gauches):
            return None
        return grade_associer(self.question, {self.gauches[g]: self.droites[d] for g, d in self.pairs.items()})


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
