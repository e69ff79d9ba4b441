"""``tracer check --format lines``: one ``path:line:column: severity RULE message [slug]`` line per finding,
the layout compilers and linters print (ruff's concise output, mypy's), which terminals and editors turn into
links to the place."""

from __future__ import annotations

import io

from tracer.reporters.escape import plain
from tracer.reporters.text import tail

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(result, *, color: bool = False, width: int = 120) -> str:
    """The findings one per line, then the summary; document text is printed literally."""
    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                      soft_wrap=True)
    for f in result.findings:
        line = Text(f"{plain(f.path)}:{max(f.line, 1)}:1: ", style="bold")
        line.append(f.severity, style=_STYLE[f.severity])
        line.append(f" {f.rule} ")
        line.append(plain(f.message))
        line.append(f" [{f.slug}]", style="dim")
        console.print(line)
    if result.findings:
        console.print()
    tail(console, result)
    return buf.getvalue()
