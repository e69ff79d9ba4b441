"""Escaping document text for the formats people read: Markdown (PR comments), HTML, XML and terminal text."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def md(text: str) -> str:
    """Text that Markdown renders literally: no HTML, links, images, emphasis or table breaks."""
    text = " ".join(str(text).split())  # no line breaks: they would end a table row or a list item
    text = html.escape(text, quote=False)  # <script>, <img> and friends stay text
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("://", ":&#47;&#47;")  # no autolinks either
    return re.sub(r"(?i)\bwww\.", "www&#46;", text)  # nor GFM's extended www. autolinks


def md_code(text: str, *, cell: bool = False) -> str:
    """Inline code that cannot be closed early by backticks in ``text``; in a table ``cell``, a ``|`` is
    escaped too (GFM splits a row into cells before it reads code spans, so ``|`` would end the cell)."""
    text = " ".join(str(text).split()).replace("`", "'")
    if cell:
        text = text.replace("|", "\\|")
    return f"`{text}`"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029]")


def plain(text: object) -> str:
    """A value for terminal text: no line breaks or control characters (which could start a line of their own,
    such as a ``::error ...::`` workflow command GitHub Actions would run), and no leading ``::``."""
    out = _CONTROL.sub("?", str(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    return " " + out if out.startswith("::") else out


_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry: control characters (ESC, BEL, ...) and lone surrogates become ``?``."""
    return _XML_INVALID.sub("?", text)


def h(text: object) -> str:
    """HTML-escaped text (quotes included, so it is safe in attributes too)."""
    return html.escape(str(text), quote=True)
