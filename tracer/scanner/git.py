"""Talking to git: always with an argument list (never a shell), user refs checked, paths after ``--``."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from tracer.errors import TracerError
from tracer.model import GitInfo


def git(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes] | None:
    """Run git with arguments (never a shell) in ``root``; None when git is missing or fails to start."""
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=timeout, check=False,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None


def git_info(root: Path) -> GitInfo:
    """Whether ``root`` is inside a git work tree, shallow, and at which commit."""
    res = git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-prefix", "HEAD")
    if res is None or res.returncode not in (0, 128):
        return GitInfo()
    out = res.stdout.decode(errors="replace").split("\n")
    if not out or out[0].strip() != "true":
        return GitInfo()
    head = out[3].strip() if len(out) > 3 and len(out[3].strip()) == 40 else ""
    return GitInfo(is_repo=True, shallow=len(out) > 1 and out[1].strip() == "true", head=head,
                   prefix=out[2].strip() if len(out) > 2 else "")


@dataclass(frozen=True, slots=True)
class Change:
    """One changed path: status letter (A, M, D, R, ...), the old path for renames, the new path."""

    status: str
    path: str
    old_path: str = ""


def _check_ref(ref: str) -> str:
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n\r"):
        raise TracerError(f"not a usable git revision: {ref!r}")
    return ref


def _commit(root: Path, ref: str) -> str:
    res = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", _check_ref(ref) + "^{commit}")
    if res is None:
        raise TracerError("git is not available")
    if res.returncode != 0:
        raise TracerError(f"unknown git revision {ref!r}")
    return res.stdout.decode().strip()


def _parse_name_status(raw: bytes) -> list[Change]:
    """``git diff --name-status -z`` of one comparison: the records ``_changes_by_commit`` reads, under no commit
    header."""
    return _changes_by_commit(b"\x01\0" + raw).get("", [])


def default_base(root: Path) -> str:
    """What a branch is compared with when no ``--base`` is given: its upstream, else ``origin/HEAD``."""
    if not git_info(root).is_repo:
        raise TracerError(f"{root} is not a git checkout; --changed needs git history")
    for ref in ("@{upstream}", "origin/HEAD"):
        res = git(root, "rev-parse", "--verify", "--quiet", "--symbolic-full-name", ref)
        if res is not None and res.returncode == 0 and res.stdout.strip():
            return res.stdout.decode().strip()
    raise TracerError("no --base given and the branch has no upstream nor origin/HEAD; pass --base REV "
                      "(e.g. --base origin/main)")


def merge_base(root: Path, base: str, head: str = "HEAD") -> str:
    """The commit a branch at ``head`` forked from ``base`` (what a pull request is compared with)."""
    if not git_info(root).is_repo:
        raise TracerError(f"{root} is not a git checkout; --base needs git history")
    b, h = _commit(root, base), _commit(root, head)
    mb = git(root, "merge-base", b, h)
    if mb is None or mb.returncode != 0:
        raise TracerError(f"{base!r} and {head!r} have no merge base (shallow clone? fetch with fetch-depth: 0)")
    return mb.stdout.decode().strip()


def files_at(root: Path, commit: str, paths: list[str], max_bytes: int) -> dict[str, str]:
    """The text of repository files (relative to ``root``) as they were at ``commit``, read from git's object
    store (nothing is checked out or written); files missing there, larger than ``max_bytes`` or not text
    are left out."""
    if not paths:
        return {}
    request = "".join(f"{commit}:./{p}\n" for p in paths if "\n" not in p).encode("utf-8", errors="surrogateescape")
    try:
        res = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=request, capture_output=True, timeout=60,
                             check=False, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return {}
    out, data, pos = {}, res.stdout, 0
    for p in (p for p in paths if "\n" not in p):
        end = data.find(b"\n", pos)
        if end == -1:
            break
        header = data[pos:end].split()
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<name> missing", or not a file
        size = int(header[2])
        blob = data[pos:pos + size]
        pos += size + 1
        if size <= max_bytes and b"\0" not in blob:
            out[p] = blob.decode("utf-8", errors="replace")
    return out


def changed_paths(root: Path, base: str, head: str = "HEAD", *, uncommitted: bool = False) -> list[Change]:
    """Paths changed between the merge base of ``base`` and ``head`` (renames followed), relative to ``root``.

    With ``uncommitted``, changes in the work tree and untracked files are added.
    """
    mb = merge_base(root, base, head)
    res = git(root, "diff", "--name-status", "-M", "-z", "--relative", mb, _commit(root, head), "--", ".")
    if res is None or res.returncode != 0:
        raise TracerError("git diff failed: " + (res.stderr.decode(errors="replace").strip() if res else "git missing"))
    changes = _parse_name_status(res.stdout)
    if uncommitted:
        wt = git(root, "diff", "--name-status", "-M", "-z", "--relative", "HEAD", "--", ".")
        if wt is not None and wt.returncode == 0:
            changes.extend(_parse_name_status(wt.stdout))
        un = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
        if un is not None and un.returncode == 0:
            changes.extend(Change(status="A", path=p) for p in un.stdout.decode(errors="surrogateescape").split("\0") if p)
    seen, out = set(), []
    for c in changes:
        if (c.status, c.path, c.old_path) not in seen:
            seen.add((c.status, c.path, c.old_path))
            out.append(c)
    return out


def ignore_rules(root: Path, paths: list[str]) -> dict[str, str]:
    """For each path git ignores: the rule that does, as ``.gitignore:3:.env*`` (paths git keeps are left out)."""
    if not paths:
        return {}
    data = "\0".join(paths).encode("utf-8", errors="surrogateescape") + b"\0"
    try:
        res = subprocess.run(["git", "check-ignore", "-v", "-z", "--no-index", "--stdin"], cwd=root, input=data,
                             capture_output=True, timeout=60, check=False,
                             env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return {}
    if res.returncode not in (0, 1):
        return {}
    parts = res.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    out = {}
    for i in range(0, len(parts) - 3, 4):
        source, line, pattern, path = parts[i : i + 4]
        if source and not pattern.startswith("!"):
            out[path] = f"{source}:{line}:{pattern}"
    return out


MAX_RENAME_LOOKUPS = 1000  # missing paths looked up in the history per run (the caller says when there are more)
MAX_RENAME_ROUNDS = 8  # a path moved more times than this is followed this far
PATHSPECS_PER_CALL = 200  # missing paths per walk of the history (each walk costs about as much as the next)
COMMITS_PER_CALL = 500  # commits shown by one git call


def renamed(root: Path, paths: list[str]) -> tuple[dict[str, tuple[str, str]], bool]:
    """The moves git history shows for ``paths`` and, in turn, for the paths they moved to: old path -> (the
    path it moved to, the short commit that moved it, its last move when it moved more than once), and whether
    git answered in full (a call that failed or timed out leaves out what it would have said: a commit whose
    objects are missing from a partial clone, say). ``follow`` reads a chain of moves to its end.

    Each path's deleting commit is found with a pathspec (cheap), then that commit's own rename detection says
    where it went; a path moved to is looked up the same way, up to ``MAX_RENAME_ROUNDS`` moves from the path
    asked (a second look-up happens only when something moved). The answer depends on the history alone, not on
    which files exist now, so it may be kept for the commit. The caller asks about ``MAX_RENAME_LOOKUPS`` paths
    at most, and says so when there are more."""
    todo = sorted(set(paths))
    seen = set(todo)
    moves: dict[str, tuple[str, str]] = {}
    complete = True
    budget = MAX_RENAME_LOOKUPS  # paths moved to, looked up in all later rounds together
    for _ in range(MAX_RENAME_ROUNDS):
        found, answered = _moves(root, todo)
        complete = complete and answered
        moves.update(found)
        todo = sorted({new for new, _ in found.values() if new not in seen})[:budget]
        budget -= len(todo)
        seen.update(todo)
        if not todo:
            break
    return moves, complete


def follow(moves: dict[str, tuple[str, str]], path: str, present: Collection[str]) -> tuple[str, str] | None:
    """Where ``path`` went, by the ``moves`` of ``renamed``: the first path along its chain of moves that is
    ``present`` (or the chain's last, when none is), with the commit of the move that reached it; None when
    it never moved."""
    at, chain = moves.get(path), {path}
    while at and at[0] not in present and at[0] in moves and at[0] not in chain:  # moved again later
        chain.add(at[0])
        at = moves[at[0]]
    return at


def _moves(root: Path, paths: list[str]) -> tuple[dict[str, tuple[str, str]], bool]:
    """Where each of ``paths`` went when a commit last deleted it, if that commit moved it: old path -> (new
    path, short commit); and whether git answered in full. Deletions are listed without rename detection, so
    that a path's deletion is found even when the path it moved to is asked about too (rename detection
    within the pathspecs would pair the two and hide the deletion)."""
    deletions = []  # per walk: the commits that deleted some of its paths, newest first, with those paths
    complete = True
    for i in range(0, len(paths), PATHSPECS_PER_CALL):
        res = git(root, "log", "--no-renames", "--diff-filter=D", "--name-only", "--format=%x01%H", "-z",
                  "--relative", "--", *(f":(literal){p}" for p in paths[i : i + PATHSPECS_PER_CALL]), timeout=60)
        if res is None or res.returncode != 0:
            complete = False
            continue
        deletions.append(_deleted_by_commit(res.stdout))
    commits = list(dict.fromkeys(c for walk in deletions for c in walk))
    shown: dict[str, list[Change]] = {}
    for i in range(0, len(commits), COMMITS_PER_CALL):  # a command line of bounded length
        some, answered = _shown(root, commits[i : i + COMMITS_PER_CALL])
        shown.update(some)
        complete = complete and answered
    moves: dict[str, tuple[str, str]] = {}
    for walk in deletions:
        for commit, gone in walk.items():  # newest first: the first rename of a path found is its last
            for change in shown.get(commit, ()):
                if change.status == "R" and change.old_path in gone and change.old_path not in moves:
                    moves[change.old_path] = (change.path, commit[:9])
    return moves, complete


def _deleted_by_commit(out: bytes) -> dict[str, set[str]]:
    """What ``git log --name-only --format=%x01%H -z`` printed: each commit (in git's order) with its paths."""
    commits: dict[str, set[str]] = {}
    current = ""
    for part in out.decode("utf-8", errors="surrogateescape").split("\0"):
        for piece in part.split("\n"):
            piece = piece.strip()
            if piece.startswith("\x01"):
                current = piece[1:]
            elif piece and current:
                commits.setdefault(current, set()).add(piece)
    return commits


def _shown(root: Path, commits: list[str]) -> tuple[dict[str, list[Change]], bool]:
    """What ``git show -M --name-status`` says of each of ``commits`` on its own, and whether git could show every
    one. One git for all of them (one per commit took 0.4 s for 15 commits); git stops at a commit it cannot
    show (its objects missing), so after a failure the commits it did not finish are asked one by one."""
    def show(some: list[str], timeout: int):
        return git(root, "show", "-M", "--name-status", "--format=%x01%H", "-z", "--relative", *some, "--", ".",
                   timeout=timeout)

    if not commits:
        return {}, True
    res = show(commits, 120)
    if res is None:
        return {}, False
    got = _changes_by_commit(res.stdout)
    if res.returncode == 0:
        return {c: got.get(c, []) for c in commits}, True
    out = {c: got[c] for c in list(got)[:-1]}  # the last commit git printed may be cut short
    complete = True
    for c in commits:
        if c in out:
            continue
        one = show([c], 30)
        if one is None or one.returncode != 0:
            complete = False
            continue
        out[c] = _changes_by_commit(one.stdout).get(c, [])
    return out, complete


def _changes_by_commit(raw: bytes) -> dict[str, list[Change]]:
    """``git show --name-status -z --format=%x01%H`` of several commits, per commit, in the order printed. Read
    in step: a header is looked for only where a status is due, so no file name passes for one."""
    parts = raw.decode("utf-8", errors="surrogateescape").split("\0")
    out: dict[str, list[Change]] = {}
    current: list[Change] | None = None
    i = 0
    while i < len(parts):
        token = parts[i].lstrip("\n")
        if token.startswith("\x01"):
            current = out.setdefault(token[1:].strip(), [])
            i += 1
        elif not token or current is None:
            i += 1
        elif token[:1] in ("R", "C") and i + 2 < len(parts):
            current.append(Change(status=token[0], old_path=parts[i + 1], path=parts[i + 2]))
            i += 3
        elif token[:1] not in ("R", "C") and i + 1 < len(parts):
            current.append(Change(status=token[0], path=parts[i + 1]))
            i += 2
        else:
            break
    return out


def tracked(root: Path, rel: str) -> bool:
    """Whether git tracks ``rel`` (a file, or anything under a folder) in the checkout at ``root``."""
    res = git(root, "ls-files", "-z", "--", f":(literal){rel}")
    return res is not None and res.returncode == 0 and bool(res.stdout.strip(b"\0"))


def gitlinks(root: Path, paths: list[str]) -> frozenset[str]:
    """Which of ``paths`` (listed by git, but a folder or nothing in the work tree) are submodules: git lists a
    submodule as one entry, its folder empty (or absent) until it is checked out. The listing asks only when
    it holds such entries, so a repository without submodules pays nothing."""
    out = set()
    for i in range(0, len(paths), PATHSPECS_PER_CALL):
        chunk = paths[i : i + PATHSPECS_PER_CALL]
        res = git(root, "ls-files", "-z", "--stage", "--", *(f":(literal){p}" for p in chunk))
        if res is None or res.returncode != 0:
            continue
        for record in res.stdout.split(b"\0"):
            meta, _, name = record.partition(b"\t")
            if meta.startswith(b"160000 "):
                out.add(name.decode("utf-8", errors="surrogateescape"))
    return frozenset(out)


def browse_url(root: Path, commit: str, repo_url: str = "") -> str:
    """A link template to a file at ``commit`` on its forge (``{path}`` and ``{line}`` to fill in), from
    ``repo_url`` or the ``origin`` remote when it is on GitHub or GitLab; "" when neither says where."""
    url = repo_url.strip()
    if not url:
        res = git(root, "remote", "get-url", "origin")
        url = res.stdout.decode(errors="replace").strip() if res is not None and res.returncode == 0 else ""
    m = re.match(r"^(?:https?://(?:[^@/]+@)?|ssh://git@|git@)(?P<host>[\w.-]+)[:/](?P<repo>[\w.~-]+(?:/[\w.~-]+)+?)"
                 r"(?:\.git)?/?$", url)
    if not m or not commit or not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        return ""
    host, repo = m["host"], m["repo"].removesuffix(".git")
    prefix = git_info(root).prefix
    blob = "-/blob" if "gitlab" in host else "blob"
    return f"https://{host}/{repo}/{blob}/{commit}/{prefix}{{path}}#L{{line}}"