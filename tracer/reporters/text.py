"""``tracer check`` for people: findings grouped by document, coloured on a terminal, one summary line."""

from __future__ import annotations

import io
from itertools import groupby

from tracer.reporters.escape import plain

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(result, *, color: bool = False, width: int = 120) -> str:
    """The findings as text; document text is printed literally (never interpreted as markup)."""
    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                      soft_wrap=True)
    for path, items in groupby(result.findings, key=lambda f: f.path):
        console.print(Text(plain(path), style="bold underline"))
        for f in items:
            line = Text("  ")
            line.append(f"{f.line:>4}", style="dim")
            line.append("  ")
            line.append(f"{f.severity:<7}", style=_STYLE[f.severity])
            line.append(f" {f.rule} ", style="bold")
            line.append(plain(f.message))
            line.append(f"  [{f.slug}]", style="dim")
            console.print(line)
        console.print()
    tail(console, result)
    return buf.getvalue()


def tail(console, result) -> None:
    """Notes, stale baseline entries and the one summary line every text layout ends with."""
    from rich.text import Text

    for note in result.notes:
        console.print(Text(f"note: {plain(note)}", style="dim"))
    for entry in result.baseline_unmatched:
        console.print(Text(plain(f"baseline: entry {entry.get('rule', '')} {entry.get('path', '')} "
                                 f"{entry.get('subject', '')!r} no longer matches; remove it from the baseline"),
                           style="dim"))
    c = result.counts()
    total = sum(c.values())
    parts = [f"{c['error']} error(s)", f"{c['warning']} warning(s)", f"{c['info']} info"]
    extra = []
    if result.suppressed:
        extra.append(f"{result.suppressed} suppressed")
    if result.baseline_matched:
        extra.append(f"{result.baseline_matched} in baseline")
    summary = ("No findings" if total == 0 else f"{total} finding(s): " + ", ".join(parts))
    if extra:
        summary += " (" + ", ".join(extra) + ")"
    console.print(Text(summary, style="bold red" if c["error"] else "bold green" if total == 0 else "bold yellow"))
