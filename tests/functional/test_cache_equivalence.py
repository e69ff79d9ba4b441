"""A warm run says exactly what a run without the cache says: on a generated corpus large enough to be parsed
by worker processes, and on sample_repo, after each kind of single-file change.

Every change below alters the findings, so a warm run that returned the previous run's results (a stale
entry, a stat index that missed the change, a key that ignored the path) would fail the comparison.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.builders import commit_all, git, git_init
from tests.conftest import ROOT
from tracer.api import analyse, check
from tracer.scanner.parsing import PARALLEL_MIN

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def findings(root: Path, cache: bool = True) -> list[dict]:
    return [f.to_dict() for f in check(analyse(root, {"cache": cache})).findings]


def age(root: Path) -> None:
    """Make every file a minute old, so that the stat index records it (files changed just now are never
    trusted by size and mtime alone)."""
    old = os.path.getmtime(root) - 60
    for p in root.rglob("*"):
        if p.is_file() and ".git" not in p.parts:
            os.utime(p, (old, old))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "repo"
    generate(root, 60)  # 600 documents, 360 code files, 360 migrations: parsed by workers when cold
    git_init(root)
    commit_all(root, "corpus", "2026-01-05T10:00:00")
    age(root)
    return root


def _edit_document(root: Path) -> None:
    p = sorted((root / "docs/specs/f00003").glob("*.md"))[1]
    text = p.read_text()
    p.write_text(text.replace("|------|---------|\n", "|------|---------|\n| `src/never/made.py` | New |\n", 1))


def _edit_migration(root: Path) -> None:
    p = sorted((root / "db/migrations").glob("00004_*.sql"))[0]
    p.write_text(p.read_text().replace("amount INTEGER", "total INTEGER", 1))


def _edit_code(root: Path) -> None:
    p = sorted((root / "src/f00005").glob("*.py"))[0]
    p.write_text(p.read_text().replace("@router.post(", "@router.put(", 1))


def _delete_file(root: Path) -> None:
    sorted((root / "src/f00006").glob("*.py"))[0].unlink()


def _rename_file(root: Path) -> None:
    src = sorted((root / "src/f00007").glob("*.py"))[0]
    git(root, "mv", str(src.relative_to(root)), str(src.with_name("moved.py").relative_to(root)))


CHANGES = {"document": _edit_document, "migration": _edit_migration, "code file": _edit_code,
           "deleted file": _delete_file, "renamed file": _rename_file}


def test_the_corpus_is_parsed_by_workers_when_cold(corpus):
    documents = len(list(corpus.rglob("*.md")))
    others = len(list((corpus / "src").rglob("*.py"))) + len(list((corpus / "db").rglob("*.sql")))
    assert documents + others >= PARALLEL_MIN  # else the tests below would not cover the worker path


@pytest.mark.parametrize("change", list(CHANGES))
def test_warm_equals_uncached_after_a_single_change(corpus, tmp_path, change):
    root = tmp_path / "repo"
    shutil.copytree(corpus, root, symlinks=True, copy_function=shutil.copy2)  # keeps mtimes: the stat index holds
    shutil.rmtree(root / ".tracer", ignore_errors=True)
    cold = findings(root)  # workers send their cache entries, decoded here
    assert findings(root, cache=False) == cold  # workers send their objects
    assert findings(root) == cold  # warm, nothing changed
    CHANGES[change](root)
    uncached = findings(root, cache=False)
    assert uncached != cold, f"the {change} changed no finding: the test would not see a stale result"
    assert findings(root) == uncached
    assert findings(root) == uncached  # and once the change is itself in the cache


def test_sample_repo_warm_equals_cold_equals_uncached(sample_copy):
    age(sample_copy)
    cold = findings(sample_copy)
    assert cold and findings(sample_copy) == cold == findings(sample_copy, cache=False)
