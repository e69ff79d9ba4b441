"""The library's public entry points: each CLI command is one call here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from tracer.config import Config, load_config
from tracer.errors import TracerError
from tracer.graph import build_graph
from tracer.model import Project
from tracer.rules.engine import CheckResult, run_checks
from tracer.scanner import Progress, scan


@dataclass(frozen=True, slots=True)
class Analysis:
    """A scanned repository with its configuration and graph."""

    root: Path
    config: Config
    project: Project
    graph: nx.MultiDiGraph


def repo_root(path: str | Path) -> Path:
    """The repository folder to scan; a usage error when it is not a folder."""
    root = Path(path)
    if not root.exists():
        raise TracerError(f"path {str(path)!r} does not exist")
    if not root.is_dir():
        raise TracerError(f"path {str(path)!r} is not a folder")
    return root.resolve()


def analyse(path: str | Path = ".", overrides: dict[str, Any] | None = None, *,
            config_file: str | Path | None = None, progress: Progress | None = None) -> Analysis:
    """Load the configuration, scan the repository and build its graph."""
    root = repo_root(path)
    config = load_config(root, overrides, Path(config_file) if config_file else None)
    project = scan(root, config, progress=progress)
    return Analysis(root=root, config=config, project=project, graph=build_graph(project))


def check(analysis: Analysis, *, enable: tuple[str, ...] = (), only_paths: set[str] | None = None,
          debug: bool = False) -> CheckResult:
    """Run the drift rules over an analysed repository."""
    return run_checks(analysis.project, analysis.graph, analysis.config, enable=enable,
                      only_paths=only_paths, debug=debug)


def impact(analysis: Analysis, inputs: list[str], *, base: str | None = None, head: str = "HEAD",
           uncommitted: bool = False, direction: str = "both", depth: int | None = None, cwd: Path | None = None):
    """Impact of the given targets and/or of the paths changed since ``base`` (renames followed)."""
    from tracer.impact import Target, _path_index, impact as run_impact, resolve_target
    from tracer.scanner.git import changed_paths

    if direction not in ("up", "down", "both"):
        raise TracerError(f"--direction must be up, down or both, not {direction!r}")
    if depth is not None and depth < 1:
        raise TracerError("--depth must be at least 1")
    paths = _path_index(analysis.graph)
    targets: list[Target] = [resolve_target(t, analysis.graph, analysis.root, paths, cwd) for t in inputs if t.strip()]
    if base is not None:
        words = {"A": "added", "M": "modified", "D": "deleted", "T": "type changed", "C": "copied"}
        for c in changed_paths(analysis.root, base, head, uncommitted=uncommitted):
            if c.status == "R":
                targets.append(resolve_target(c.path, analysis.graph, analysis.root, paths, note=f"renamed from {c.old_path}"))
                targets.append(resolve_target(c.old_path, analysis.graph, analysis.root, paths, note=f"renamed to {c.path}"))
            else:
                targets.append(resolve_target(c.path, analysis.graph, analysis.root, paths, note=words.get(c.status, c.status)))
    if not targets:
        raise TracerError("nothing to analyse: name a path, table:NAME, story ID or endpoint, or use --base / --files")
    return run_impact(analysis.graph, targets, direction=direction, depth=depth)
