"""Widgets shared by several screens."""

from textual.content import Content


def plain(text: str) -> Content:
    """Text shown exactly as written: a pseudonym or a module's text is never read as markup."""
    return Content(text)
