"""Where each key and array item of a TOML text is written: line and column.

tomllib returns plain data without positions; to tell a mediator "line 42",
this scanner walks the text again and records the position of every key,
table and array item, under the same paths as pydantic's error locations:
``("questions", 2, "choix", 0, "juste")``. It reads only text that the TOML
parser accepted, so it need not report errors; on anything unexpected it stops
and returns what it found so far.
"""

from __future__ import annotations

from bisect import bisect_right

import tomli

Loc = tuple[str | int, ...]
Position = tuple[int, int]
"""Line and column, both starting at 1."""

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SPACE = " \t"


def toml_positions(text: str) -> dict[Loc, Position]:
    """Map each key, table and array item of ``text`` to where it starts."""
    scanner = _Scanner(text)
    try:
        scanner.document()
    except (IndexError, ValueError):
        pass  # not TOML after all: keep what was found
    return scanner.found


def find_position(positions: dict[Loc, Position], loc: Loc) -> Position | None:
    """The position of ``loc``, or of its closest parent that is written in the file."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in positions:
            return positions[loc[:end]]
    return None


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n")
        self.pos = 0
        self.found: dict[Loc, Position] = {}
        self.tables: dict[Loc, int] = {}
        """Index of the last ``[[table]]`` seen for each array of tables."""
        self.line_starts = [0] + [i + 1 for i, char in enumerate(self.text) if char == "\n"]

    def where(self, pos: int) -> Position:
        line = bisect_right(self.line_starts, pos)
        return line, pos - self.line_starts[line - 1] + 1

    def record(self, loc: Loc, pos: int) -> None:
        self.found.setdefault(loc, self.where(pos))

    def document(self) -> None:
        table: Loc = ()
        while self.skip_blank():
            start = self.pos
            if self.text[self.pos] == "[":
                is_array = self.text.startswith("[[", self.pos)
                self.pos += 2 if is_array else 1
                table = self.table_path(self.key(), is_array)
                for end in range(1, len(table) + 1):  # with its parents, if not written before
                    self.record(table[:end], start)
                self.pos = self.text.index("]", self.pos) + (2 if is_array else 1)
            else:
                self.key_value(table)

    def key_value(self, parent: Loc) -> None:
        start = self.pos
        key = parent + self.key()
        for end in range(len(parent) + 1, len(key) + 1):
            self.record(key[:end], start)
        self.skip(_SPACE)
        self.expect("=")
        self.skip(_SPACE)
        self.value(key)

    def table_path(self, parts: Loc, is_array: bool) -> Loc:
        """``questions.choix`` → ``("questions", 3, "choix", 0)`` with the current indexes."""
        path: Loc = ()
        for depth, part in enumerate(parts):
            path += (part,)
            if depth == len(parts) - 1 and is_array:
                self.tables[path] = self.tables.get(path, -1) + 1
            if path in self.tables:
                path += (self.tables[path],)
        return path

    def key(self) -> Loc:
        parts: list[str] = []
        while True:
            self.skip(_SPACE)
            char = self.text[self.pos]
            if char in "\"'":
                start = self.pos
                content = self.string()
                if char == '"' and "\\" in content:  # escapes: let the parser read them
                    content = tomli.loads(f"k = {self.text[start:self.pos]}")["k"]
                parts.append(content)
            else:
                start = self.pos
                while self.text[self.pos] in _BARE:
                    self.pos += 1
                if self.pos == start:
                    raise ValueError("key expected")
                parts.append(self.text[start:self.pos])
            self.skip(_SPACE)
            if self.text[self.pos] != ".":
                return tuple(parts)
            self.pos += 1

    def value(self, loc: Loc) -> None:
        char = self.text[self.pos]
        if char in "\"'":
            self.string()
        elif char == "[":
            self.array(loc)
        elif char == "{":
            self.inline_table(loc)
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}\n#":
                self.pos += 1

    def array(self, loc: Loc) -> None:
        self.pos += 1
        index = 0
        while self.skip_blank() and self.text[self.pos] != "]":
            self.record(loc + (index,), self.pos)
            self.value(loc + (index,))
            index += 1
            self.skip_blank()
            if self.text[self.pos] == ",":
                self.pos += 1
        self.pos += 1

    def inline_table(self, loc: Loc) -> None:
        self.pos += 1
        while True:
            self.skip(_SPACE)
            char = self.text[self.pos]
            if char == "}":
                self.pos += 1
                return
            if char == ",":
                self.pos += 1
                continue
            self.key_value(loc)
            self.skip(_SPACE)

    def string(self) -> str:
        """Skip a string of any of the four kinds and return its (unescaped enough) content."""
        quote = self.text[self.pos]
        if self.text.startswith(quote * 3, self.pos):
            end = self.pos + 3
            while True:
                end = self.text.index(quote * 3, end)
                if quote == '"' and self._escaped(end):
                    end += 1
                    continue
                break
            while self.text.startswith(quote, end + 3):
                end += 1  # up to two quotes may end the content just before the closing ones
            content = self.text[self.pos + 3:end]
            self.pos = end + 3
            return content
        end = self.pos + 1
        while self.text[end] != quote or (quote == '"' and self._escaped(end)):
            end += 1
        content = self.text[self.pos + 1:end]
        self.pos = end + 1
        return content

    def _escaped(self, pos: int) -> bool:
        backslashes = 0
        while self.text[pos - 1 - backslashes] == "\\":
            backslashes += 1
        return backslashes % 2 == 1

    def skip(self, chars: str) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in chars:
            self.pos += 1

    def skip_blank(self) -> bool:
        """Skip spaces, newlines and comments; False at the end of the text."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\n\r":
                self.pos += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                return True
        return False

    def expect(self, char: str) -> None:
        if self.text[self.pos] != char:
            raise ValueError(f"{char!r} expected")
        self.pos += 1
