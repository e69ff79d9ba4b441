"""``tracer check --format github``: GitHub Actions workflow commands, escaped as the runner requires."""

from __future__ import annotations

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, CR and LF."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value: the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result) -> str:
    """One ``::error file=...,line=...,title=...::message`` line per finding, then a summary notice."""
    lines = []
    for f in result.findings:
        props = f"file={escape_property(f.path)},line={max(f.line, 1)},title={escape_property(f'{f.rule} {f.slug}')}"
        lines.append(f"::{_COMMAND[f.severity]} {props}::{escape_data(f.message)}")
    c = result.counts()
    summary = f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info"
    lines.append(f"::notice title=tracer::{escape_data(summary)}")
    return "\n".join(lines)
