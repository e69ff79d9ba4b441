"""Which files the repository has and what each one is: document, migration or code file."""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from tracer.config import Config
from tracer.model import GitInfo, Problem  # noqa: F401  (GitInfo is part of Inventory)
from tracer.scanner.git import git, git_info, gitlinks
from tracer.globs import matcher

# folders never worth walking when the repository is not a git checkout
SKIP_DIRS = {".git", ".tracer", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache",
             ".pytest_cache", ".tox", ".hypothesis", ".ruff_cache", "dist", "build", ".idea"}


@dataclass(frozen=True, slots=True)
class Listing:
    """The repository's files as ``list_files`` found them, with the ``lstat`` of each (taken once, reused by
    the parse cache to recognise unchanged files)."""

    files: list[str]
    git: GitInfo
    problems: list[Problem]
    links: frozenset[str]
    stats: dict[str, os.stat_result]
    taken_at: int = 0  # when the listing began (time.time_ns()): a file changed after it is seen by the next run
    submodules: frozenset[str] = frozenset()  # folders git holds another repository at (``gitlinks``)


@dataclass(frozen=True, slots=True)
class Inventory:
    """The repository's files sorted into the three kinds tracer reads."""

    all_files: tuple[str, ...]
    documents: tuple[str, ...]
    migrations: tuple[str, ...]
    code: tuple[str, ...]
    git: GitInfo
    problems: tuple[Problem, ...]
    links: frozenset[str] = frozenset()  # listed files that are symbolic links
    submodules: frozenset[str] = frozenset()  # folders git holds another repository at


def _git_files(root: Path) -> list[str] | None:
    res = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", "--", ".")
    if res is None or res.returncode != 0:
        return None
    prefix_res = git(root, "rev-parse", "--show-prefix")
    prefix = prefix_res.stdout.decode().strip() if prefix_res and prefix_res.returncode == 0 else ""
    out = []
    for raw in res.stdout.split(b"\0"):
        if not raw:
            continue
        name = raw.decode("utf-8", errors="surrogateescape")
        if prefix and name.startswith(prefix):
            name = name[len(prefix):]
        out.append(name)
    return out


def in_submodule(rel: str, submodules: frozenset[str]) -> bool:
    """Whether ``rel`` is a submodule or lies in one: another repository's, which tracer does not check."""
    if not submodules:
        return False
    parts = rel.split("/")
    return any("/".join(parts[:i]) in submodules for i in range(1, len(parts) + 1))


def _walk_files(root: Path, problems: list[Problem]) -> list[str]:
    out: list[str] = []
    seen_dirs: set[tuple[int, int]] = set()

    def onerror(exc: OSError) -> None:
        rel = os.path.relpath(exc.filename, root) if exc.filename else "."
        problems.append(Problem(code="TR008", path=rel.replace(os.sep, "/"), line=0,
                                message=f"folder cannot be read: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        try:
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
        except OSError:
            continue
        if key in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        rel_dir = os.path.relpath(dirpath, root)
        for f in filenames:
            rel = f if rel_dir == "." else f"{rel_dir}/{f}"
            out.append(rel.replace(os.sep, "/"))
    return out


def list_files(root: Path) -> Listing:
    """Every file of the repository (git's view when it is a checkout, honouring .gitignore), sorted, and which
    of them are symbolic links (everything else is known to be a plain file without another system call)."""
    taken_at = time.time_ns()
    problems: list[Problem] = []
    info = git_info(root)
    files = _git_files(root) if info.is_repo else None
    from_git = files is not None
    if files is None:
        files = _walk_files(root, problems)
    # git lists what the repository holds: a tracked build/ or dist/ folder is part of it (only tracer's own
    # cache is never read); a walk has already skipped the usual tool and build folders
    kept, links, absent = [], [], []
    stats: dict[str, os.stat_result] = {}
    base = os.path.join(root, "")  # joined as strings: a Path per file was most of the listing's time
    lstat, is_dir, is_link = os.lstat, stat.S_ISDIR, stat.S_ISLNK
    for rel in files:
        if from_git and (rel.startswith((".git/", ".tracer/")) or "/.git/" in rel or "/.tracer/" in rel):
            continue  # under a folder named .git or .tracer, at any depth
        try:
            st = lstat(base + rel)  # one system call: exists, is a link, is a folder
        except (OSError, ValueError):
            absent.append(rel)  # tracked but deleted in the work tree, or a submodule not checked out
            continue
        if is_dir(st.st_mode) or is_link(st.st_mode) and os.path.isdir(base + rel):
            if from_git and not is_link(st.st_mode):
                absent.append(rel)  # a folder git lists is a submodule
            continue
        kept.append(rel)
        stats[rel] = st
        if is_link(st.st_mode):
            links.append(rel)
    kept.sort()
    submodules = gitlinks(root, absent) if absent else frozenset()
    return Listing(kept, info, problems, frozenset(links), stats, taken_at, submodules)


def inventory(root: Path, config: Config, listing: Listing | None = None,
              extra_docs: tuple[str, ...] = ()) -> Inventory:
    """Sort the repository's files into documents, migrations and code (``extra_docs``: globs of the profiles)."""
    listing = listing or list_files(root)
    kept, info, problems, links = listing.files, listing.git, listing.problems, listing.links
    excluded, is_doc, is_migration = (matcher(config.exclude), matcher(tuple(config.docs) + tuple(extra_docs)),
                                      matcher(config.migrations))
    in_roots = matcher([r.rstrip("/") + "/**" for r in config.code_roots]) if config.code_roots else None
    docs, migrations, code = [], [], []
    exts = tuple(e.lower() for e in config.code_extensions)
    for rel in kept:
        if excluded(rel):
            continue
        low = rel.lower()
        if low.endswith(".md") and is_doc(rel):
            docs.append(rel)
        elif low.endswith(".sql") and is_migration(rel):
            if not is_doc(rel):
                migrations.append(rel)
        elif low.endswith(exts):
            if (in_roots is not None and not in_roots(rel)) or is_doc(rel):
                continue
            code.append(rel)
    return Inventory(tuple(kept), tuple(docs), tuple(migrations), tuple(code), info, tuple(problems), links,
                     listing.submodules)
