"""Documentation generated from the code: docs/rules.md is made from the rules' own docstrings."""

from __future__ import annotations

from tracer.rules import RULES


def rules_markdown() -> str:
    """The rule catalog as Markdown (a test keeps docs/rules.md equal to this)."""
    out = [
        "# Rules",
        "",
        "Generated from the rules' docstrings by `tracer rules --format markdown`; do not edit by hand.",
        "",
        "Severity follows the spec's status class where the rule says so: drift in a done spec is an error,",
        "the same gap in a planned spec is nothing or a warning, and retired (deprecated, superseded) documents",
        "are never checked. Select rules with `--select`/`--ignore` by code, prefix (`TR2`) or slug; change a",
        "severity with `[tool.tracer.severity]`; suppress one finding with `<!-- tracer: ignore TR201 -->` on the",
        "line before, `-- tracer: ignore TR302` inside SQL, or `tracer: {ignore: [TR104]}` in frontmatter.",
        "",
        "| code | slug | default severity | finds |",
        "|---|---|---|---|",
    ]
    for r in RULES:
        off = " (off by default)" if not r.enabled else ""
        out.append(f"| [{r.code}](#{r.code.lower()}-{r.slug}) | {r.slug} | {r.severity}{off} | {r.summary} |")
    for r in RULES:
        out += ["", f"## {r.code} {r.slug}", "", f"Default severity: **{r.severity}**"
                + ("" if r.enabled else " — off by default; enable with `--enable " + r.code + "`") + ".", ""]
        for section in ("What it finds", "Why it matters", "Example", "How to fix"):
            body = r.section(section)
            if body:
                out += [f"**{section}.**", "", body, ""]
        while out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"
