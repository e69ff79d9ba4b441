"""``tracer impact`` for people: a tree per target, each line with the edges that led there."""

from __future__ import annotations

import io

from tracer.reporters.escape import plain

_LABEL = {"prd": "PRD ", "table": "table ", "migration": "migration "}


def label(node: str) -> str:
    """How a node is named in text: paths for documents and files, IDs for stories, 'PRD x' for PRDs."""
    kind, _, rest = node.partition(":")
    return plain(f"{_LABEL.get(kind, '')}{rest}")


def render(result, *, color: bool = False, width: int = 140) -> str:
    """Each target's own answer, grouped by kind, in aligned columns; indirect impact marked with its hop count."""
    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, soft_wrap=True)
    width = max((len(a.kind) for answer in result.answers for a in answer), default=4) + 2
    for t, items in zip(result.targets, result.answers):
        note = f" ({t.note})" if t.note else ""
        console.print(Text(plain(f"{t.input}{note}"), style="bold") + Text(f"  [{', '.join(label(n) for n in t.nodes)}]", style="dim"))
        if not items:
            console.print(Text("  no document declares it and nothing is linked to it", style="dim"))
        for a in items:
            chain = Text("  ")
            chain.append(f"{a.kind:<{width}}", style="cyan")
            chain.append(label(a.node), style="bold" if a.direct else "")
            path = label(a.via[0]) + "".join(f" —{w}→ {label(n)}" for w, n in zip(a.edges, a.via[1:]))
            chain.append("   " + path, style="dim")
            if not a.direct:
                chain.append(f"  (indirect, {a.distance} hop{'s' if a.distance != 1 else ''})", style="yellow")
            console.print(chain)
        console.print()
    for t in result.unresolved:
        hint = f"; did you mean {', '.join(t.hints)}?" if t.hints else ""
        note = f" ({t.note})" if t.note else ""
        console.print(Text(plain(f"unresolved: {t.input}{note} is not in the graph{hint}"), style="yellow"))
    kinds = result.by_kind()
    plural = {"story": "stories"}
    summary = ", ".join(f"{len(v)} {k if len(v) == 1 else plural.get(k, k + 's')}" for k, v in kinds.items() if v) or "nothing"
    console.print(Text(f"Affected: {summary}", style="bold"))
    return buf.getvalue()
