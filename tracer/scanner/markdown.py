"""Markdown structure from a real CommonMark parser (pyromark): headings, paragraphs, list items, tables and fences.

The document parser never looks at raw Markdown to find structure; it walks these blocks, each with the
line it starts on, the H2/H3 section it sits in, and (for paragraphs and items) its source text so that
bold labels such as ``**Parent PRD:**`` can be read.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import pyromark

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_TASKLISTS | pyromark.Options.ENABLE_STRIKETHROUGH
MAX_DEPTH = 64  # deeper nesting is flattened: its text still counts, its structure does not
# inline containers: their text goes to the enclosing block, they start and end nothing themselves
_INLINE = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image", "Superscript", "Subscript"})


@dataclass
class Block:
    """One block of a document: kind is heading, para, item, table or code."""

    kind: str
    line: int
    end_line: int = 0
    text: str = ""  # plain text (headings, paragraphs, items), code content for fences
    source: str = ""  # Markdown source of paragraphs and items
    level: int = 0  # heading level
    lang: str = ""  # fence info string
    checked: bool | None = None  # task list state of an item
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # table rows after the header
    header: list[str] = field(default_factory=list)
    h2: str = ""
    h3: str = ""
    closed: bool = True  # a fence that reaches the end of the document is not closed
    index: int = 0  # an item's number in its list (1-based; ordered lists count from their start)
    ordered: bool = False
    depth: int = 0  # an item's list nesting (1 = a top-level list)


class _Lines:
    """Byte offset -> 1-based line number."""

    def __init__(self, data: bytes, first_line: int):
        self.starts = [0]
        find = data.find
        i = find(b"\n")
        while i != -1:
            self.starts.append(i + 1)
            i = find(b"\n", i + 1)
        self.first = first_line

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1 + self.first

    def last(self, rng: dict) -> int:
        """The line of a range's last character."""
        return self.line(max(rng["end"] - 1, rng["start"]))


class _Walker:
    """Turns pyromark's start/end events into Blocks; one method per event kind."""

    _KINDS = {"Heading": "heading", "Paragraph": "para", "Item": "item", "CodeBlock": "code"}

    def __init__(self, body: str, first_line: int):
        self.data = body.encode("utf-8", errors="replace")
        self.lines = _Lines(self.data, first_line)
        self.blocks: list[Block] = []
        self.h2 = self.h3 = ""
        self.stack: list[Block] = []  # open blocks collecting text
        self.table: Block | None = None
        self.row: list[str] | None = None
        self.row_line = 0
        self.cell: list[str] | None = None
        self.depth = 0
        self.lists: list[list] = []  # [ordered, next index] per open list

    def text(self, s: str) -> None:
        if self.cell is not None:
            self.cell.append(s)
        elif self.stack:
            self.stack[-1].text += s

    def source(self, rng: dict) -> str:
        return self.data[rng["start"] : rng["end"]].decode("utf-8", errors="replace")

    def start(self, tag: str, value, rng: dict) -> None:
        self.depth += 1
        if tag in _INLINE or tag == "TableCell":
            if tag == "TableCell":
                self.cell = []
            return  # emphasis, links, a cell: no block starts, no line is needed
        if self.depth > MAX_DEPTH and tag in ("List", "Item", "BlockQuote"):
            return
        line = self.lines.line(rng["start"])
        if tag == "Heading":
            self.stack.append(Block("heading", line, level=int(value["Heading"]["level"][1:])))
        elif tag == "Paragraph":
            if not (self.stack and self.stack[-1].kind == "item" and not self.stack[-1].text):
                self.stack.append(Block("para", line, source=self.source(rng)))
            # else: the item's own first paragraph, collected into the item
        elif tag == "List":
            first = value["List"]
            self.lists.append([first is not None, first if isinstance(first, int) else 1])
        elif tag == "Item":
            ordered, index = self.lists[-1] if self.lists else (False, 1)
            if self.lists:
                self.lists[-1][1] += 1
            self.stack.append(Block("item", line, source=self.source(rng).split("\n", 1)[0], index=index, ordered=ordered,
                                    depth=len(self.lists)))
        elif tag == "CodeBlock":
            self.stack.append(self._code(value["CodeBlock"], line, rng))
        elif tag == "Table":
            self.table = Block("table", line)
        elif tag in ("TableHead", "TableRow"):
            self.row, self.row_line = [], line

    def _code(self, info, line: int, rng: dict) -> Block:
        fenced = isinstance(info, dict)
        lang = info.get("Fenced", "") if fenced else ""
        raw = self.source(rng).rstrip("\n")
        last = raw.rsplit("\n", 1)[-1].strip()
        closed = bool(lang is not None) and (last.startswith("```") or last.startswith("~~~")) and raw.count("\n") > 0
        return Block("code", line + (1 if fenced else 0), lang=(lang or "").split()[0].lower() if lang else "",
                     closed=closed or not fenced)

    def end(self, tag: str, rng: dict) -> None:
        self.depth -= 1
        if tag in _INLINE:
            return
        if tag == "List" and self.lists:
            self.lists.pop()
        if tag == "TableCell" and self.row is not None and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "TableHead" and self.table is not None and self.row is not None:
            self.table.header, self.row = self.row, None
        elif tag == "TableRow" and self.table is not None and self.row is not None:
            self.table.rows.append((self.row_line, self.row))
            self.row = None
        elif tag == "Table" and self.table is not None:
            self.table.h2, self.table.h3 = self.h2, self.h3
            self.table.end_line = self.lines.last(rng)
            self.blocks.append(self.table)
            self.table = None
        elif tag in self._KINDS and self.stack and self.stack[-1].kind == self._KINDS[tag]:
            self._close(self.stack.pop(), self.lines.last(rng))
        # else: a paragraph folded into its item

    def _close(self, b: Block, end_line: int) -> None:
        b.end_line = end_line
        b.text = b.text.strip() if b.kind != "code" else b.text
        if b.kind == "heading":
            if b.level == 2:
                self.h2, self.h3 = b.text, ""
            elif b.level == 3:
                self.h3 = b.text
            elif b.level == 1:
                self.h2 = self.h3 = ""
        b.h2, b.h3 = self.h2, self.h3
        self.blocks.append(b)

    def html(self, value: str, rng: dict) -> None:
        if self.cell is not None or self.stack:
            self.text(value)  # HTML inside a heading, a cell or a paragraph is part of its text
        else:
            self.blocks.append(Block("html", self.lines.line(rng["start"]), text=value, h2=self.h2, h3=self.h3,
                                     end_line=self.lines.last(rng)))


def parse_blocks(body: str, first_line: int = 1) -> list[Block]:
    """The blocks of ``body`` in order; ``first_line`` is the file line of the body's first line."""
    w = _Walker(body, first_line)
    for event, rng in pyromark.events_with_range(body, options=_OPTIONS):
        if isinstance(event, dict):
            (name, value), = event.items()
        else:
            name, value = event, None
        if name == "Start":
            w.start(value if isinstance(value, str) else next(iter(value)), value, rng)
        elif name == "End":
            w.end(value if isinstance(value, str) else next(iter(value)), rng)
        elif name in ("Text", "Code"):
            w.text(value)
        elif name in ("SoftBreak", "HardBreak"):
            w.text("\n" if w.cell is None else " ")
        elif name == "TaskListMarker":
            if w.stack and w.stack[-1].kind == "item":
                w.stack[-1].checked = bool(value)
        elif name == "InlineHtml":
            w.text(value)
        elif name == "Html":
            w.html(value, rng)
    w.blocks.sort(key=lambda b: b.line)
    return w.blocks
