"""A lesson page: its Markdown rendered once into one widget.

Textual's ``Markdown`` widget builds one widget per block (heading, paragraph,
list item…), and rebuilds them over several frames when the text changes: a
page turn then costs far more than a bare app's key, and more for longer pages.
Here a page is read once into blocks of styled text (``Content``), and the
widget draws those blocks, wrapped to its width, as one text: turning a page
is one update of one widget, whatever the length of the lesson.

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
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

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
    lines: list[Content] = []
    for block in blocks:
        if lines and block.space_before:
            lines.append(Content(""))
        available = max(10, width - block.indent)
        wrapped = block.text.split("\n") if not block.wrap else block.text.wrap(available)
        for number, line in enumerate(wrapped):
            lead = block.prefix if number == 0 else " " * block.indent
            lines.append(Content(lead) + line if lead else line)
    return Content("\n").join(lines)


class PageLecon(Static):
    """The page being read, as one widget; links say where they lead instead of opening."""

    class LinkClicked(Message):
        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._blocks = page_blocks(text)
        self._laid_out: tuple[int, Content] | None = None

    def show(self, text: str) -> None:
        """Show another page: one refresh of this widget."""
        blocks = page_blocks(text)
        if blocks != self._blocks:
            self._blocks = blocks
            self._laid_out = None
            self.refresh(layout=True)

    @property
    def text(self) -> str:
        """The page as plain text (what is on screen, without styles)."""
        return self._content(self.size.width or 76).plain

    def _content(self, width: int) -> Content:
        if self._laid_out is None or self._laid_out[0] != width:
            self._laid_out = (width, lay_out(self._blocks, width))
        return self._laid_out[1]

    def render(self) -> Content:
        return self._content(self.content_region.width or self.size.width or 76)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self._content(width).split("\n"))

    def action_link(self, href: str) -> None:
        self.post_message(self.LinkClicked(href))

