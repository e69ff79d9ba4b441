"""``index.html``: one self-contained page (inline CSS, charts as data URIs, no script, no network).

Everything that comes from documents goes through ``h()``; the page has no JavaScript at all, so document
text can only ever be text.
"""

from __future__ import annotations

import base64

from tracer.reporters.escape import h
from tracer.reporters.report_markdown import delta, pct, sparkline

CSS = """
:root { --fg:#111827; --muted:#6b7280; --line:#e5e7eb; --ok:#16a34a; --bad:#dc2626; --warn:#d97706; --bg:#f9fafb; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0; background: var(--bg); }
header { background: #111827; color: #f9fafb; padding: 20px 32px; }
header h1 { margin: 0; font-size: 22px; }
header p { margin: 4px 0 0; color: #d1d5db; }
header code { background: #374151; color: #f9fafb; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; }
h2 { font-size: 18px; margin: 0 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 14px; margin-bottom: 20px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 30px; font-weight: 700; }
.card .sub { font-size: 13px; color: var(--muted); }
.up { color: var(--ok); } .down { color: var(--bad); } .flat { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
img.chart { max-width: 100%; height: auto; display: block; margin: 4px auto; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; background: #eef2ff; color: #3730a3; }
.badge.done { background: #dcfce7; color: #166534; } .badge.retired { background: #f3f4f6; color: #4b5563; }
.badge.active { background: #dbeafe; color: #1e40af; } .badge.planned { background: #fef9c3; color: #854d0e; }
.badge.unknown { background: #fee2e2; color: #991b1b; }
.yes { color: var(--ok); font-weight: 600; } .no { color: var(--bad); font-weight: 600; }
.sev-error { color: var(--bad); } .sev-warning { color: var(--warn); } .sev-info { color: #0891b2; }
details { border-top: 1px solid var(--line); padding: 8px 0; }
details summary { cursor: pointer; font-weight: 600; }
details ul { margin: 6px 0 6px 18px; padding: 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; background: #f3f4f6; padding: 0 3px; border-radius: 3px; }
footer { color: var(--muted); font-size: 13px; }
dl { display: grid; grid-template-columns: 200px 1fr; gap: 4px 16px; margin: 0; }
dt { font-weight: 600; }
"""


def _img(png: bytes, alt: str) -> str:
    return f'<img class="chart" alt="{h(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _delta_class(value) -> str:
    if value is None or value == 0:
        return "flat"
    return "up" if value > 0 else "down"


def _badge(word: str, cls: str) -> str:
    return f'<span class="badge {h(cls)}">{h(word or "—")}</span>'


def _cards(view: dict) -> str:
    out = ['<div class="cards" id="headline">']
    for hl in view["headline"]:
        frac = f"{hl['numerator']} of {hl['denominator']}" if hl["denominator"] else "nothing to measure"
        since = "since last week" if view["changes"]["since"] else "no earlier snapshot"
        out.append(f'<div class="card" data-metric="{h(hl["key"])}"><div class="label">{h(hl["label"])}</div>'
                   f'<div class="value">{pct(hl["value"])}</div><div class="sub">{h(frac)}</div>'
                   f'<div class="sub {_delta_class(hl["delta_pp"])}">{h(delta(hl["delta_pp"]))} {since} '
                   f'<span title="trend">{h(sparkline([r.get(hl["key"]) for r in view["trend"]]))}</span></div></div>')
    sev = view["drift"]["by_severity"]
    out.append(f'<div class="card" data-metric="drift"><div class="label">Drift findings</div>'
               f'<div class="value">{sev["error"] + sev["warning"] + sev["info"]}</div>'
               f'<div class="sub"><span class="sev-error">{sev["error"]} errors</span>, '
               f'<span class="sev-warning">{sev["warning"]} warnings</span>, {sev["info"]} info</div></div>')
    out.append("</div>")
    return "\n".join(out)


def _gaps(view: dict) -> str:
    g = view["gaps"]
    rows = [f"<tr><td>uncovered story</td><td><code>{h(x['story'])}</code> {h(x['title'])}</td>"
            f"<td><code>{h(x['path'])}:{x['line']}</code></td></tr>" for x in g["uncovered_stories"]]
    for kind in ("files", "tables", "endpoints"):
        rows += [f"<tr><td>missing {kind[:-1]}</td><td><code>{h(x['name'])}</code></td>"
                 f"<td><code>{h(x['spec'])}:{x['line']}</code> {_badge(x['status'], '')}</td></tr>"
                 for x in g[f"missing_{kind}"]]
    if not rows:
        return "<p>No gaps: every story of an active or done PRD is covered and everything built specs declare exists.</p>"
    return "<table><tr><th>gap</th><th>what</th><th>declared in</th></tr>" + "".join(rows) + "</table>"


def _per_prd(view: dict) -> str:
    rows = []
    for p in view["prds"]:
        rows.append(f"<tr><td>{h(p['title'])}<br><code>{h(p['path'])}</code></td><td>{_badge(p['status'], p['status_class'])}</td>"
                    f"<td class='num'>{p['stories_covered']}/{p['stories_total']}</td><td class='num'>{pct(p['story_coverage'])}</td>"
                    f"<td class='num'>{p['impl_present']}/{p['impl_declared']}</td><td class='num'>{pct(p['spec_implementation'])}</td>"
                    f"<td class='num'>{p['open_questions']}</td><td class='num'>{p['findings']}</td></tr>")
    return ("<table><tr><th>PRD</th><th>status</th><th class='num'>stories covered</th><th class='num'>%</th>"
            "<th class='num'>built</th><th class='num'>%</th><th class='num'>open questions</th><th class='num'>findings</th></tr>"
            + "".join(rows) + "</table>")


def _drift(view: dict) -> str:
    rows = [f"<tr><td><code>{h(r['rule'])}</code> {h(r['slug'])}</td><td class='num sev-error'>{r['error']}</td>"
            f"<td class='num sev-warning'>{r['warning']}</td><td class='num sev-info'>{r['info']}</td></tr>"
            for r in view["drift"]["by_rule"]]
    table = ("<table><tr><th>rule</th><th class='num'>errors</th><th class='num'>warnings</th><th class='num'>info</th></tr>"
             + "".join(rows) + "</table>") if rows else "<p>No findings.</p>"
    findings = "".join(f"<li><span class='sev-{h(f['severity'])}'>{h(f['severity'])}</span> <code>{h(f['rule'])}</code> "
                       f"<code>{h(f['path'])}:{f['line']}</code> {h(f['message'])}</li>" for f in view["findings"])
    return table + (f"<details><summary>All {len(view['findings'])} findings</summary><ul>{findings}</ul></details>" if findings else "")


def _changes(view: dict) -> str:
    ch = view["changes"]
    if not ch["since"]:
        return "<p>No snapshot a week or more older yet; changes appear from the next weekly run (or use <code>--backfill 12w</code>).</p>"
    items = []
    items += [f"<li class='up'>newly covered <code>{h(s)}</code></li>" for s in ch["stories_newly_covered"]]
    items += [f"<li class='down'>no longer covered <code>{h(s)}</code></li>" for s in ch["stories_newly_uncovered"]]
    items += [f"<li class='down'>new {h(f['rule'])}: {h(f['message'])} <code>{h(f['path'])}</code></li>" for f in ch["findings_new"]]
    items += [f"<li class='up'>fixed {h(f['rule'])} <code>{h(f['subject'])}</code> in <code>{h(f['path'])}</code></li>"
              for f in ch["findings_fixed"]]
    head = f"<p>Compared with the snapshot of {h(ch['since'][:10])}" + (f" (commit <code>{h(ch['since_commit'][:10])}</code>)" if ch["since_commit"] else "") + ".</p>"
    return head + (f"<ul>{''.join(items)}</ul>" if items else "<p>No stories or findings changed.</p>")


def _drill(view: dict) -> str:
    out = []
    for p in view["drill"]:
        stories = "".join(
            f"<li><span class='{'yes' if s['covered'] else 'no'}'>{'✓' if s['covered'] else '✗'}</span> <code>{h(s['story'])}</code> "
            f"{h(s['title'])}" + (" — " + ", ".join(f"<code>{h(x)}</code>" for x in s["specs"]) if s["specs"] else "") + "</li>"
            for s in p["stories"])
        specs = []
        for sp in p["specs"]:
            arts = "".join(f"<li><span class='{'yes' if a['present'] else 'no'}'>{'present' if a['present'] else 'missing'}</span> "
                           f"{h(a['kind'])} <code>{h(a['name'])}</code> ({h(a['intent'])})</li>" for a in sp["artifacts"])
            specs.append(f"<li><code>{h(sp['path'])}</code> {h(sp['title'])} {_badge(sp['status'], sp['status_class'])}"
                         f" covers {h(', '.join(sp['covers']) or '—')}<ul>{arts}</ul></li>")
        out.append(f"<details><summary>{h(p['title'])} {_badge(p['status'], p['status_class'])}</summary>"
                   f"<p>Stories</p><ul>{stories}</ul><p>Specs</p><ul>{''.join(specs) or '<li>none</li>'}</ul></details>")
    return "".join(out) or "<p>No PRDs.</p>"


def render(view: dict, charts: dict[str, bytes]) -> str:
    """The page; ``charts`` maps chart names to PNG bytes."""
    meta = f"{h(view['generated_at'][:10])}" + (f" · commit <code>{h(view['commit'][:10])}</code>" if view["commit"] else "")
    methodology = "".join(f"<dt>{h(m['name'])}</dt><dd>{h(m['definition'])}</dd>" for m in view["methodology"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>tracer coverage report — {h(view['repository'])}</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>Coverage report — {h(view['repository'])}</h1><p>{meta} · tracer {h(view['tracer_version'])}</p></header>
<main>
{_cards(view)}
<section id="trend"><h2>Trend</h2>{_img(charts['trend'], 'Coverage trend over the stored weeks')}</section>
<section id="prds"><h2>Coverage per PRD</h2>{_img(charts['coverage_by_prd'], 'Coverage per PRD')}{_per_prd(view)}</section>
<section id="changes"><h2>Changes since last week</h2>{_changes(view)}</section>
<section id="gaps"><h2>Top gaps</h2>{_gaps(view)}</section>
<section id="drift"><h2>Drift by rule</h2>{_img(charts['drift_by_rule'], 'Drift findings by rule')}{_drift(view)}</section>
<section id="drill"><h2>PRDs, stories, specs and what they declare</h2>{_drill(view)}</section>
<section id="methodology"><h2>Methodology</h2><dl>{methodology}</dl></section>
<footer>Generated by tracer from the documents and code of this repository. Everything here is computed from files;
the schema is a static replay of the migration files.</footer>
</main>
</body>
</html>
"""
