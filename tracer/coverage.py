"""Coverage metrics, computed with pandas: one row per PRD plus a total, one row per story, and the gaps.

Definitions (also in the report's methodology footer and docs/coverage.md):

- story coverage: stories covered by at least one live (non-retired) spec / all stories;
- requirement coverage: requirements (FR/NFR/SC, acceptance criteria) covered by a spec or task, or traced to
  by a covered story / all requirements (formats that have them);
- spec implementation: for specs past planned (active or done), declared files present + tables present
  in the migrated schema + endpoints served by a route, over everything they declare;
- code traceability: code files declared by at least one live spec / all code files;
- schema traceability: tables of the migrated schema that some document's SQL declares / all such tables;
- spec quality: template sections present / expected (for templates that name their sections), open questions
  still unchecked, testing-strategy
  checkboxes done / all;
- drift: findings of ``tracer check`` by rule and severity.

Retired PRDs and specs are left out of every ratio.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

from tracer.model import DocKind, StatusClass
from tracer.rules.context import Context
from tracer.rules.engine import CheckResult

RATIOS = {
    "story_coverage": ("stories_covered", "stories_total"),
    "requirement_coverage": ("requirements_covered", "requirements_total"),
    "spec_implementation": ("impl_present", "impl_declared"),
    "code_traceability": ("code_files_traced", "code_files"),
    "schema_traceability": ("schema_tables_declared", "schema_tables"),
    "section_completeness": ("sections_present", "sections_expected"),
    "tests_checked": ("tests_done", "tests_total"),
}
HEADLINE = ("story_coverage", "spec_implementation", "code_traceability", "schema_traceability")


def ratio(num: float, den: float) -> float | None:
    """num / den, or None when there is nothing to measure."""
    return None if not den else float(num) / float(den)


@dataclass(frozen=True)
class Coverage:
    """The metrics of one repository state."""

    prds: pd.DataFrame  # one row per live PRD
    stories: pd.DataFrame  # one row per story of a live PRD
    totals: dict
    gaps: dict
    drill: list = field(default_factory=list)  # per PRD: stories -> specs -> artifacts
    drift: dict = field(default_factory=dict)


def _spec_artifacts(ctx: Context, spec) -> list[dict]:
    """Everything a spec declares (files, tables it creates, endpoints), each with whether the repository has it."""
    return [{"kind": a.kind, "name": a.name, "intent": a.intent, "present": a.present, "line": a.line,
             "written": a.raw.strip("`*") if a.kind == "endpoint" and a.raw else a.name}
            for a in ctx.res.artifacts_of(spec.path)
            if not a.unsafe and (a.kind != "table" or a.intent == "create")]


def compute(ctx: Context, check: CheckResult | None = None) -> Coverage:
    """All metrics for the project behind ``ctx``; ``check`` adds the drift counts."""
    project = ctx.project
    prds = [d for d in project.documents if d.kind == DocKind.PRD and d.status_class != StatusClass.RETIRED]
    specs_by_prd = defaultdict(list)
    for spec in ctx.specs:
        specs_by_prd[ctx.res.prd_of.get(spec.path, "")].append(spec)
    findings_by_path = Counter(f.path for f in (check.findings if check else ()))
    # a declared thing is a "missing" gap only where a finding says so (a planned file is not missing)
    flagged = {(f.path, f.line) for f in (check.findings if check else ())
               if f.rule in ("TR201", "TR207", "TR301", "TR401") and f.severity in ("error", "warning")}

    prd_rows, story_rows, drill = [], [], []
    gaps = {"uncovered_stories": [], "missing_files": [], "missing_tables": [], "missing_endpoints": []}
    for prd in prds:
        specs = specs_by_prd.get(prd.path, [])
        owned = ctx.res.stories_of(prd.path)
        row = {"prd": prd.id, "path": prd.path, "title": prd.title, "status": prd.status,
               "status_class": prd.status_class.value,
               "stories_total": sum(1 for s in owned if s.kind == "story"), "stories_covered": 0,
               "requirements_total": sum(1 for s in owned if s.kind == "requirement"), "requirements_covered": 0,
               "specs": len(specs), "impl_declared": 0, "impl_present": 0, "files_declared": 0, "files_present": 0,
               "tables_declared": 0, "tables_present": 0, "endpoints_declared": 0, "endpoints_present": 0,
               "sections_present": 0, "sections_expected": 0, "open_questions": 0, "tests_done": 0, "tests_total": 0,
               "findings": findings_by_path.get(prd.path, 0)}
        prd_drill = {"prd": prd.id, "path": prd.path, "title": prd.title, "status": prd.status,
                     "status_class": prd.status_class.value, "stories": [], "specs": []}
        for s in owned:
            by = list(ctx.res.covering_specs((prd.path, s.id)))
            row["stories_covered" if s.kind == "story" else "requirements_covered"] += bool(by)
            story_rows.append({"prd": prd.id, "story": s.id, "kind": s.kind, "title": s.title, "covered": bool(by),
                               "specs": ", ".join(by), "path": prd.path, "line": s.line})
            prd_drill["stories"].append({"story": s.id, "kind": s.kind, "title": s.title, "covered": bool(by), "specs": by,
                                         "line": s.line})
            if not by and s.kind == "story" and prd.status_class in (StatusClass.ACTIVE, StatusClass.DONE):
                gaps["uncovered_stories"].append({"story": s.id, "title": s.title, "prd": prd.id, "path": prd.path,
                                                  "line": s.line})
        for spec in sorted(specs, key=lambda d: d.path):
            arts = _spec_artifacts(ctx, spec)
            row["sections_present"] += len(spec.expected_sections) - len(spec.missing_sections())
            row["sections_expected"] += len(spec.expected_sections)
            row["open_questions"] += spec.open_questions
            row["tests_done"] += spec.tests_done
            row["tests_total"] += spec.tests_total
            row["findings"] += findings_by_path.get(spec.path, 0)
            built = spec.status_class in (StatusClass.ACTIVE, StatusClass.DONE)
            if built:
                for a in arts:
                    row[f"{a['kind']}s_declared"] += 1
                    row[f"{a['kind']}s_present"] += int(a["present"])
                    if not a["present"] and (check is None or (spec.path, a["line"]) in flagged):
                        gaps[f"missing_{a['kind']}s"].append({"name": a["name"], "written": a["written"],
                                                              "spec": spec.path, "line": a["line"],
                                                              "status": spec.status, "prd": prd.id})
            prd_drill["specs"].append({"path": spec.path, "title": spec.title, "status": spec.status,
                                       "status_class": spec.status_class.value, "covers": [c.story_id for c in spec.covers],
                                       "artifacts": arts, "findings": findings_by_path.get(spec.path, 0)})
        row["impl_declared"] = row["files_declared"] + row["tables_declared"] + row["endpoints_declared"]
        row["impl_present"] = row["files_present"] + row["tables_present"] + row["endpoints_present"]
        prd_rows.append(row)
        drill.append(prd_drill)

    columns = list(prd_rows[0]) if prd_rows else ["prd", "path", "title", "status", "status_class", "stories_total",
                                                  "stories_covered", "specs", "impl_declared", "impl_present"]
    prd_df = pd.DataFrame(prd_rows, columns=columns)
    for name, (num, den) in RATIOS.items():
        if num in prd_df and den in prd_df:
            prd_df[name] = [ratio(n, d) for n, d in zip(prd_df[num], prd_df[den])]
    story_df = pd.DataFrame(story_rows, columns=["prd", "story", "kind", "title", "covered", "specs", "path", "line"])

    sums = {k: int(prd_df[k].sum()) for k in prd_df.columns if k not in ("prd", "path", "title", "status", "status_class")
            and k not in RATIOS and pd.api.types.is_numeric_dtype(prd_df[k])}
    live = [a for a in ctx.res.every_artifact() if a.live and not a.unsafe]
    declared = {a.name for a in live if a.kind == "file"}
    sql_tables = {a.name for a in live if a.kind == "table"}
    sums["code_files"] = len(project.code_files)
    sums["code_files_traced"] = sum(1 for c in project.code_files if c.path in declared)
    sums["schema_tables"] = len(project.schema.tables)
    sums["schema_tables_declared"] = sum(1 for t in project.schema.tables if t.name in sql_tables)
    sums["prds"] = len(prds)
    sums["specs_total"] = len(ctx.specs)
    sums.pop("findings", None)  # per-PRD attribution; the totals carry findings by severity instead
    totals = dict(sums)
    for name, (num, den) in RATIOS.items():
        totals[name] = ratio(totals.get(num, 0), totals.get(den, 0))
    by_rule: dict[str, dict] = {}
    for f in (check.findings if check else ()):
        entry = by_rule.setdefault(f.rule, {"rule": f.rule, "slug": f.slug, "error": 0, "warning": 0, "info": 0})
        entry[f.severity] += 1
    counts = check.counts() if check else {"error": 0, "warning": 0, "info": 0}
    totals.update({f"findings_{k}": v for k, v in counts.items()})
    drift = {"by_rule": [by_rule[k] for k in sorted(by_rule)], "by_severity": counts}
    return Coverage(prds=prd_df, stories=story_df, totals=totals, gaps=gaps, drill=drill, drift=drift)
