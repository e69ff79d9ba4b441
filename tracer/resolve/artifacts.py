"""What documents declare (files, tables, endpoints) and whether the repository has each of them.

A declared path is looked up as written, then as a relative path whose end names one repository file (a
task list that writes ``Components/Item.cs`` under a project folder), then, for a drawn tree, without its
root line (the repository's own name). A template or glob counts as present when some file matches it. A
missing path gets "did you mean" candidates, and, when git ignores it, the ignore rule that does.
"""

from __future__ import annotations

import difflib
import os
import re
import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from tracer.globs import folders_of, glob_regex
from tracer.model import DeclaredFile, DocKind, Document, Project, StatusClass
from tracer.model.links import Artifact
from tracer.scanner.code import is_test
from tracer.scanner.declarations import as_glob, is_pattern
from tracer.scanner.files import in_submodule
from tracer.scanner.git import ignore_rules
from tracer.scanner.text import safe_stat_exists

_GROUP = re.compile(r"\([\w.-]+\)/")


class FileSet:
    """Existence of repository paths, answered from the scanner's file list (files and the folders holding them).

    A listed symbolic link counts only when it stays inside the repository. In a git checkout the list is
    the answer: a gitignored file on this machine is not in the repository (a fresh clone in CI would not
    have it either). Outside git, a path the list does not hold (under a skipped folder) is checked on the
    file system, links out counting as missing.
    """

    def __init__(self, root: str, files: Iterable[str], *, listed_only: bool = False, links: frozenset[str] | None = None,
                 submodules: frozenset[str] = frozenset()):
        self.root = Path(root)
        self.submodules = submodules  # a submodule and everything under it: another repository's, not checked
        self.listed_only = listed_only
        self.links = links  # listed symbolic links (None: unknown, ask the file system)
        self.files = set(files)
        self.folders = folders_of(self.files)
        self.top = {p.split("/", 1)[0] for p in self.files}
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.folder_files: dict[str, list[str]] = defaultdict(list)
        self.ungrouped: dict[str, str] = {}  # Next.js-style route groups dropped: app/(shop)/cart/page.tsx -> app/cart/...
        for f in self.files:
            folder, _, name = f.rpartition("/")
            self.by_name[name].append(f)
            self.folder_files[folder].append(f)
            if "(" in f:
                self.ungrouped.setdefault(_GROUP.sub("", f), f)
        self._answers: dict[str, bool] = {}
        self._named_cache: dict[str, list[tuple[str, str, bool, str]]] = {}
        self.probed: dict[str, bool] = {}  # paths the listing could not answer, asked of the file system
        self.folders_by_name: dict[str, list[str]] = defaultdict(list)  # last component -> folders (suffix look-ups)
        for d in self.folders:
            self.folders_by_name[posixpath.basename(d)].append(d)

    def exists(self, rel: str) -> bool:
        """Whether repo-relative ``rel`` is a file or folder of the repository."""
        rel = rel.rstrip("/")
        if rel not in self._answers:
            if rel in self.folders or in_submodule(rel, self.submodules):
                found = True
            elif rel in self.files:
                is_link = rel in self.links if self.links is not None else os.path.islink(self.root / rel)
                found = not is_link or self._probe(rel)
            else:
                found = bool(rel) and not self.listed_only and self._probe(rel)
            self._answers[rel] = found
        return self._answers[rel]

    def _probe(self, rel: str) -> bool:
        found = self.probed[rel] = safe_stat_exists(self.root, rel)
        return found

    def by_suffix(self, rel: str) -> list[str]:
        """Files (or folders) whose path ends with ``/rel``: where a relative path may really be."""
        rel = rel.rstrip("/")
        name = posixpath.basename(rel)
        out = [f for f in self.by_name.get(name, ()) if f.endswith("/" + rel) and f != rel]
        if not out and "/" in rel:
            out = sorted(d for d in self.folders_by_name.get(name, ()) if d.endswith("/" + rel))[:5]
        return sorted(out)

    def matching(self, pattern: str) -> bool:
        """Whether some file matches a template or glob (a placeholder and ``*`` match within one segment)."""
        regex = glob_regex(as_glob(pattern))
        return any(regex.match(f) for f in self.files) or any(regex.match(d) for d in self.folders)

    def without_groups(self, rel: str) -> str:
        """The file a path names when it leaves out parenthesised route-group folders, or ""."""
        return self.ungrouped.get(_GROUP.sub("", rel.rstrip("/")), "")

    def did_you_mean(self, rel: str) -> tuple[str, ...]:
        """Up to two existing paths a missing one may mean: the same file name elsewhere (closest paths first),
        or a close name in the same folder (for a relative path, in the folders whose path ends like its)."""
        name = posixpath.basename(rel.rstrip("/"))
        same = self.by_name.get(name, ())
        if same:  # the two closest at 60 % or more, closest first, then by path
            best: list[tuple[float, str]] = []
            for f in same[:200]:
                score = _ratio_reaching(rel, f, max(0.6, -best[1][0]) if len(best) == 2 else 0.6)
                if score is not None and score >= 0.6:
                    best = sorted([*best, (-score, f)])[:2]
            return tuple(f for _, f in best)
        folder = posixpath.dirname(rel)
        stem = name.split(".", 1)[0].lower()
        out = []
        name_is_test = is_test(name)
        # the folder itself, or (a path written relative to a project folder) the folders it is the end of
        folders = [folder] if folder in self.folder_files or not folder else \
            sorted(d for d in self.folders_by_name.get(posixpath.basename(folder), ()) if d.endswith("/" + folder))[:5]
        named = self._named(folders[0]) if len(folders) == 1 else sorted(e for d in folders for e in self._named(d))
        for f, other, other_is_test, other_stem in named:
            if other_is_test != name_is_test:
                continue  # a test is not the file it tests
            # a misspelling, or the same name with a suffix added or dropped (CostEngine.property.test.ts)
            if (other_stem.startswith(stem) or stem.startswith(other_stem)) and min(len(stem), len(other_stem)) >= 4 \
                    or min(len(stem), len(other_stem)) >= 4 and _one_edit(stem, other_stem) \
                    or _close(name, other):
                out.append(f)
                if len(out) == 2:
                    break
        return tuple(out)

    def _named(self, folder: str) -> list[tuple[str, str, bool, str]]:
        """The files of ``folder`` in path order, each with its name, whether it is a test and its stem in lower
        case: what ``did_you_mean`` compares, made once per folder (a spec may miss 200 files of one folder)."""
        named = self._named_cache.get(folder)
        if named is None:
            names = ((f, posixpath.basename(f)) for f in self.folder_files.get(folder, ()))
            named = self._named_cache[folder] = sorted((f, n, is_test(n), n.split(".", 1)[0].lower()) for f, n in names)
        return named


def _ratio_reaching(a: str, b: str, floor: float) -> float | None:
    """difflib's similarity ratio of ``a`` and ``b``, or None when its upper bounds (from the lengths, then from
    the characters in common) show it is below ``floor``. The bounds are difflib's own ``real_quick_ratio`` and
    ``quick_ratio``, computed without building the matcher, which indexes ``b`` at once: most pairs of names
    stop there (a spec declaring 200 missing files in a repository of many same-named ones did this 16,000
    times)."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    if 2.0 * min(len(a), len(b)) / total < floor:
        return None
    if 2.0 * (Counter(a) & Counter(b)).total() / total < floor:
        return None
    return difflib.SequenceMatcher(None, a, b).ratio()


def _close(a: str, b: str) -> bool:
    """Whether two file names are at least 90 % alike."""
    score = _ratio_reaching(a, b, 0.9)
    return score is not None and score >= 0.9


def _one_edit(a: str, b: str) -> bool:
    """Whether two names differ by one typo: a letter changed, added, dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


def _locate(f: DeclaredFile, files: FileSet) -> tuple[bool, str, tuple[str, ...], bool]:
    """(present, where it was found when elsewhere, candidates when missing, ambiguous)."""
    if f.pattern:
        return files.matching(f.path), "", (), False
    if files.exists(f.path):
        return True, "", (), False
    if files.without_groups(f.path):
        return True, files.without_groups(f.path), (), False
    if "/" in f.path or f.shape in ("list", "table", "tree", "record"):
        found = files.by_suffix(f.path)
        if found:  # one match, or several (a relative path the document does not anchor: it exists somewhere)
            return True, found[0] if len(found) == 1 else "", (), len(found) > 1
    return False, "", files.did_you_mean(f.path), False


def _fixed_part(pattern: str) -> str:
    """The folder a path template stays inside before its first placeholder (``build/out`` of
    ``build/out/<version>/x``), with a trailing slash; "" when the template starts with one."""
    fixed = []
    for part in pattern.split("/")[:-1]:
        if is_pattern(part) or any(c in part for c in "{}<>*"):
            break
        fixed.append(part)
    return "/".join(fixed) + "/" if fixed else ""


def _tree_roots(doc: Document, files: FileSet) -> frozenset[str]:
    """The root lines of a document's drawn trees that stand for the repository's own folder: a first folder
    the repository does not have, above an entry of the repository's top (``lore/`` over ``src/``, ``tests/``;
    ``todo-app/`` over ``frontend/`` and a ``src/`` that is not there); or one it has, named like a folder
    inside it (``raglite/`` over ``pyproject.toml`` and the package ``raglite/``), whose entries are found at the
    repository's top more often than under that folder."""
    roots = set()
    nested: dict[str, list[str]] = defaultdict(list)  # a top folder drawn over a folder of its own name
    for f in doc.files:
        first, _, rest = f.path.partition("/")
        if f.shape != "tree" or not rest:
            continue
        if first not in files.top:
            if rest.split("/", 1)[0] in files.top:
                roots.add(first)
        else:
            nested[first].append(rest)
    for first, rests in nested.items():
        if any(r.split("/", 1)[0] == first and "/" in r for r in rests):
            at_top = sum(files.exists(r) for r in rests)
            if at_top > sum(files.exists(f"{first}/{r}") for r in rests):
                roots.add(first)
    return frozenset(roots)


def _unrooted(f: DeclaredFile, roots: frozenset[str]) -> DeclaredFile:
    """A path of a tree drawn from the repository's own folder (``_tree_roots``), its root line dropped."""
    first, _, rest = f.path.partition("/")
    return replace(f, path=rest) if f.shape == "tree" and rest and first in roots else f


def _file_artifact(doc: Document, f: DeclaredFile, files: FileSet, ignored: Callable[[str], str],
                   moves: dict[str, tuple[str, str]], roots: frozenset[str]) -> Artifact:
    f = _unrooted(f, roots)
    present, found_at, candidates, ambiguous = (False, "", (), False) if f.unsafe else _locate(f, files)
    old_present = bool(f.old_path) and files.exists(f.old_path)
    done = f.done
    if f.shape == "record" and doc.status_class == StatusClass.PLANNED:
        done = None  # "## Files Modified" in a proposal: a plan written in the past tense, judged like the rest
    return Artifact(source=doc.path, kind="file", name=f.path, line=f.line, intent=f.intent.value, present=present,
                    status_class=doc.status_class, raw=f.raw, unsafe=f.unsafe, done=done, shape=f.shape,
                    found_at=found_at, ambiguous=ambiguous, candidates=candidates, old_path=f.old_path,
                    old_present=old_present,
                    pattern=f.pattern, stories=f.stories,
                    renamed_to="" if present else moves.get(f.path, ("", ""))[0],
                    renamed_in="" if present else moves.get(f.path, ("", ""))[1],
                    ignored="" if present or f.unsafe else ignored(_fixed_part(f.path) if f.pattern else f.path))


def _table_artifacts(doc: Document, tables: set[str]) -> list[Artifact]:
    out = []
    for st in doc.sql:
        if st.action == "create_table" and st.table:
            intent = "create"
        elif st.action in ("alter_table", "rename_table", "create_index") and st.table:
            intent = "alter"
        else:
            continue
        out.append(Artifact(source=doc.path, kind="table", name=st.table, line=st.line, intent=intent,
                            present=st.table in tables, status_class=doc.status_class))
    return out


def file_set(project: Project) -> FileSet:
    """The repository's files as declarations are looked up in (git's list in a checkout)."""
    return FileSet(project.root, project.all_files, listed_only=project.git.is_repo, links=project.links,
                   submodules=project.submodules)


def resolve_artifacts(project: Project, served: Callable[[str, str], bool],
                      files: FileSet | None = None) -> dict[str, tuple[Artifact, ...]]:
    """Per document, in document order: its files and endpoints (specs and stories) and its tables (any document)."""
    files = files or file_set(project)
    tables = {t.name for t in project.schema.tables}
    roots = {d.path: _tree_roots(d, files) for d in project.documents}
    missing = {p for d in project.documents for f in d.files if not f.unsafe and not f.pattern
               and not files.exists(p := _unrooted(f, roots[d.path]).path)}
    # a pattern under a folder git ignores (`build/_artifacts/<version>/`) names local output, not files
    missing |= {_fixed_part(f.path) for d in project.documents for f in d.files
                if f.pattern and not f.unsafe and _fixed_part(f.path) and not files.exists(_fixed_part(f.path))}
    rules = ignore_rules(Path(project.root), sorted(missing)) if project.git.is_repo and missing else {}
    moves = {old: (new, commit) for old, new, commit in project.renames}
    out: dict[str, tuple[Artifact, ...]] = {}
    for doc in project.documents:
        items: list[Artifact] = []
        declares = doc.kind in (DocKind.SPEC, DocKind.STORY)
        if declares:
            items += [_file_artifact(doc, f, files, lambda p: rules.get(p, ""), moves, roots[doc.path])
                      for f in doc.files
                      if not (f.pattern and f.path.split("/", 1)[0] not in files.top)]  # storage keys, not files
        items += _table_artifacts(doc, tables)
        if declares:
            items += [Artifact(source=doc.path, kind="endpoint", name=f"{e.method} {e.path}", line=e.line,
                               intent="declare", present=served(e.method, e.path), status_class=doc.status_class,
                               raw=e.raw, done=e.done) for e in doc.endpoints]
        if items:
            out[doc.path] = tuple(items)
    return out
