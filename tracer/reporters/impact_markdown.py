"""``tracer impact --format markdown``: a compact summary for a pull-request comment or the job summary."""

from __future__ import annotations

from tracer.reporters.escape import md, md_code


def _name(node: str) -> str:
    return node.partition(":")[2]


def render(result, graph) -> str:
    """Affected PRDs and stories first, then specs with their statuses, then the rest in collapsible details."""
    kinds = result.by_kind()
    lines = ["### tracer: impact of this change", ""]
    if not result.affected and not result.unresolved:
        lines.append("No PRD, story, spec, table, endpoint or file is linked to the changed paths.")
    if kinds["prd"] or kinds["story"] or kinds["requirement"]:
        lines += ["**Requirements touched**", ""]
        for n in kinds["prd"]:
            lines.append(f"- PRD {md_code(_name(n))} — {md(graph.nodes[n].get('label', ''))}")
        for n in kinds["story"] + kinds["requirement"]:
            lines.append(f"- {md_code(_name(n))} {md(graph.nodes[n].get('label', ''))}")
        lines.append("")
    if kinds["spec"]:
        lines += ["**Specs to review**", "", "| spec | status | how |", "|---|---|---|"]
        direct = {a.node: a for a in result.affected}
        for n in kinds["spec"]:
            a = direct[n]
            status = graph.nodes[n].get("status") or "—"
            how = "direct" if a.direct else f"indirect ({a.distance} hops)"
            lines.append(f"| {md_code(_name(n), cell=True)} | {md(status)} | {how} |")
        lines.append("")
    rest = [(k, kinds[k]) for k in ("table", "endpoint", "file") if kinds[k]]
    if rest:
        total = sum(len(v) for _, v in rest)
        lines += [f"<details><summary>{total} tables, endpoints and files go with it</summary>", ""]
        for k, nodes in rest:
            lines.append(f"- {k}s: " + ", ".join(md_code(_name(n)) for n in nodes))
        lines += ["", "</details>", ""]
    if result.unresolved:
        lines.append("Not linked to anything: " + ", ".join(md_code(t.input) for t in result.unresolved))
    return "\n".join(lines).rstrip() + "\n"
