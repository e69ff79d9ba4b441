"""``tracer report``: coverage now, compared with the stored history, as plain view data for the reporters."""

from __future__ import annotations

import datetime as dt
import io
import re
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tracer import __version__
from tracer.coverage import HEADLINE, RATIOS, Coverage, compute
from tracer.errors import TracerError
from tracer.snapshots import Snapshot, baseline_for, iso, record, snapshots, weekly_trend
from tracer.rules.context import Context
from tracer.rules.engine import CheckResult
from tracer.scanner.git import git

VERSION = 1
LABELS = {
    "story_coverage": "Story coverage",
    "spec_implementation": "Spec implementation",
    "code_traceability": "Code traceability",
    "schema_traceability": "Schema traceability",
    "requirement_coverage": "Requirement coverage",
}
METHODOLOGY = [
    ("Story coverage", "Stories covered by at least one live (non-retired) spec, over all stories of live PRDs."),
    ("Spec implementation", "For specs past planned (active or done): declared files present, tables present in the "
     "migrated schema and endpoints served by a route, over everything those specs declare."),
    ("Requirement coverage", "Requirements (FR/NFR/SC, acceptance criteria) covered by a live spec or task, or "
     "traced to by a covered story, over all requirements of live PRDs (formats that have them)."),
    ("Code traceability", "Code files declared by at least one spec (Files to Create / Modify), over all code files."),
    ("Schema traceability", "Tables of the migrated schema that some document's SQL declares, over all such tables."),
    ("Spec quality", "Template sections present over expected; open questions still unchecked; Testing Strategy "
     "checkboxes done over all."),
    ("Drift", "Findings of `tracer check` by rule and severity."),
    ("Migrated schema", "A static replay of the repository's migration files in path order, not a live database."),
    ("Change", "Differences are in percentage points against the latest snapshot at least a week older."),
]


@dataclass(frozen=True, slots=True)
class SnapshotData:
    """What one snapshot stores, derived from coverage and findings."""

    totals: dict
    prds: dict
    stories: list
    findings: list


def snapshot_data(cov: Coverage, check: CheckResult) -> SnapshotData:
    """The rows a snapshot keeps: totals, per-PRD metrics, story states, finding fingerprints."""
    prds = {}
    for row in cov.prds.to_dict(orient="records"):
        prds[row["prd"]] = {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()
                            if k not in ("path", "title", "status", "status_class")}
    stories = [(r["story"], r["prd"], bool(r["covered"])) for r in cov.stories.to_dict(orient="records")]
    findings = [(f.fingerprint, f.rule, f.path, f.subject) for f in check.findings]
    return SnapshotData(totals=cov.totals, prds=prds, stories=stories, findings=findings)


def _clean(value):
    """JSON-safe values (NaN -> None, numpy scalars -> Python)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # most of a large view: returned at once
        return value
    if kind is dict:
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


TARGET_LABELS = {**LABELS, "section_completeness": "Section completeness", "max_errors": "Errors",
                 "max_warnings": "Warnings"}
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_STATUS_RANK = {"done": 0, "active": 1, "unknown": 2, "planned": 3, "retired": 4}
# rules that read git history: a backfilled snapshot (a tree without history) could not have found them
_HISTORY_RULES = {"TR501", "TR207"}


def verdict(totals: dict, targets: dict[str, float]) -> dict:
    """Pass or fail against the targets (percent for metrics, counts for ``max_errors`` / ``max_warnings``)."""
    checks = []
    for metric, target in sorted(targets.items()):
        if metric.startswith("max_"):
            value = totals.get(f"findings_{metric[4:-1]}", 0)
            met = value <= target
        else:
            ratio_value = totals.get(metric)
            value = None if ratio_value is None else round(ratio_value * 100, 1)
            met = value is None or value >= target  # nothing to measure is not a failure
        checks.append({"metric": metric, "label": TARGET_LABELS.get(metric, metric), "target": target,
                       "value": value, "met": met})
    failed = [c for c in checks if not c["met"]]
    summary = ("meets every target" if not failed else
               "misses " + ", ".join(f"{c['label'].lower()} ({c['value']} against {c['target']:g})" for c in failed))
    return {"pass": not failed, "checks": checks, "summary": summary}


def fix_first(check: CheckResult, status_of: dict[str, str], new: set[str] | None = None, limit: int = 25) -> list[dict]:
    """The findings to fix first: errors before warnings (info last), in done documents before active ones
    before planned ones, newest first (what appeared since the last report before what was already there),
    then by rule, document and line. ``new``: fingerprints of findings the last report did not have (None:
    no earlier report, so none is marked new)."""
    fresh = new or set()
    ranked = sorted(check.findings, key=lambda f: (_SEVERITY_RANK.get(f.severity, 3),
                                                   _STATUS_RANK.get(status_of.get(f.path, "unknown"), 2),
                                                   f.fingerprint not in fresh, f.rule, f.path, f.line))
    return [{**f.to_dict(), "status_class": status_of.get(f.path, ""), "new": f.fingerprint in fresh}
            for f in ranked[:limit]]


def build_view(*, repo_name: str, commit: str, now: dt.datetime, cov: Coverage, check: CheckResult,
               previous: Snapshot | None, trend: list[Snapshot], targets: dict[str, float] | None = None,
               status_of: dict[str, str] | None = None, file_url: str = "") -> dict:
    """The report as plain data: everything index.html, report.md, the CSV and report.json show.

    ``targets`` are what the verdict judges (``max_errors = 0`` when none are configured); ``status_of``
    maps documents to their status class (the order of what to fix first); ``file_url`` links a path and
    line to the file at this commit (``{path}`` and ``{line}`` in it), "" for no links."""
    headline = []
    keys = HEADLINE + (("requirement_coverage",) if cov.totals.get("requirements_total") else ())
    for key in keys:
        value = cov.totals.get(key)
        before = previous.totals.get(key) if previous else None
        delta = None if value is None or before is None else round((value - before) * 100, 1)
        headline.append({"key": key, "label": LABELS[key], "value": value, "previous": before, "delta_pp": delta,
                         "numerator": cov.totals.get(RATIOS[key][0]), "denominator": cov.totals.get(RATIOS[key][1])})
    changes: dict = {"since": iso(previous.taken_at) if previous else None, "since_commit": previous.commit if previous else ""}
    story_now = {r["story"]: bool(r["covered"]) for r in cov.stories.to_dict(orient="records")}
    if previous:
        changes["stories_newly_covered"] = sorted(s for s, c in story_now.items() if c and not previous.stories.get(s, False))
        changes["stories_newly_uncovered"] = sorted(s for s, c in story_now.items() if not c and previous.stories.get(s, False))
        now_fp = {f.fingerprint: f for f in check.findings}
        blind = _HISTORY_RULES if previous.source == "backfill" else set()
        changes["findings_new"] = [f.to_dict() for fp, f in now_fp.items()
                                   if fp not in previous.findings and f.rule not in blind]
        changes["findings_fixed"] = [{"fingerprint": fp, "rule": r, "path": p, "subject": s}
                                     for fp, (r, p, s) in sorted(previous.findings.items(), key=lambda x: x[1])
                                     if fp not in now_fp]
    else:
        changes.update(stories_newly_covered=[], stories_newly_uncovered=[], findings_new=[], findings_fixed=[])
    new_fps = {f["fingerprint"] for f in changes["findings_new"]} if previous else None
    trend_rows = [{"taken_at": iso(s.taken_at), "commit": s.commit, "source": s.source,
                   **{k: s.totals.get(k) for k in keys}} for s in trend]
    return _clean({
        "version": VERSION,
        "tracer_version": __version__,
        "generated_at": iso(now),
        "repository": repo_name,
        "commit": commit,
        "totals": cov.totals,
        "headline": headline,
        "prds": cov.prds.to_dict(orient="records"),
        "stories": cov.stories.to_dict(orient="records"),
        "gaps": cov.gaps,
        "drift": cov.drift,
        "findings": [f.to_dict() for f in check.findings],
        "changes": changes,
        "trend": trend_rows,
        "drill": cov.drill,
        "methodology": [{"name": n, "definition": d} for n, d in METHODOLOGY],
        "verdict": {**verdict(cov.totals, dict(targets) if targets else {"max_errors": 0.0}), "configured": bool(targets)},
        "fix_first": fix_first(check, status_of or {}, new_fps),
        "file_url": file_url,
    })


def parse_period(text: str) -> int:
    """``12w`` -> 12 weeks, ``90d`` -> 13 weeks, ``8`` -> 8 weeks."""
    m = re.fullmatch(r"(?<!\s)\s*+(\d++)\s*+([wd]?)\s*+", (text or "")[:100])
    if not m:
        raise TracerError(f"--backfill takes a number of weeks such as 12w (or days such as 90d), not {text!r}")
    n = int(m.group(1))
    weeks = -(-n // 7) if m.group(2) == "d" else n
    if not 1 <= weeks <= 520:
        raise TracerError("--backfill must be between 1 and 520 weeks")
    return weeks


def _extract(root: Path, commit: str, dest: Path) -> None:
    """Write the repository folder's tree at ``commit`` into ``dest`` (the work tree is never touched)."""
    prefix = git(root, "rev-parse", "--show-prefix")
    tree = f"{commit}:{prefix.stdout.decode().strip()}" if prefix and prefix.returncode == 0 else commit
    res = git(root, "archive", "--format=tar", tree, timeout=600)
    if res is None or res.returncode != 0:
        raise TracerError(f"git archive failed for {commit[:12]}")
    def safe(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
        """The "data" filter, a refused member (an absolute link, a link out, a device) skipped, not fatal."""
        try:
            return tarfile.data_filter(member, path)
        except tarfile.FilterError:
            return None

    with tarfile.open(fileobj=io.BytesIO(res.stdout)) as tar:
        tar.extractall(dest, filter=safe)


def backfill(root: Path, history: Path, weeks: int, now: dt.datetime, existing: list[Snapshot], analyse_tree) -> int:
    """Store a snapshot for each of the last ``weeks`` weeks that has none, from git; returns how many were added.

    ``analyse_tree(path) -> (Coverage, CheckResult)`` measures one extracted tree.
    """
    from tracer.scanner.git import git_info

    if not git_info(root).is_repo:
        raise TracerError(f"{root} is not a git checkout; --backfill reads the history")
    added = 0
    for k in range(weeks, 0, -1):
        when = now - dt.timedelta(weeks=k)
        if any(abs((s.taken_at - when).total_seconds()) < 3.5 * 86400 for s in existing):
            continue
        res = git(root, "rev-list", "-1", f"--before={iso(when)}", "HEAD")
        commit = res.stdout.decode().strip() if res and res.returncode == 0 else ""
        if not commit:
            continue  # the repository did not exist yet
        with tempfile.TemporaryDirectory(prefix="tracer-backfill-") as tmp:
            _extract(root, commit, Path(tmp))
            cov, check = analyse_tree(Path(tmp))
        data = snapshot_data(cov, check)
        record(history, taken_at=when, commit=commit, source="backfill", version=__version__, totals=data.totals,
               prds=data.prds, stories=data.stories, findings=data.findings)
        added += 1
    return added


def measure(analysis, check_result: CheckResult) -> Coverage:
    """Coverage for an analysed repository."""
    return compute(Context(analysis.project, analysis.resolution, analysis.config.statuses_dict()),
                   check_result)


def load_history(history: Path | None, notes: list[str] | None = None) -> list[Snapshot]:
    """Snapshots at ``history`` (none when history is off); damaged rows are skipped and said in ``notes``."""
    return snapshots(history, notes) if history else []


__all__ = ["build_view", "backfill", "parse_period", "snapshot_data", "measure", "load_history", "weekly_trend",
           "baseline_for", "record"]
