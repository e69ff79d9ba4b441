"""The library's public entry points: each CLI command is one call here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracer.config import Config, has_config, load_config
from tracer.errors import TracerError
from tracer.rules.result import CheckResult

if TYPE_CHECKING:
    import networkx as nx

    from tracer.model import Project
    from tracer.model.links import Resolution
    from tracer.scanner import Plan
    from tracer.scanner.files import Listing
    from tracer.scanner.parsing import Progress


@dataclass(frozen=True)
class Analysis:
    """A repository with its configuration and file listing; it is scanned, resolved and graphed on first use
    of ``project``, ``resolution`` and ``graph`` (a check whose result is reused needs none of them, a graph
    reused needs no scan, and only the commands that walk the graph build it)."""

    root: Path
    config: Config
    listing: Listing
    notes: tuple[str, ...] = ()  # what the user should know about this run (a state folder not used, ...)
    progress: Progress | None = field(default=None, repr=False, compare=False)

    @cached_property
    def plan(self) -> Plan:
        """What the scan reads and how (the files sorted into kinds, the profiles, the parse settings)."""
        from tracer.scanner import plan

        return plan(self.root, self.config, self.listing)

    @cached_property
    def project(self) -> Project:
        from tracer.scanner import scan

        return scan(self.root, self.config, progress=self.progress, listing=self.listing, planned=self.plan)

    @cached_property
    def resolution(self) -> Resolution:
        from tracer.resolve import resolve

        return resolve(self.project)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        from tracer import result_cache

        graph = result_cache.load_graph(self)
        if graph is None:
            from tracer.graph import build_graph

            graph = build_graph(self.project, self.resolution)
            result_cache.store_graph(self, graph)
        return graph

    @cached_property
    def head_key(self) -> str:
        """The digest of what a run reads besides the files ("" when nothing may be reused)."""
        from tracer.result_cache import head_key

        return head_key(self)

    @cached_property
    def inputs_key(self) -> str:
        """The digest of everything a run on this repository reads ("" when nothing may be reused)."""
        from tracer.result_cache import inputs_key

        return inputs_key(self)


def repo_root(path: str | Path) -> Path:
    """The repository a folder is in: the nearest folder at or above it that holds tracer's configuration
    (``tracer.toml``, or ``pyproject.toml`` with ``[tool.tracer]``) or is a git top level; the folder itself
    when there is neither. A usage error when ``path`` is not a folder."""
    start = Path(path)
    if not start.exists():
        raise TracerError(f"path {str(path)!r} does not exist")
    if not start.is_dir():
        raise TracerError(f"path {str(path)!r} is not a folder")
    start = start.resolve()
    for folder in (start, *start.parents):
        if has_config(folder) or (folder / ".git").exists():
            return folder
    return start


def analyse(path: str | Path = ".", overrides: dict[str, Any] | None = None, *,
            config_file: str | Path | None = None, progress: Progress | None = None) -> Analysis:
    """Find the repository, load its configuration and list its files; the scan, the resolution of its links
    and its graph follow on first use (see ``Analysis``)."""
    from tracer.scanner.files import list_files

    root = repo_root(path)
    config = load_config(root, overrides, Path(config_file) if config_file else None)
    notes = []
    problem = state_problem(root)
    if problem and config.cache:
        config = replace(config, cache=False)
        notes.append(f"{problem}: its parse cache is neither read nor written")
    return Analysis(root=root, config=config, listing=list_files(root), notes=tuple(notes), progress=progress)


def state_problem(root: Path) -> str:
    """Why tracer's state folder ``.tracer/`` in the repository must not be used, or "": a pull request
    controls what is committed, so a committed cache or history could plant results, and a committed
    link could carry tracer's writes out of the repository."""
    from tracer.output import write_problem
    from tracer.scanner.git import tracked

    state = root / ".tracer"
    problem = write_problem(state, root)
    if problem:
        return problem.replace("; tracer does not write through links in the repository", "")
    if state.exists() and tracked(root, ".tracer"):
        return ".tracer/ is tracked by git"
    return ""


_SPECLIKE = ("prd", "spec", "requirement", "story", "stories", "task", "epic", "design", "feature", "plan")


def _speclike(path: str) -> tuple | None:
    """How much a file's name looks like a spec's, as a sort key (None: not at all): a PRD before a spec before
    a plan, then files outside hidden folders (an agent's skills and commands live in ``.claude/``,
    ``.agents/``), then the shallower, then by path."""
    name = path.lower().rsplit("/", 1)[-1]
    rank = next((i for i, word in enumerate(_SPECLIKE) if word in name), None)
    if rank is None:
        return None
    hidden = any(part.startswith(".") for part in path.split("/")[:-1])
    return rank, hidden, path.count("/"), path


def require_documents(analysis: Analysis) -> None:
    """A usage error when no document of a known format was found: a run that read nothing must not pass."""
    from tracer.model import DocKind

    docs = analysis.project.documents
    if any(d.kind not in (DocKind.OTHER,) for d in docs):
        return
    globs = ", ".join(analysis.config.docs)
    looks = sorted((d.path for d in docs if _speclike(d.path) is not None), key=_speclike)
    more = f" and {len(looks) - 5} more" if len(looks) > 5 else ""
    hint = f"; Markdown files that look like specs: {', '.join(looks[:5])}{more}" if looks else ""
    raise TracerError(
        f"no PRD, spec or story found in {analysis.root} (read {len(docs)} Markdown file(s) matching {globs}; "
        "a document is recognised by `type: prd|tech-spec|user-story` frontmatter, a *.prd.md / *.tech.md name, "
        f"or the layout of spec-kit, Kiro, BMAD or CCPM){hint}; set `docs` or `profile` in tracer.toml")


def check(analysis: Analysis, *, enable: tuple[str, ...] = (), only_paths: set[str] | None = None,
          debug: bool = False) -> CheckResult:
    """Run the drift rules over an analysed repository (a usage error when it holds no document to check).

    The result of the last check is reused when nothing it read has changed (``result_cache.py``)."""
    from tracer import result_cache

    result = None if debug else result_cache.load_result(analysis, enable)
    if result is None:
        from tracer.rules.engine import run_checks

        require_documents(analysis)
        result = run_checks(analysis.project, analysis.resolution, analysis.config, enable=enable, debug=debug)
        if not debug:
            result_cache.store_result(analysis, enable, result)
    # the whole result is what is kept: a run with --changed reuses it, whatever the paths
    return result if only_paths is None else result.restricted(only_paths)


def impact(analysis: Analysis, inputs: list[str], *, base: str | None = None, head: str = "HEAD",
           uncommitted: bool = False, direction: str = "auto", depth: int | None = None, cwd: Path | None = None):
    """Impact of the given targets and/or of the paths changed since ``base`` (renames followed)."""
    from tracer.impact import Target, impact as run_impact, path_index, resolve_target, with_base_links
    from tracer.scanner.git import changed_paths, merge_base

    if direction not in ("auto", "up", "down", "both"):
        raise TracerError(f"--direction must be auto, up, down or both, not {direction!r}")
    if depth is not None and depth < 1:
        raise TracerError("--depth must be at least 1")
    graph = analysis.graph
    changes = []
    if base is not None:
        changes = changed_paths(analysis.root, base, head, uncommitted=uncommitted)
        graph = with_base_links(graph, analysis.project, analysis.root, merge_base(analysis.root, base, head), changes,
                                analysis.config)
    paths = path_index(graph)
    targets: list[Target] = []
    for text in (t for t in inputs if t.strip()):
        if len(text) > 4096:
            raise TracerError(f"a target of {len(text)} characters is not a path, ID, table or endpoint")
        target = resolve_target(text, graph, analysis.root, paths, cwd)
        if not target.nodes:
            hint = f"; did you mean {', '.join(target.hints)}?" if target.hints else ""
            raise TracerError(f"{text!r} matches no document, story, file, table or endpoint{hint}")
        targets.append(target)
    words = {"A": "added", "M": "modified", "D": "deleted", "T": "type changed", "C": "copied"}
    for c in changes:
        if c.status == "R":  # one answer for both names: what pointed at the old path is what the move affects
            new, old = (resolve_target(p, graph, analysis.root, paths, hints=False) for p in (c.path, c.old_path))
            targets.append(Target(input=c.path, nodes=tuple(dict.fromkeys(new.nodes + old.nodes)),
                                  note=f"renamed from {c.old_path}", hints=new.hints))
        else:
            targets.append(resolve_target(c.path, graph, analysis.root, paths, note=words.get(c.status, c.status),
                                          hints=False))
    if not targets:
        raise TracerError("nothing to analyse: name a path, table:NAME, story ID or endpoint, or use --base / --files")
    from tracer.impact import column_mentions

    def mentions(table: str, column: str, candidates: set[str]) -> set[str]:
        return column_mentions(analysis.project, analysis.root, table, column, candidates)

    return run_impact(graph, targets, direction=direction, depth=depth, mentions=mentions)


def report(analysis: Analysis, out_dir: str | Path, *, history: str | Path | None = None, use_history: bool = True,
           backfill_weeks: int | None = None, now=None, debug: bool = False,
           fail_under: float | None = None) -> tuple[dict, list[Path]]:
    """Measure coverage, compare with and store into the history, and write the report folder.

    The charts' process starts first: it imports matplotlib while this one checks and measures."""
    from tracer.reporters.charts import Aside

    aside = Aside.start()
    try:
        return _report(analysis, out_dir, aside, history=history, use_history=use_history,
                       backfill_weeks=backfill_weeks, now=now, debug=debug, fail_under=fail_under)
    finally:
        if aside is not None:
            aside.close()


def _report(analysis: Analysis, out_dir: str | Path, aside, *, history, use_history, backfill_weeks, now, debug,
            fail_under) -> tuple[dict, list[Path]]:
    import datetime as dt

    from tracer import weekly as rep
    from tracer.snapshots import Snapshot, record
    from tracer.reporters import report_bundle

    now = now or dt.datetime.now(dt.timezone.utc)
    result = check(analysis, debug=debug)
    cov = rep.measure(analysis, result)
    from tracer.output import guard_write, inside

    hist_path = None
    if use_history:
        hist_path = Path(history) if history else analysis.root / analysis.config.history
        if not history and not inside(analysis.root / analysis.config.history, analysis.root):
            raise TracerError(f"`history` in {analysis.config.source} points outside the repository "
                              f"({analysis.config.history}); pass --history PATH on the command line instead")
        if not history and inside(hist_path, analysis.root / ".tracer") and state_problem(analysis.root):
            raise TracerError(f"the history cannot be kept in .tracer/: {state_problem(analysis.root)}; "
                              "pass --history PATH or --no-history")
        guard_write(hist_path, analysis.root, "history")
    guard_write(out_dir, analysis.root, "report")
    if backfill_weeks:
        if hist_path is None:
            raise TracerError("--backfill stores snapshots; it cannot be combined with --no-history")

        def measure_tree(path: Path):
            a = analyse(path)
            r = check(a)
            return rep.measure(a, r), r

        rep.backfill(analysis.root, hist_path, backfill_weeks, now, rep.load_history(hist_path), measure_tree)
    notes: list[str] = []
    past = [s for s in rep.load_history(hist_path, notes) if s.taken_at <= now]
    previous = rep.baseline_for(past, now, analysis.config.compare_days)
    data = rep.snapshot_data(cov, result)
    commit = analysis.project.git.head
    current = Snapshot(id=0, taken_at=now, commit=commit, source="run", totals=data.totals, prds=data.prds,
                       stories={s: c for s, _, c in data.stories}, findings={})
    from tracer.scanner.git import browse_url

    targets = dict(analysis.config.targets)
    if fail_under is not None:
        targets["story_coverage"] = fail_under
    view = rep.build_view(repo_name=analysis.root.name, commit=commit, now=now, cov=cov, check=result,
                          previous=previous, trend=rep.weekly_trend(past + [current]), targets=targets,
                          status_of={d.path: d.status_class.value for d in analysis.project.documents},
                          file_url=browse_url(analysis.root, commit, analysis.config.repo_url))
    view["notes"] = notes
    files = report_bundle.write(view, Path(out_dir), aside)
    if hist_path is not None:
        record(hist_path, taken_at=now, commit=commit, source="run", version=view["tracer_version"], totals=data.totals,
               prds=data.prds, stories=data.stories, findings=data.findings)
    return view, files


def fixes(result: CheckResult, *, rules: tuple[str, ...] = ("TR207",)) -> list:
    """The edits the findings of ``rules`` carry (a renamed path's new place), in file and line order."""
    return sorted((f.fix for f in result.findings if f.rule in rules and f.fix is not None),
                  key=lambda x: (x.path, x.line, -x.column))


def apply_fixes(analysis: Analysis, edits: list, *, write: bool) -> tuple[str, list[str]]:
    """A unified diff of ``edits`` applied to the documents and, with ``write``, the files rewritten (atomically;
    a line that no longer holds the old text is left alone). Only regular files inside the repository."""
    import difflib

    from tracer.output import write_atomic, write_problem
    from tracer.scanner.text import RootGuard, read_text

    guard = RootGuard(analysis.root)
    by_path: dict[str, list] = {}
    for e in edits:
        by_path.setdefault(e.path, []).append(e)
    diff, written = [], []
    for path, mine in sorted(by_path.items()):
        target = analysis.root / path
        if write_problem(target, analysis.root) or not target.is_file():
            continue
        ft = read_text(analysis.root, path, analysis.config.max_file_bytes, guard)
        if ft.fatal or ft.problem:
            continue
        lines = ft.text.split("\n")
        changed = list(lines)
        for e in mine:  # right to left within a line, so earlier columns stay valid
            i, c = e.line - 1, e.column - 1
            if 0 <= i < len(changed) and changed[i][c:c + len(e.old)] == e.old:
                changed[i] = changed[i][:c] + e.new + changed[i][c + len(e.old):]
        if changed == lines:
            continue
        diff += difflib.unified_diff([x + "\n" for x in lines], [x + "\n" for x in changed], f"a/{path}", f"b/{path}")
        if write:
            write_atomic(target, "\n".join(changed))
            written.append(path)
    return "".join(diff), written