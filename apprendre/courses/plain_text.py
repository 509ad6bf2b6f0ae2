"""Lessons and questions as plain sentences: what the text mode prints and the voice reads.

Two ways in need the same words without any drawing: ``apprendre --texte``
(read line by line by a screen reader or a braille display) and « Lire à voix
haute ». Both start from the lines given here; ``for_voice`` then turns a line
into what a person would say (no Markdown marks, « 1 sur 3 », no emoji nor arrow).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from markdown_it import MarkdownIt

from apprendre.courses.models import (
    Associer,
    ChoixMultiple,
    ChoixUnique,
    Classer,
    Ordre,
    Question,
    VraiFaux,
)

_MARKDOWN = MarkdownIt("commonmark").enable("table").enable("strikethrough")

# --- Markdown → plain lines -------------------------------------------------------------------


def markdown_lines(text: str) -> list[str]:
    """The text of a Markdown page, one line per source line of prose, without any mark.

    Headings, paragraphs and list items keep their words; « **gras** » loses its stars;
    a link keeps its text and says where it leads; an image says its description;
    a table gives one line per row, cells separated by « ; ». Blank lines separate blocks.
    """
    lines: list[str] = []
    prefixes: list[str] = []
    counters: list[int | None] = []
    row: list[str] | None = None
    pending_item = False
    for token in _MARKDOWN.parse(text):
        kind = token.type
        if kind == "bullet_list_open":
            counters.append(None)
        elif kind == "ordered_list_open":
            counters.append(int(token.attrGet("start") or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            counters.pop()
            _blank(lines)
        elif kind == "list_item_open":
            number = counters[-1] if counters else None
            prefixes.append("- " if number is None else f"{number}. ")
            if number is not None:
                counters[-1] = number + 1
            pending_item = True
        elif kind == "list_item_close":
            prefixes.pop()
        elif kind == "inline" and token.children is not None:
            text_lines = _inline_lines(token.children)
            if row is not None:
                row.append(" ".join(text_lines))
                continue
            for index, line in enumerate(text_lines):
                if pending_item and index == 0:
                    line = prefixes[-1] + line
                    pending_item = False
                lines.append(line)
        elif kind in ("fence", "code_block"):
            lines.extend(token.content.rstrip("\n").splitlines())
            _blank(lines)
        elif kind in ("paragraph_close", "heading_close", "blockquote_close", "table_close", "hr"):
            if not prefixes:
                _blank(lines)
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            lines.append(" ; ".join(cell for cell in row if cell))
            row = None
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _blank(lines: list[str]) -> None:
    if lines and lines[-1]:
        lines.append("")


def _inline_lines(children: Sequence[Any]) -> list[str]:
    lines = [""]
    link: str | None = None
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            lines[-1] += child.content if kind != "html_inline" else ""
        elif kind in ("softbreak", "hardbreak"):
            lines.append("")
        elif kind == "link_open":
            link = str(child.attrGet("href") or "")
        elif kind == "link_close":
            if link and not link.startswith("#") and link not in lines[-1]:
                lines[-1] += f" (lien : {link})"
            link = None
        elif kind == "image":
            alt = child.content or "sans description"
            lines[-1] += f"Image : {alt}"
    return [" ".join(line.split()) for line in lines if line.strip()]


# --- Questions as lines ------------------------------------------------------------------------

HINTS: dict[type, str] = {
    ChoixUnique: "Une seule réponse est juste.",
    ChoixMultiple: "Il peut y avoir plusieurs bonnes réponses.",
    VraiFaux: "Vrai ou faux ?",
    Classer: "Rangez chaque élément dans sa famille.",
    Ordre: "Remettez les étapes dans le bon ordre.",
    Associer: "Associez chaque élément de gauche à un élément de droite.",
}
"""One sentence per question type: what the learner has to do, said without any key."""


def question_lines(question: Question, numero: int, total: int,
                   shown: Sequence[str] | None = None, others: Sequence[str] | None = None) -> list[str]:
    """A question as lines: its number, its statement, what to do, its items numbered.

    ``shown`` lists the items in the order the learner sees them (the choices, the items to
    sort, the steps, the left column); ``others`` the right column of *associer*. Without
    them, the order of the quiz file.
    """
    hint = HINTS[type(question)]
    lines = [f"Question {numero} sur {total}.", question.enonce]
    if hint.split()[0].casefold() not in question.enonce.casefold():
        lines.append(hint)  # « Rangez… », « Remettez… », « Associez… »: not twice
    if isinstance(question, (ChoixUnique, ChoixMultiple)):
        lines += numbered(shown if shown is not None else [c.texte for c in question.choix])
    elif isinstance(question, VraiFaux):
        lines += numbered(["Vrai", "Faux"])
    elif isinstance(question, Classer):
        lines.append("Les familles : " + _or(question.categories) + ".")
        items = shown if shown is not None else [e.texte for e in question.elements]
        lines.append(f"Les éléments à ranger, {len(items)} en tout :")
        lines += numbered(items)
    elif isinstance(question, Ordre):
        lines += numbered(shown if shown is not None else list(question.elements))
    elif isinstance(question, Associer):
        lines.append("À gauche :")
        lines += [f"- {texte}" for texte in (shown if shown is not None else [p.gauche for p in question.paires])]
        lines.append("À droite :")
        lines += numbered(others if others is not None else [p.droite for p in question.paires])
    return lines


def numbered(texts: Iterable[str], start: int = 1) -> list[str]:
    return [f"{number}. {texte}" for number, texte in enumerate(texts, start=start)]


def _or(texts: Sequence[str]) -> str:
    texts = list(texts)
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " ou " + texts[-1]


def page_lines(lecon_titre: str, page: int, pages: int, markdown: str) -> list[str]:
    """A lesson page: where the learner is, then its text."""
    return [f"{lecon_titre}.", f"Page {page} sur {pages}.", "", *markdown_lines(markdown)]


# --- Lines → what a person says ---------------------------------------------------------------

_FRACTION = re.compile(r"(?<![\d/])(\d+)\s*/\s*(\d+)(?![\d/])")
_MENU = re.compile(r"\s+>\s+")
_LIST_MARK = re.compile(r"^\s*[-*+•]\s+")
_NUMBER_MARK = re.compile(r"^(\d+)\.\s+")
_SKIPPED_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn"}
_KEPT_SYMBOLS = {"€", "°", "©", "%"}
_ARROWS = {"<-", "->", "=>", "<=", "-->"}
_LINK = re.compile(r"\s*\(lien : [^)]*\)")
_REPLACED = {"«": "", "»": "", "…": "...", "*": "", "_": " ", "#": "", "`": "", "|": ", ", "~": ""}


def for_voice(line: str) -> str:
    """One line as a person would say it: « 1 sur 3 », a menu path with pauses, no mark,
    no emoji, no arrow, no drawing."""
    line = _LINK.sub("", _LIST_MARK.sub("", line))
    line = _NUMBER_MARK.sub(r"\1 : ", line)
    line = _FRACTION.sub(r"\1 sur \2", line)
    line = _MENU.sub(", ", line)
    for arrow in _ARROWS:
        line = line.replace(f" {arrow} ", ", ")
    kept = []
    for character in line:
        if character in _REPLACED:
            kept.append(_REPLACED[character])
        elif _is_arrow(character):
            kept.append(", ")
        elif character in _KEPT_SYMBOLS or unicodedata.category(character) not in _SKIPPED_CATEGORIES | {"Mn"}:
            kept.append(character)
        elif unicodedata.category(character) == "Mn" and kept and unicodedata.category(kept[-1])[0] == "L":
            kept.append(character)  # a combining accent on a letter stays; on an emoji it goes
    said = " ".join("".join(kept).replace("\ufe0f", "").replace("\u200d", "").split())
    said = re.sub(r"\s+,", ",", said)
    return re.sub(r",(\s*,)+", ",", said).strip(" ,")


def _is_arrow(character: str) -> bool:
    name = unicodedata.name(character, "")
    return "ARROW" in name or "TRIANGLE" in name or name.startswith(("BOX DRAWINGS", "BLOCK", "BLACK", "WHITE"))


def spoken(lines: Iterable[str]) -> str:
    """Lines said one after the other, each ending on a pause."""
    sentences = []
    for line in lines:
        said = for_voice(line)
        if not said:
            continue
        if said[-1] not in ".!?:;,":
            said += "."
        sentences.append(said)
    return "\n".join(sentences)
