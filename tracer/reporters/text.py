"""``tracer check`` for people: findings grouped by document, coloured on a terminal, one summary line.

Info findings are hints: past the first ``INFO_SHOWN`` of one rule in a document, one line says how many more
there are (a document whose declared files all changed since it was last edited would otherwise bury its
warnings under a hundred TR501 lines); ``--format lines`` and ``json`` list every one."""

from __future__ import annotations

import io
from collections import Counter
from itertools import groupby

from tracer.reporters.escape import plain

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
INFO_SHOWN = 3  # info findings of one rule shown per document before "and N more"


def render(result, *, color: bool = False, width: int = 120) -> str:
    """The findings as text; document text is printed literally (never interpreted as markup)."""
    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                      soft_wrap=True)
    for path, group in groupby(result.findings, key=lambda f: f.path):
        console.print(Text(plain(path), style="bold underline"))
        items = list(group)
        info = Counter(f.rule for f in items if f.severity == "info")
        shown: Counter = Counter()
        for f in items:
            if f.severity == "info" and info[f.rule] > INFO_SHOWN:
                shown[f.rule] += 1
                if shown[f.rule] > INFO_SHOWN:
                    if shown[f.rule] == INFO_SHOWN + 1:
                        more = Text("  ")
                        more.append(f"{'':>4}  {'info':<7} {f.rule} and {info[f.rule] - INFO_SHOWN} more like these "
                                    "(--format lines lists each)", style="dim")
                        console.print(more)
                    continue
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
