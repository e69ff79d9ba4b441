"""A document's status, from the places authors write it: frontmatter, a ``Status:`` line near the top or in a
metadata list, a ``## Status`` section, or its task checkboxes. Never from a remark deeper in the body."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tracer.profiles import DocRule
from tracer.scanner.frontmatter import as_text
from tracer.scanner.markdown import Block

_STATUS_LINE = re.compile(r"^[^\w:\n]*+status[^\w:\n]{0,3}:\s*+(?P<value>.+)$", re.I)
_META_SECTIONS = ("metadata", "document info", "document information", "status", "info", "overview", "summary")
# where a status word ends; a match never starts inside a run of spaces (linear on any input)
_CUT = re.compile(r"(?<!\s)\s*+\(|(?<!\s)\s++[-–—]\s|(?<!\s)\s*+[,;|:]|(?<!\s)\s/\s|$")
ARCHIVE_FOLDERS = ("_archived", "archived", "archive", "_archive", ".archive", "deprecated")


def status_word(value: str) -> str:
    """The status word of a written value: ``done (deploy pending)`` -> done, ``✅ Complete`` -> Complete."""
    text = re.sub(r"^[^\w]+", "", value.replace("*", "").replace("`", "")).strip()
    m = _CUT.search(text)
    word = text[: m.start()] if m else text
    return re.sub(r"[^\w]+$", "", word).strip()[:60]


def _lines(b: Block) -> list[tuple[int, str]]:
    return [(b.line + i, line) for i, line in enumerate(b.text.split("\n"))]


def _from_lines(blocks: list[Block]) -> tuple[str, int]:
    """A ``Status:`` line in the preamble (before the first H2) or under a metadata-like H2."""
    for b in blocks:
        if b.kind == "heading":
            continue
        if b.h2 and b.h2.strip().lower().strip(":") not in _META_SECTIONS:
            continue
        if b.kind in ("para", "item"):
            for line, text in _lines(b):
                m = _STATUS_LINE.match(text.strip())
                if m and status_word(m["value"]):
                    return status_word(m["value"]), line
    return "", 0


def _from_section(blocks: list[Block]) -> tuple[str, int]:
    """The first paragraph or item of a ``## Status`` section (BMAD: ``## Status`` then ``Done``)."""
    for b in blocks:
        if b.kind in ("para", "item") and b.h2.strip().lower().strip(":") == "status":
            text = b.text.strip().split("\n")[0]
            m = _STATUS_LINE.match(text)
            word = status_word(m["value"] if m else text)
            if word:
                return word, b.line
    return "", 0


def read_status(rule: DocRule, path: str, meta: Mapping, key_lines: Mapping[str, int],
                blocks: list[Block]) -> tuple[str, int, str]:
    """(status word, line, where it was read) from the rule's sources in order, else its default.

    A document in an archive folder (``_archived/``, ``archive/``) is archived, whatever it says.
    """
    if any(part.lower() in ARCHIVE_FOLDERS for part in path.split("/")[:-1]):
        return "archived", 0, "folder"
    for source in rule.status:
        if source == "frontmatter" and as_text(meta.get("status")):
            return status_word(as_text(meta.get("status"))) or as_text(meta.get("status")), key_lines.get("status", 0), \
                "frontmatter"
        if source == "line":
            word, line = _from_lines(blocks)
            if not word:
                word, line = _from_section(blocks)
            if word:
                return word, line, "line"
        if source == "checkboxes":
            boxes = [b.checked for b in blocks if b.kind == "item" and b.checked is not None]
            if boxes:
                return ("done" if all(boxes) else "in-progress" if any(boxes) else "todo"), 0, "checkboxes"
    if rule.status_default:
        return rule.status_default, 0, "default"
    return "", 0, ""
