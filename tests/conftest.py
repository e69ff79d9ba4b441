"""Shared fixtures: temporary repositories on disk and the CLI run in-process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.builders import write_repo
from tracer.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_repo"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(capsys):
    """Run ``tracer ARGS`` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def make_repo(tmp_path):
    """Write a repository from a dict of files and return its path."""

    def make(files: dict[str, str | bytes], name: str = "repo") -> Path:
        root = tmp_path / name
        root.mkdir(exist_ok=True)
        return write_repo(root, files)

    return make


@pytest.fixture
def sample_copy(tmp_path):
    """A copy of sample_repo outside any git checkout (so results do not depend on this repo's history), without
    the state folder a local run may have left in it."""
    import shutil

    dest = tmp_path / "sample_repo"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns(".tracer"))
    return dest
