"""Marks authors leave in documents: unfilled template placeholders, and ``tracer: ignore`` suppressions."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tracer.model import Placeholder, Suppression
from tracer.scanner.markdown import Block

# {{date}}, {{ story_ids }}, {{architecture-summary}}: a name, nothing else. Not ${{ secrets.X }} (Actions),
# {{.Version}} (Go templates), {{ margin: 0 }} (JSX), {{Name: "a"}} (Go literals), {{#each}} (Handlebars).
_PLACEHOLDER = re.compile(r"(?<![$\w{])\{\{\s*+[A-Za-z_][\w .-]{0,80}?\s*+\}\}(?!\})")
_CODE_SPAN = re.compile(r"(?<!`)(`++)(?:(?!\1).){0,2000}?\1")
_SUPPRESS = re.compile(r"tracer:\s*+ignore\s++([A-Za-z0-9_,\s-]+?)\s*(?:-->|$)", re.I)


def _prose(text: str) -> str:
    """Text with inline code spans blanked out (placeholders inside code are code)."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text) if "`" in text else text


def placeholders(front_lines: list[str], front_first: int, blocks: list[Block], body_lines: list[str],
                 body_first: int) -> list[Placeholder]:
    """Every ``{{name}}`` placeholder in the frontmatter, headings, paragraphs, list items and tables.

    Fenced code, inline code and HTML blocks are never searched: ``{{ ... }}`` there belongs to the code.
    """
    out: list[Placeholder] = []
    for i, line in enumerate(front_lines):
        if "{{" in line:
            out.extend(Placeholder(text=m.group(0), line=front_first + i) for m in _PLACEHOLDER.finditer(line))
    if not any("{{" in line for line in body_lines):
        return out
    prose: set[int] = set()
    for b in blocks:
        if b.kind in ("heading", "para", "item", "table"):
            prose.update(range(b.line, (b.end_line or b.line) + 1))
        elif b.kind == "code":  # a fence inside a list item: its lines are code, not the item's prose
            prose.difference_update(range(b.line - 1, (b.end_line or b.line) + 1))
    for line in sorted(prose):
        i = line - body_first
        if 0 <= i < len(body_lines) and "{{" in body_lines[i]:
            out.extend(Placeholder(text=m.group(0), line=line) for m in _PLACEHOLDER.finditer(_prose(body_lines[i])))
    return out


def suppressions(blocks: list[Block], meta: Mapping[str, object], meta_line: int) -> list[Suppression]:
    """Frontmatter ``tracer: {ignore: [...]}`` (the whole document) and ``<!-- tracer: ignore X -->`` comments
    (the block after them)."""
    out = []
    ignore = meta.get("tracer")
    if isinstance(ignore, dict) and ignore.get("ignore"):
        codes = ignore["ignore"]
        codes = [codes] if isinstance(codes, str) else [str(c) for c in codes] if isinstance(codes, list) else []
        out.append(Suppression(codes=tuple(codes), line=meta_line, target_line=0, end_line=0))
    for i, b in enumerate(blocks):
        if b.kind not in ("html", "para"):
            continue
        text = b.text if b.kind == "html" else b.source
        m = _SUPPRESS.search(text)
        if not m or "<!--" not in text:
            continue
        codes = tuple(c for c in re.split(r"[\s,]+", m.group(1)) if c)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        start = nxt.line if nxt else b.line
        end = (nxt.end_line or nxt.line) if nxt else b.line
        out.append(Suppression(codes=codes, line=b.line, target_line=start, end_line=end))
    return out
