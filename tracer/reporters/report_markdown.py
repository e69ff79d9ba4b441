"""``report.md``: headline, week-over-week change and top gaps for PR comments and $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from tracer.reporters.escape import md, md_code

SPARKS = "▁▂▃▄▅▆▇█"


def pct(value) -> str:
    """A ratio as a whole percentage, or an em dash when there is nothing to measure."""
    return "—" if value is None else f"{value * 100:.0f}%"


def delta(value) -> str:
    """A change in percentage points, signed."""
    if value is None:
        return "—"
    return "±0 pp" if value == 0 else f"{value:+.1f} pp"


def sparkline(values) -> str:
    """Text sparkline of ratios in [0, 1] (None shown as a space)."""
    return "".join(" " if v is None else SPARKS[min(int(v * (len(SPARKS) - 1) + 0.5), len(SPARKS) - 1)] for v in values)


def _verdict(view: dict) -> list[str]:
    v = view["verdict"]
    head = f"**{'Passes' if v['pass'] else 'Fails'}:** {md(v['summary'])}"
    if not v.get("configured"):
        head += " (no targets configured: the default is no error finding)"
    return [head]


def render(view: dict, *, top: int = 10) -> str:
    """The Markdown report; every piece of document text is escaped."""
    t = view["totals"]
    commit = f", commit {md_code(view['commit'][:10])}" if view.get("commit") else ""
    out = [f"## tracer coverage report — {md(view['repository'])}", "",
           f"Generated {view['generated_at'][:10]}{commit}."
           + (f" Change is against the snapshot of {view['changes']['since'][:10]}." if view["changes"]["since"] else
              " No snapshot a week or more older yet: changes appear from the next weekly run."), "",
           *_verdict(view), "",
           "| metric | now | | change | trend |", "|---|---:|---|---:|---|"]
    for hl in view["headline"]:
        series = [r.get(hl["key"]) for r in view["trend"]]
        frac = f"{hl['numerator']}/{hl['denominator']}" if hl["denominator"] else "nothing to measure"
        out.append(f"| {hl['label']} | {pct(hl['value'])} | {frac} | {delta(hl['delta_pp'])} | {sparkline(series)} |")
    ch = view["changes"]
    out += ["", f"**Drift:** {t['findings_error']} error(s), {t['findings_warning']} warning(s), {t['findings_info']} info"
            + (f" — {len(ch['findings_new'])} new, {len(ch['findings_fixed'])} fixed since then" if ch["since"] else ""), ""]
    if view["fix_first"]:
        out += ["### What to fix first", ""]
        out += [f"1. {md(f['severity'])}{' (new)' if f.get('new') else ''} {md(f['rule'])} "
                f"{md_code(f['path'] + ':' + str(f['line']))} {md(f['message'])}"
                for f in view["fix_first"][:top]]
        if len(view["findings"]) > top:
            out.append(f"\n… {len(view['findings']) - top} more in index.html")
        out.append("")
    gaps = view["gaps"]
    lines = [f"- Uncovered story {md_code(g['story'])} {md(g['title'])} (PRD {md_code(g['prd'])})" for g in gaps["uncovered_stories"]]
    for kind in ("files", "tables", "endpoints"):
        lines += [f"- Missing {kind[:-1]} {md_code(g['name'])} declared by {md_code(g['spec'])} ({md(g['status'])})"
                  for g in gaps[f"missing_{kind}"]]
    if lines:
        out += ["### Top gaps", ""] + lines[:top]
        if len(lines) > top:
            out.append(f"- … and {len(lines) - top} more (see index.html)")
        out.append("")
    if ch["since"] and any(ch[k] for k in ("stories_newly_covered", "stories_newly_uncovered", "findings_new", "findings_fixed")):
        out += [f"### Since {ch['since'][:10]}", ""]
        if ch["stories_newly_covered"]:
            out.append("- Newly covered: " + ", ".join(md_code(s) for s in ch["stories_newly_covered"]))
        if ch["stories_newly_uncovered"]:
            out.append("- No longer covered: " + ", ".join(md_code(s) for s in ch["stories_newly_uncovered"]))
        for f in ch["findings_new"][:top]:
            out.append(f"- New: {md(f['rule'])} {md(f['message'])} ({md_code(f['path'])})")
        for f in ch["findings_fixed"][:top]:
            out.append(f"- Fixed: {md(f['rule'])} {md_code(f['subject'])} ({md_code(f['path'])})")
        out.append("")
    from tracer.reporters.charts import worst_prds

    ranked = worst_prds(view["prds"])
    out += ["### Per PRD, lowest coverage first", "", "| PRD | status | stories covered | implementation | findings |",
            "|---|---|---:|---:|---:|"]
    for p in ranked[:50]:
        out.append(f"| {md(p['title'])} ({md_code(p['prd'], cell=True)}) | {md(p['status'] or '—')} | "
                   f"{p['stories_covered']}/{p['stories_total']} ({pct(p['story_coverage'])}) | "
                   f"{p['impl_present']}/{p['impl_declared']} ({pct(p['spec_implementation'])}) | {p['findings']} |")
    if len(ranked) > 50:
        out.append(f"\n… and {len(ranked) - 50} more PRDs in index.html")
    out += ["", "<sub>Definitions: story coverage = stories covered by a live spec / all stories; spec implementation = "
            "declared files, tables and endpoints of active and done specs that exist; code traceability = code files "
            "some spec declares; schema traceability = migrated tables some spec declares.</sub>", ""]
    return "\n".join(out)
