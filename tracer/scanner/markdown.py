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


def parse_blocks(body: str, first_line: int = 1) -> list[Block]:
    """The blocks of ``body`` in order; ``first_line`` is the file line of the body's first line."""
    data = body.encode("utf-8", errors="replace")
    lines = _Lines(data, first_line)
    blocks: list[Block] = []
    h2 = h3 = ""
    stack: list[Block] = []  # open blocks collecting text
    table: Block | None = None
    row: list[str] | None = None
    row_line = 0
    cell: list[str] | None = None
    depth = 0
    lists: list[list] = []  # [ordered, next index] per open list

    def text_sink(s: str) -> None:
        if cell is not None:
            cell.append(s)
        elif stack:
            stack[-1].text += s

    for event, rng in pyromark.events_with_range(body, options=_OPTIONS):
        start = rng["start"]
        if isinstance(event, dict):
            (name, value), = event.items()
        else:
            name, value = event, None
        if name == "Start":
            tag = value if isinstance(value, str) else next(iter(value))
            depth += 1
            if depth > MAX_DEPTH and tag in ("List", "Item", "BlockQuote"):
                continue
            if tag == "Heading":
                level = int(value["Heading"]["level"][1:])
                stack.append(Block("heading", lines.line(start), level=level))
            elif tag == "Paragraph":
                if stack and stack[-1].kind == "item" and not stack[-1].text:
                    continue  # the item's own first paragraph: collect into the item
                src = data[start : rng["end"]].decode("utf-8", errors="replace")
                stack.append(Block("para", lines.line(start), source=src))
            elif tag == "List":
                first = value["List"]
                lists.append([first is not None, first if isinstance(first, int) else 1])
            elif tag == "Item":
                src = data[start : rng["end"]].decode("utf-8", errors="replace")
                ordered, index = lists[-1] if lists else (False, 1)
                if lists:
                    lists[-1][1] += 1
                stack.append(Block("item", lines.line(start), source=src.split("\n", 1)[0], index=index, ordered=ordered))
            elif tag == "CodeBlock":
                info = value["CodeBlock"]
                lang = info.get("Fenced", "") if isinstance(info, dict) else ""
                raw = data[start : rng["end"]].decode("utf-8", errors="replace").rstrip("\n")
                last = raw.rsplit("\n", 1)[-1].strip()
                closed = bool(lang is not None) and (last.startswith("```") or last.startswith("~~~")) and raw.count("\n") > 0
                fence_line = lines.line(start)
                stack.append(Block("code", fence_line + (1 if isinstance(info, dict) else 0),
                                   lang=(lang or "").split()[0].lower() if lang else "", closed=closed or not isinstance(info, dict)))
            elif tag == "Table":
                table = Block("table", lines.line(start))
            elif tag in ("TableHead", "TableRow"):
                row, row_line = [], lines.line(start)
            elif tag == "TableCell":
                cell = []
        elif name == "End":
            tag = value if isinstance(value, str) else next(iter(value))
            depth -= 1
            if tag == "List" and lists:
                lists.pop()
            if tag == "TableCell" and row is not None and cell is not None:
                row.append("".join(cell).strip())
                cell = None
            elif tag == "TableHead" and table is not None and row is not None:
                table.header, row = row, None
            elif tag == "TableRow" and table is not None and row is not None:
                table.rows.append((row_line, row))
                row = None
            elif tag == "Table" and table is not None:
                table.h2, table.h3 = h2, h3
                table.end_line = lines.line(max(rng["end"] - 1, start))
                blocks.append(table)
                table = None
            elif tag in ("Heading", "Paragraph", "Item", "CodeBlock") and stack:
                kinds = {"Heading": "heading", "Paragraph": "para", "Item": "item", "CodeBlock": "code"}
                if stack[-1].kind != kinds[tag]:
                    continue  # a paragraph folded into its item
                b = stack.pop()
                b.end_line = lines.line(max(rng["end"] - 1, start))
                b.text = b.text.strip() if b.kind != "code" else b.text
                if b.kind == "heading":
                    if b.level == 2:
                        h2, h3 = b.text, ""
                    elif b.level == 3:
                        h3 = b.text
                    elif b.level == 1:
                        h2 = h3 = ""
                b.h2, b.h3 = h2, h3
                blocks.append(b)
        elif name in ("Text", "Code"):
            text_sink(value)
        elif name in ("SoftBreak", "HardBreak"):
            text_sink("\n" if cell is None else " ")
        elif name == "TaskListMarker":
            if stack and stack[-1].kind == "item":
                stack[-1].checked = bool(value)
        elif name == "InlineHtml" or (name == "Html" and (cell is not None or stack)):
            text_sink(value)  # inline HTML is part of the text it stands in (a heading, a cell, a paragraph)
        elif name == "Html":
            blocks.append(Block("html", lines.line(start), end_line=lines.line(max(rng["end"] - 1, start)),
                                text=value, h2=h2, h3=h3))
    blocks.sort(key=lambda b: b.line)
    return blocks
