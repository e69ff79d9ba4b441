"""Renamed paths read from real git history: every commit that deleted a missing path is shown by one git call,
with the same answer as showing each on its own, also when git cannot show one of them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.builders import commit_all, git, git_init
from tracer.scanner import git as git_history
from tracer.scanner.git import _parse_name_status, _shown, follow, renamed


def _history(root: Path) -> list[str]:
    """Five commits after the first, each renaming files (one file twice, one file also edited)."""
    git_init(root)
    for name in ("a", "b", "c", "d", "e"):
        (root / f"{name}.py").write_text("".join(f"line {i} of {name}\n" for i in range(40)))
    (root / "keep.py").write_text("x = 1\n")
    commit_all(root, "start", "2026-01-01T10:00:00")
    steps = [("a.py", "src/a.py"), ("b.py", "lib/b.py"), ("src/a.py", "pkg/a.py"), ("c.py", "c2.py"), ("d.py", "x/d.py")]
    for day, (old, new) in enumerate(steps, start=2):
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        git(root, "mv", old, new)
        if new == "c2.py":
            (root / new).write_text((root / new).read_text() + "one more line\n")
        commit_all(root, f"move {old}", f"2026-01-{day:02d}T10:00:00")
    return git(root, "rev-list", "HEAD").split()


def _one_by_one(root: Path, commits: list[str]) -> dict:
    out = {}
    for c in commits:
        try:
            out[c] = _parse_name_status(git(root, "show", "-M", "--name-status", "--format=", "-z", "--relative", c,
                                            "--", ".").encode())
        except subprocess.CalledProcessError:  # git cannot show it
            continue
    return out


def test_one_git_call_shows_each_commit_as_it_shows_alone(tmp_path):
    commits = _history(tmp_path)
    shown, complete = _shown(tmp_path, commits)
    assert complete and shown == _one_by_one(tmp_path, commits)
    moves, complete = renamed(tmp_path, ["a.py", "b.py", "c.py", "d.py", "e.py"])
    assert complete
    # a.py moved twice: the place it moved to is looked up in turn
    assert {old: new for old, (new, _) in moves.items()} == {
        "a.py": "src/a.py", "src/a.py": "pkg/a.py", "b.py": "lib/b.py", "c.py": "c2.py", "d.py": "x/d.py"}
    assert moves["c.py"][1] == git(tmp_path, "log", "-1", "--format=%h", "--abbrev=9", "--grep=move c.py").strip()
    last = git(tmp_path, "log", "-1", "--format=%h", "--abbrev=9", "--grep=move src/a.py").strip()
    assert follow(moves, "a.py", {"pkg/a.py"}) == ("pkg/a.py", last)
    assert follow(moves, "a.py", {"src/a.py", "pkg/a.py"})[0] == "src/a.py"  # a file there again ends the chain
    assert follow(moves, "e.py", {"e.py"}) is None
    # asked together, a path and the place it moved to are each found (rename detection across the paths asked
    # would pair the second move's deletion with the first move's addition and hide it)
    both, _ = renamed(tmp_path, ["a.py", "src/a.py"])
    assert {old: new for old, (new, _) in both.items()} == {"a.py": "src/a.py", "src/a.py": "pkg/a.py"}


def test_missing_paths_searched_a_few_at_a_time_get_the_same_answer(tmp_path, monkeypatch):
    """The history is walked once per group of missing paths, and each path's newest move wins: an older commit
    that a walk for another path lists first (it moved both) does not decide where the path went."""
    git_init(tmp_path)
    for name in ("a_q", "z_p"):
        (tmp_path / f"{name}.py").write_text("".join(f"line {i} of {name}\n" for i in range(40)))
    commit_all(tmp_path, "start", "2026-01-01T10:00:00")
    steps = [[("a_q.py", "a_q2.py"), ("z_p.py", "z_p1.py")], [("z_p1.py", "z_p.py")], [("z_p.py", "z_p2.py")]]
    for day, moves in enumerate(steps, start=2):
        for old, new in moves:
            git(tmp_path, "mv", old, new)
        commit_all(tmp_path, f"step {day}", f"2026-01-{day:02d}T10:00:00")
    whole, complete = renamed(tmp_path, ["a_q.py", "z_p.py"])
    assert complete and whole["z_p.py"][0] == "z_p2.py" and whole["a_q.py"][0] == "a_q2.py"
    monkeypatch.setattr(git_history, "PATHSPECS_PER_CALL", 1)
    monkeypatch.setattr(git_history, "COMMITS_PER_CALL", 1)
    assert renamed(tmp_path, ["a_q.py", "z_p.py"]) == (whole, True)


def test_the_places_files_moved_to_are_looked_up_within_a_budget(tmp_path, monkeypatch):
    """The paths a chain of moves passes through are looked up in turn, but no more of them in all than a run
    looks up: a history that moves files again and again costs a bounded number of walks."""
    _history(tmp_path)
    monkeypatch.setattr(git_history, "MAX_RENAME_LOOKUPS", 0)
    moves, complete = renamed(tmp_path, ["a.py"])
    assert complete and moves == {"a.py": ("src/a.py", moves["a.py"][1])}  # src/a.py is not looked up
    monkeypatch.setattr(git_history, "MAX_RENAME_LOOKUPS", 1)
    assert renamed(tmp_path, ["a.py"])[0]["src/a.py"][0] == "pkg/a.py"


def test_a_commit_git_cannot_show_leaves_the_others_to_be_shown_one_by_one(tmp_path):
    """A commit whose tree is missing (a damaged clone) stops git's one call for all of them: the commits it did
    not finish are asked alone, and those git can show still count."""
    commits = _history(tmp_path)
    # the commit that moved b.py loses its tree: it and the next one (whose parent it is) cannot be shown
    broken = git(tmp_path, "log", "--format=%H", "--grep=move b.py").strip()
    tree = git(tmp_path, "rev-parse", f"{broken}^{{tree}}").strip()
    (tmp_path / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    shown, complete = _shown(tmp_path, commits)
    expected = _one_by_one(tmp_path, commits)
    assert not complete and broken not in shown and shown == expected
    assert any(change.status == "R" for c in shown for change in shown[c])  # the others' renames are still read
    moves, complete = renamed(tmp_path, ["a.py", "b.py", "c.py", "d.py"])
    assert not complete and moves == {}  # here the walk of the history itself fails: nothing, and said so
