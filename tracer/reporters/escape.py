"""Escaping document text for the formats people read: Markdown (PR comments) and HTML."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def md(text: str) -> str:
    """Text that Markdown renders literally: no HTML, links, images, emphasis or table breaks."""
    text = " ".join(str(text).split())  # no line breaks: they would end a table row or a list item
    text = html.escape(text, quote=False)  # <script>, <img> and friends stay text
    return _MD_SPECIAL.sub(r"\\\1", text).replace("://", ":&#47;&#47;")  # no autolinks either


def md_code(text: str) -> str:
    """Inline code that cannot be closed early by backticks in ``text``."""
    text = " ".join(str(text).split()).replace("`", "'")
    return f"`{text}`"


def h(text: object) -> str:
    """HTML-escaped text (quotes included, so it is safe in attributes too)."""
    return html.escape(str(text), quote=True)
