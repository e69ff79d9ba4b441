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
.badge.unknown { background: #fee2e2; color: #991b1b; } .badge.new { background: #ffedd5; color: #9a3412; }
.yes { color: var(--ok); font-weight: 600; } .no { color: var(--bad); font-weight: 600; }
.sev-error { color: var(--bad); } .sev-warning { color: var(--warn); } .sev-info { color: #0891b2; }
details { border-top: 1px solid var(--line); padding: 8px 0; }
details summary { cursor: pointer; font-weight: 600; }
details ul { margin: 6px 0 6px 18px; padding: 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; background: #f3f4f6; padding: 0 3px; border-radius: 3px; }
footer { color: var(--muted); font-size: 13px; }
dl { display: grid; grid-template-columns: 200px 1fr; gap: 4px 16px; margin: 0; }
dt { font-weight: 600; }
.scroll { overflow-x: auto; max-width: 100%; }
td, li, dd, p { overflow-wrap: anywhere; }
.verdict { border-radius: 8px; padding: 14px 18px; margin: 0 0 20px; font-size: 17px; font-weight: 600; }
.verdict.pass { background: #dcfce7; color: #166534; border: 1px solid #86efac; }
.verdict.fail { background: #fee2e2; color: #991b1b; border: 1px solid #fca5a5; }
.verdict ul { margin: 6px 0 0 18px; padding: 0; font-size: 14px; font-weight: 400; }
.more { color: var(--muted); font-size: 13px; }
nav.pages a { margin-right: 8px; }
a { color: #1d4ed8; }
@media (max-width: 640px) {
  header { padding: 14px 16px; } header h1 { font-size: 18px; }
  main { padding: 14px 10px 32px; }
  section { padding: 12px 12px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .card .value { font-size: 24px; }
  dl { grid-template-columns: 1fr; }
  table { font-size: 13px; }
}
"""


PAGE = 500  # findings per page of findings/


def _slug(text: str) -> str:
    """A file name for a PRD's page: its ID reduced to safe characters, made unique by the caller."""
    import re

    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:80] or "prd"


def prd_pages(view: dict) -> dict[str, str]:
    """PRD ID -> the file of its page (``prd/<slug>.html``), unique even when IDs differ only in odd characters."""
    out, used = {}, set()
    for p in view["prds"]:
        base = _slug(str(p["prd"]))
        name, n = base, 2
        while name.lower() in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name.lower())
        out[p["prd"]] = f"prd/{name}.html"
    return out


def _where(view: dict, path: str, line, up: str = "") -> str:
    """``path:line``, linked to the file at the report's commit when the repository is on a known forge."""
    text = f"<code>{h(path)}:{h(line)}</code>"
    if view.get("file_url") and path:
        from urllib.parse import quote

        url = view["file_url"].replace("{path}", quote(path.encode("utf-8", "surrogateescape"))).replace("{line}", str(line))
        return f'<a href="{h(url)}">{text}</a>'
    return text


def _rule(code: str, slug: str, up: str = "") -> str:
    return f'<a href="{up}rules.html#{h(code.lower())}-{h(slug)}"><code>{h(code)}</code></a>'


def _code_spans(text: str) -> str:
    """Escaped text whose `backticked` parts are code (the methodology is written that way)."""
    parts = str(text).split("`")
    return "".join(f"<code>{h(p)}</code>" if i % 2 else h(p) for i, p in enumerate(parts))


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


def _verdict(view: dict) -> str:
    v = view["verdict"]
    story = next((x for x in view["headline"] if x["key"] == "story_coverage"), None)
    change = ""
    if story and story["delta_pp"] is not None:
        change = f" · story coverage {h(delta(story['delta_pp']))} since last week"
    checks = "".join(f"<li>{'✓' if c['met'] else '✗'} {h(c['label'])}: {h('—' if c['value'] is None else c['value'])} "
                     f"(target {'at most' if c['metric'].startswith('max_') else 'at least'} {h(format(c['target'], 'g'))}"
                     f"{'' if c['metric'].startswith('max_') else '%'})</li>" for c in v["checks"])
    word = "Passes" if v["pass"] else "Fails"
    how = "" if v.get("configured") else " (no targets configured: the default is no error finding)"
    return (f'<div class="verdict {"pass" if v["pass"] else "fail"}" id="verdict">{word}: {h(v["summary"])}{h(how)}'
            f'{change}<ul>{checks}</ul></div>')


def _fix_first(view: dict, up: str = "") -> str:
    items = view["fix_first"]
    if not items:
        return "<p>Nothing to fix: no findings.</p>"
    rows = "".join(f"<tr><td class='sev-{h(f['severity'])}'>{h(f['severity'])}</td><td>{_rule(f['rule'], f['slug'], up)}</td>"
                   f"<td>{_where(view, f['path'], f['line'])} {_badge(f.get('status_class') or '', f.get('status_class') or '')}"
                   f"{' ' + _badge('new', 'new') if f.get('new') else ''}"
                   f"</td><td>{h(f['message'])}</td></tr>" for f in items)
    total = len(view["findings"])
    more = (f"<p class='more'>The first {len(items)} of {total} findings, errors first, in finished documents first, new ones first; "
            f"<a href='{up}findings/1.html'>all findings</a>.</p>") if total > len(items) else ""
    return (f"<div class='scroll'><table><tr><th>severity</th><th>rule</th><th>where</th><th>what</th></tr>{rows}</table></div>"
            + more)


def _gaps(view: dict) -> str:
    g = view["gaps"]
    rows = [f"<tr><td>uncovered story</td><td><code>{h(x['story'])}</code> {h(x['title'])}</td>"
            f"<td>{_where(view, x['path'], x['line'])}</td></tr>" for x in g["uncovered_stories"]]
    for kind in ("files", "tables", "endpoints"):
        rows += [f"<tr><td>missing {kind[:-1]}</td><td><code>{h(x.get('written') or x['name'])}</code></td>"
                 f"<td>{_where(view, x['spec'], x['line'])} {_badge(x['status'], '')}</td></tr>"
                 for x in g[f"missing_{kind}"]]
    if not rows:
        return "<p>No gaps: every story of an active or done PRD is covered and everything built specs declare exists.</p>"
    more = f"<p class='more'>The first 50 of {len(rows)} gaps; each PRD's page lists its own.</p>" if len(rows) > 50 else ""
    return ("<div class='scroll'><table><tr><th>gap</th><th>what</th><th>declared in</th></tr>" + "".join(rows[:50])
            + "</table></div>" + more)


def _per_prd(view: dict) -> str:
    from tracer.reporters.charts import worst_prds

    pages = prd_pages(view)
    ranked = worst_prds(view["prds"])
    rows = []
    for p in ranked[:50]:
        rows.append(f"<tr><td><a href='{h(pages[p['prd']])}'>{h(p['title'])}</a><br><code>{h(p['path'])}</code></td>"
                    f"<td>{_badge(p['status'], p['status_class'])}</td>"
                    f"<td class='num'>{p['stories_covered']}/{p['stories_total']}</td><td class='num'>{pct(p['story_coverage'])}</td>"
                    f"<td class='num'>{p['impl_present']}/{p['impl_declared']}</td><td class='num'>{pct(p['spec_implementation'])}</td>"
                    f"<td class='num'>{p['open_questions']}</td><td class='num'>{p['findings']}</td></tr>")
    rest = ""
    if len(ranked) > 50:
        links = "".join(f"<li><a href='{h(pages[p['prd']])}'>{h(p['title'])}</a> {pct(p['story_coverage'])}</li>"
                        for p in ranked[50:])
        rest = f"<details><summary>The other {len(ranked) - 50} PRDs</summary><ul>{links}</ul></details>"
    return ("<div class='scroll'><table><tr><th>PRD (lowest coverage first)</th><th>status</th><th class='num'>stories covered</th>"
            "<th class='num'>%</th><th class='num'>built</th><th class='num'>%</th><th class='num'>open questions</th>"
            "<th class='num'>findings</th></tr>" + "".join(rows) + "</table></div>" + rest)


def _drift(view: dict) -> str:
    rows = [f"<tr><td>{_rule(r['rule'], r['slug'])} {h(r['slug'])}</td><td class='num sev-error'>{r['error']}</td>"
            f"<td class='num sev-warning'>{r['warning']}</td><td class='num sev-info'>{r['info']}</td></tr>"
            for r in view["drift"]["by_rule"]]
    table = ("<div class='scroll'><table><tr><th>rule</th><th class='num'>errors</th><th class='num'>warnings</th>"
             "<th class='num'>info</th></tr>" + "".join(rows) + "</table></div>") if rows else "<p>No findings.</p>"
    n = len(view["findings"])
    pages = -(-n // PAGE)
    links = " ".join(f"<a href='findings/{i}.html'>{i}</a>" for i in range(1, pages + 1))
    return table + (f"<p>All {n} findings: <nav class='pages'>{links}</nav></p>" if n else "")


def _finding_items(view: dict, findings: list, up: str) -> str:
    return "".join(f"<li><span class='sev-{h(f['severity'])}'>{h(f['severity'])}</span> {_rule(f['rule'], f['slug'], up)} "
                   f"{_where(view, f['path'], f['line'])} {h(f['message'])}</li>" for f in findings)


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
    more = f"<p class='more'>The first 50 of {len(items)} changes; report.json has them all.</p>" if len(items) > 50 else ""
    return head + (f"<ul>{''.join(items[:50])}</ul>{more}" if items else "<p>No stories or findings changed.</p>")


def _prd_page(view: dict, p: dict, findings: list) -> str:
    """One PRD's page: its stories, its specs with what they declare, and its findings."""
    stories = "".join(
        f"<li><span class='{'yes' if s['covered'] else 'no'}'>{'✓' if s['covered'] else '✗'}</span> <code>{h(s['story'])}</code> "
        f"{h(s['title'])}" + (" — " + ", ".join(f"<code>{h(x)}</code>" for x in s["specs"]) if s["specs"] else "") + "</li>"
        for s in p["stories"])
    specs = []
    for sp in p["specs"]:
        arts = "".join(f"<li><span class='{'yes' if a['present'] else 'no'}'>{'present' if a['present'] else 'missing'}</span> "
                       f"{h(a['kind'])} <code>{h(a.get('written') or a['name'])}</code> ({h(a['intent'])})</li>"
                       for a in sp["artifacts"])
        specs.append(f"<li>{_where(view, sp['path'], 1)} {h(sp['title'])} {_badge(sp['status'], sp['status_class'])}"
                     f" covers {h(', '.join(sp['covers']) or '—')}<ul>{arts}</ul></li>")
    body = (f"<section id='drill'><h2>{h(p['title'])} {_badge(p['status'], p['status_class'])}</h2>"
            f"<p>{_where(view, p['path'], 1)}</p><h3>Stories</h3><ul>{stories or '<li>none</li>'}</ul>"
            f"<h3>Specs</h3><ul>{''.join(specs) or '<li>none</li>'}</ul></section>"
            f"<section id='findings'><h2>Findings in its documents</h2>"
            f"{'<ul>' + _finding_items(view, findings, '../') + '</ul>' if findings else '<p>None.</p>'}</section>")
    return _page(view, f"{p['title']} — PRD", body, up="../")


def _findings_page(view: dict, page: int, pages: int) -> str:
    chunk = view["findings"][(page - 1) * PAGE: page * PAGE]
    nav = " ".join(f"<a href='{i}.html'>{i}</a>" if i != page else f"<b>{i}</b>" for i in range(1, pages + 1))
    body = (f"<section><h2>Findings {(page - 1) * PAGE + 1}–{(page - 1) * PAGE + len(chunk)} of {len(view['findings'])}</h2>"
            f"<nav class='pages'>{nav}</nav><ul>{_finding_items(view, chunk, '../')}</ul></section>")
    return _page(view, f"Findings, page {page}", body, up="../")


def _rules_page(view: dict) -> str:
    from tracer.rules import RULES

    body = "".join(f"<section id='{h(r.code.lower())}-{h(r.slug)}'><h2>{h(r.code)} {h(r.slug)} "
                   f"<span class='badge'>{h(r.severity)}</span></h2><pre style='white-space:pre-wrap'>{h(r.doc)}</pre></section>"
                   for r in RULES)
    return _page(view, "Rules", body)


def _html(title: str, header: str, main: str) -> str:
    """A whole page: the head every page shares (no script, images only as data URIs), then header and main."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{title}</title>
<style>{CSS}</style>
</head>
<body>
<header>{header}</header>
<main>
{main}
</main>
</body>
</html>
"""


def _page(view: dict, title: str, body: str, up: str = "") -> str:
    return _html(f"{h(title)} — {h(view['repository'])}",
                 f'<h1>{h(title)}</h1><p><a style="color:#d1d5db" href="{up}index.html">← coverage report of '
                 f"{h(view['repository'])}</a></p>", body)


def pages(view: dict) -> dict[str, str]:
    """Every page besides index.html: a page per PRD, the findings in pages of 500, the rules' documentation."""
    out = {"rules.html": _rules_page(view)}
    by_path: dict[str, list] = {}
    for f in view["findings"]:
        by_path.setdefault(f["path"], []).append(f)
    names = prd_pages(view)
    rows: dict[str, dict] = {}
    for r in view["prds"]:
        rows.setdefault(r["prd"], r)
    for p in view["drill"]:
        paths = {p["path"]} | {sp["path"] for sp in p["specs"]}
        mine = [f for path in sorted(paths) for f in by_path.get(path, [])]
        row = rows.get(p["prd"])
        if row is not None:
            out[names[p["prd"]]] = _prd_page(view, {**p, "title": row["title"]}, mine)
    count = -(-len(view["findings"]) // PAGE)
    for i in range(1, count + 1):
        out[f"findings/{i}.html"] = _findings_page(view, i, count)
    return out


def render(view: dict, charts: dict[str, bytes]) -> str:
    """index.html; ``charts`` maps chart names to PNG bytes. The details are on the pages of ``pages``."""
    meta = f"{h(view['generated_at'][:10])}" + (f" · commit <code>{h(view['commit'][:10])}</code>" if view["commit"] else "")
    methodology = "".join(f"<dt>{h(m['name'])}</dt><dd>{_code_spans(m['definition'])}</dd>" for m in view["methodology"])
    return _html(f"tracer coverage report — {h(view['repository'])}",
                 f"<h1>Coverage report — {h(view['repository'])}</h1><p>{meta} · tracer {h(view['tracer_version'])}</p>",
                 f"""{_verdict(view)}
{_cards(view)}
<section id="fix"><h2>What to fix first</h2>{_fix_first(view)}</section>
<section id="trend"><h2>Trend</h2>{_img(charts['trend'], 'Coverage trend over the stored weeks')}</section>
<section id="prds"><h2>Coverage per PRD</h2>{_img(charts['coverage_by_prd'], 'Coverage of the PRDs with the lowest coverage')}{_per_prd(view)}</section>
<section id="changes"><h2>Changes since last week</h2>{_changes(view)}</section>
<section id="gaps"><h2>Top gaps</h2>{_gaps(view)}</section>
<section id="drift"><h2>Drift by rule</h2>{_img(charts['drift_by_rule'], 'Drift findings by rule')}{_drift(view)}</section>
<section id="methodology"><h2>Methodology</h2><dl>{methodology}</dl></section>
<footer>Generated by tracer from the documents and code of this repository. Everything here is computed from files;
the schema is a static replay of the migration files and the models. Each PRD has its own page, with its stories,
specs and findings; <a href="rules.html">the rules</a> say what each finding means.</footer>""")
