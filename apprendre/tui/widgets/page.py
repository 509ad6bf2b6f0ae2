"""A lesson page: its Markdown rendered once into one scrolling widget, drawn line by line.

Textual's ``Markdown`` widget builds one widget per block (heading, paragraph,
list item…), and rebuilds them over several frames when the text changes: a
page turn then costs far more than a bare app's key, and more for longer pages.
Here a page is read once into blocks of styled text (``Content``), laid out to
the widget's width and turned into the lines the terminal shows (``Strip``).
The widget scrolls itself and draws those lines (Textual's line API): turning a
page swaps its lines and repaints this one widget, with no layout of the screen
(its size does not change), whatever the length of the lesson. The lines of the
pages next to the one shown are made in advance (``prepare``), while the learner
reads, so that a page turn only draws them.

What lessons use is drawn (docs/format-des-cours.md): headings, paragraphs,
bulleted and numbered lists (nested), bold, italics, inline code, code blocks,
quotations, links (shown, never opened: a click says where they lead) and
images (their description).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content, Span
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

HEADING_STYLES = {"h1": "bold underline $primary", "h2": "bold $primary", "h3": "bold", "h4": "bold italic",
                  "h5": "italic", "h6": "italic"}
INLINE_STYLES = {"em_open": "italic", "strong_open": "bold", "s_open": "strike"}
CODE_STYLE = "$text-accent on $boost"
QUOTE_STYLE = "italic"
BULLETS = ("•", "◦", "▪")


@dataclass(frozen=True)
class Block:
    """A piece of the page: its text, the prefix of its first line, and the indent of the others."""

    text: Content
    prefix: str = ""
    indent: int = 0
    space_before: bool = True
    wrap: bool = True


_parser = MarkdownIt("commonmark").enable("strikethrough")


@lru_cache(maxsize=64)
def page_blocks(text: str) -> tuple[Block, ...]:
    """The blocks of a page's Markdown (cached: going back to a page costs nothing)."""
    blocks: list[Block] = []
    lists: list[list[int]] = []  # for each open list: [next number, or 0 for bullets]
    item_prefix: list[str] = []
    quote = 0
    first_in_item = False
    list_opened = False
    tokens = _parser.parse(text)
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 0])
            list_opened = True
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            number = lists[-1][0]
            if number:
                item_prefix.append(f"{number}. ")
                lists[-1][0] += 1
            else:
                item_prefix.append(f"{BULLETS[(len(lists) - 1) % len(BULLETS)]} ")
            first_in_item = True
        elif kind == "list_item_close":
            item_prefix.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "inline":
            opening = tokens[index - 1] if index else None
            content = _inline(token)
            if opening is not None and opening.type == "heading_open":
                blocks.append(Block(content.stylize(HEADING_STYLES.get(opening.tag, "bold"))))
                continue
            indent = sum(len(prefix) for prefix in item_prefix[:-1])
            prefix = ""
            space = True
            if item_prefix:
                prefix = item_prefix[-1] if first_in_item else " " * len(item_prefix[-1])
                tight = opening is not None and opening.hidden
                space = (list_opened and len(lists) == 1) or not tight
                first_in_item = list_opened = False
            if quote:
                content = content.stylize(QUOTE_STYLE)
                prefix = "▌ " * quote + prefix
            blocks.append(Block(content, " " * indent + prefix, indent + len(prefix), space))
        elif kind in ("fence", "code_block"):
            code = Content(token.content.rstrip("\n")).stylize(CODE_STYLE)
            blocks.append(Block(code, "  ", 2, True, wrap=False))
        elif kind == "hr":
            blocks.append(Block(Content("─" * 20).stylize("$text-muted")))
    return tuple(blocks)


def _inline(token: Token) -> Content:
    """Styled text of an inline token: emphasis, code, links (clickable) and images."""
    parts: list[str] = []
    spans: list[Span] = []
    opened: list[tuple[int, str | Style]] = []
    position = 0

    def add(text: str) -> None:
        nonlocal position
        parts.append(text)
        position += len(text)

    for child in token.children or []:
        kind = child.type
        if kind == "text":
            add(re.sub(r"[ \t\n]+", " ", child.content))
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            start = position
            add(child.content)
            spans.append(Span(start, position, CODE_STYLE))
        elif kind in INLINE_STYLES:
            opened.append((position, INLINE_STYLES[kind]))
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            opened.append((position, Style.from_meta({"@click": f"link({href!r})"}) + Style(underline=True)))
        elif kind == "image":
            start = position
            add(f"[Image : {child.content or str(child.attrs.get('src', ''))}]")
            spans.append(Span(start, position, "italic $text-muted"))
        elif kind.endswith("_close") and opened:
            start, style = opened.pop()
            spans.append(Span(start, position, style))
    return Content("".join(parts), spans=spans)


def lay_out(blocks: tuple[Block, ...], width: int) -> Content:
    """The page as one text of ``width`` columns: blocks wrapped, indented, a blank line between."""
    return Content("\n").join(laid_out_lines(blocks, width))


def laid_out_lines(blocks: tuple[Block, ...], width: int) -> list[Content]:
    """The lines of ``lay_out``."""
    lines: list[Content] = []
    for block in blocks:
        if lines and block.space_before:
            lines.append(Content(""))
        available = max(10, width - block.indent)
        wrapped = block.text.split("\n") if not block.wrap else block.text.wrap(available)
        for number, line in enumerate(wrapped):
            lead = block.prefix if number == 0 else " " * block.indent
            lines.append(Content(lead) + line if lead else line)
    return lines


class PageLecon(ScrollView):
    """The page being read, as one widget; links say where they lead instead of opening."""

    class LinkClicked(Message):
        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._page = text
        self._lines: tuple[Strip, ...] = ()
        self._width = 0
        """The width the lines are laid out to (0: not laid out yet)."""
        self._look: tuple[object, ...] = ()
        """The theme and style the lines were made in."""
        self._drawing: tuple[Strip, ...] = ()
        """While drawing a text selection: the lines with the selection on them."""
        self._made: dict[tuple[object, ...], tuple[Strip, ...]] = {}
        """Lines made for a page (text, width, look): the page shown and the ones prepared."""

    # --- What the learner sees --------------------------------------------------------------

    def show(self, text: str) -> None:
        """Show another page, from its top: only the rows that differ are drawn again, no layout."""
        if text == self._page:
            self.scroll_to(0, 0, animate=False)
            return
        shown, top, width = self._lines, self.scroll_offset.y, self._width
        self._page = text
        self._set_lines(repaint=False)
        if top or width != self._width or self.text_selection is not None:
            self.scroll_to(0, 0, animate=False)
            self.refresh()
            return
        # Rows the same on both pages (blank lines, the space below a short page) stay as they are.
        lines = self._lines
        changed = [row for row in range(self.size.height)
                   if (shown[row] if row < len(shown) else None) != (lines[row] if row < len(lines) else None)]
        for first, last in consecutive_runs(changed):
            self.refresh(Region(0, first, self._width, last - first + 1))

    def prepare(self, *texts: str) -> None:
        """Make the lines of these pages now (the next and previous ones), before they are shown."""
        if self._width:
            for text in texts:
                self._lines_for(text)

    @property
    def text(self) -> str:
        """The page as plain text (what is on screen, without styles)."""
        return self.render().plain

    def render(self) -> Content:
        """The page laid out (what text selection copies from)."""
        return lay_out(page_blocks(self._page), self._width or 76)

    def render_line(self, y: int) -> Strip:
        lines = self._drawing or self._lines
        line = self.scroll_offset.y + y
        return lines[line] if line < len(lines) else Strip.blank(self._width, self.rich_style)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._look != self._current_look():  # another theme (F2) or style: made again
            self._set_lines()
        if self.text_selection is not None:  # lines with the selection drawn on them
            self._drawing = self._make(self._page, self._width)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = ()

    def selection_updated(self, selection: object) -> None:
        self.refresh()

    def action_link(self, href: str) -> None:
        self.post_message(self.LinkClicked(href))

    # --- Lines ------------------------------------------------------------------------------

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """A new size (the first one, or the terminal's): the page is laid out again, before it is drawn."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if self._lines_for(self._page)[0] != self._width:
            self._set_lines()
        return resized

    def _set_lines(self, repaint: bool = True) -> None:
        """Take the lines of the page shown, and the scrollable size they make."""
        if not self.outer_size:
            return
        self._width, self._lines = self._lines_for(self._page)
        self._look = self._current_look()
        size = Size(self._width, len(self._lines))
        if size != self.virtual_size:
            # Not ``self.virtual_size = size``: that would lay the whole screen out again.
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)
        if repaint:
            self.refresh()

    def _lines_for(self, text: str) -> tuple[int, tuple[Strip, ...]]:
        """A page's width and lines here: narrower by the scrollbar when it is taller than the widget."""
        width, height = self.outer_size - self.styles.gutter.totals
        lines = self._cached(text, width)
        if len(lines) > height:
            width -= self.styles.scrollbar_size_vertical
            lines = self._cached(text, width)
        return width, lines

    def _current_look(self) -> tuple[object, ...]:
        return self.app.theme, self.visual_style

    def _cached(self, text: str, width: int) -> tuple[Strip, ...]:
        key = (text, width, *self._current_look())
        lines = self._made.get(key)
        if lines is None:
            if len(self._made) >= 8:
                del self._made[next(iter(self._made))]
            lines = self._made[key] = self._make(text, width)
        return lines

    def _make(self, text: str, width: int) -> tuple[Strip, ...]:
        if width <= 0:
            return ()
        # Each line padded with spaces of its own style: one piece to send to the terminal, not two.
        lines = laid_out_lines(page_blocks(text), width)
        content = Content("\n").join(line.pad_right(width - line.cell_length) for line in lines)
        return tuple(Visual.to_strips(self, content, width, None, self.visual_style, pad=True))


def consecutive_runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows grouped: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
