"""The listing: which files of a repository tracer sees, from git's list or from a walk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import commit_all, git, git_init, write_repo
from tracer.scanner.files import list_files

FILES = {
    "docs/a.prd.md": "# A\n",
    "sub/.tracer/cache/planted.prd.md": "# planted\n",  # tracer's state in a nested project
    ".tracer/kept.prd.md": "# planted at the top\n",
    "sub/.tracerx/near.md": "# a folder whose name only starts like tracer's\n",
    "sub/x.tracer/near.md": "# one whose name ends like it\n",
    "node_modules/pkg/readme.md": "# a dependency\n",
    "deep/build/out.md": "# build output\n",
}


@pytest.mark.parametrize("source", ["git", "walk"])
def test_tracer_state_is_never_listed_and_similar_names_are(tmp_path: Path, source: str):
    root = write_repo(tmp_path / "repo", FILES)
    if source == "git":
        git_init(root)
        git(root, "add", "-f", "-A")  # a pull request can commit .tracer/ and build output alike
        commit_all(root, "everything", "2026-01-05T10:00:00")
    listed = set(list_files(root).files)
    assert "docs/a.prd.md" in listed
    assert "sub/.tracerx/near.md" in listed and "sub/x.tracer/near.md" in listed
    assert not any(f.startswith(".tracer/") or "/.tracer/" in f for f in listed)
    # git's list is what the repository holds (tracked dependencies and build output included); a walk of a
    # folder that is not a checkout skips the usual tool and build folders at any depth
    walked = source == "walk"
    assert ("node_modules/pkg/readme.md" in listed) != walked
    assert ("deep/build/out.md" in listed) != walked
