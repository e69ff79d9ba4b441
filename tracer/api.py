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
