"""``scan(root, config) -> Project``: read every document, migration and code file of a repository.

Files are listed and sorted into kinds (``files.py``), parsed or taken from the parse cache (``parsing.py``),
and assembled into the immutable Project. Nothing here resolves references between files: that is the
resolution stage's job (``tracer/resolve/``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from tracer.config import Config
from tracer.errors import ConfigError
from tracer.globs import folders_of, matcher
from tracer.model import Document, Migration, Problem, Project, StatusRecord
from tracer.model.status import build_status_map
from tracer.profiles import registry
from tracer.scanner.cache import ParseCache, cache_folder, history_answer
from tracer.scanner.files import Inventory, Listing, in_submodule, inventory, list_files
from tracer.scanner.git import MAX_RENAME_LOOKUPS, follow, renamed
from tracer.scanner.parsing import Progress, Settings, ordered_profiles, parse_all
from tracer.scanner.code.naming import naming_file, read_naming
from tracer.scanner.schema import build_schema, code_migrations
from tracer.scanner.text import RootGuard, read_text

__all__ = ["scan", "plan", "Plan", "Progress", "choose_profiles"]

logging.getLogger("sqlglot").setLevel(logging.CRITICAL)  # its parse warnings are reported as findings instead


def detect(files: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The profiles a repository's file list shows (always including the default template)."""
    found = ["default"]
    for name, profile in registry().items():
        if name != "default" and any(map(matcher(profile.detect), files)):
            found.append(name)
    return tuple(found)


def choose_profiles(config: Config, files: list[str]) -> tuple[str, ...]:
    """The configured profiles, or those the repository's shape shows; unknown names are a config error."""
    if not config.profile or list(config.profile) == ["auto"]:
        return detect(files)
    known = registry()
    bad = [n for n in config.profile if n not in known]
    if bad:
        raise ConfigError(f"unknown profile {', '.join(repr(b) for b in bad)} (known: {', '.join(known)})")
    return tuple(dict.fromkeys(("default", *config.profile)))


def status_file_paths(files: list[str], config: Config, profile_names: tuple[str, ...]) -> list[str]:
    """The status files of the formats in use (BMAD's sprint-status.yaml) among ``files``."""
    globs = tuple(g for p in ordered_profiles(profile_names) for g in p.status_files)
    if not globs:
        return []
    is_status, excluded = matcher(globs), matcher(config.exclude)
    return [f for f in files if is_status(f) and not excluded(f)]


def _status_files(root: Path, files: list[str], config: Config, paths: list[str],
                  problems: list[Problem]) -> tuple[list[StatusRecord], tuple[str, ...]]:
    """Statuses kept in the formats' side files at ``paths`` (BMAD's sprint-status.yaml), and the repository
    folders those files say the story documents are in."""
    out: list[StatusRecord] = []
    locations: list[str] = []
    if not paths:
        return out, ()
    from tracer.scanner.status_files import read_status_file, repo_folder  # YAML: only for BMAD's status files

    guard = RootGuard(root)
    folders = folders_of(files)
    for rel in paths:
        ft = read_text(root, rel, config.max_file_bytes, guard)
        if not ft.fatal:
            records, errs, location = read_status_file(rel, ft.text)
            out += records
            problems += errs
            folder = repo_folder(location, folders) if location else ""
            if folder:
                locations.append(folder)
    return out, tuple(sorted(set(locations)))


def _renames(root: Path, documents: tuple[Document, ...], inv: Inventory,
             cache: ParseCache | None) -> tuple[tuple[tuple[str, str, str], ...], bool, int]:
    """Declared paths missing from the repository that git history renamed, with where they live now (a chain of
    moves followed to a path that exists) and the commit of the move that put them there, and whether git
    answered in full, and how many missing paths were not looked up (beyond ``MAX_RENAME_LOOKUPS``, in path order).

    The answer is kept under the commit and the paths asked about (``history_answer``): an edit that changes no
    declared path asks git nothing (its search took half a second in a repository of 1,300 documents)."""
    if not inv.git.is_repo:
        return (), True, 0
    have = set(inv.all_files)
    every = sorted({f.path for d in documents for f in d.files if not f.unsafe and not f.pattern and f.path not in have
                    and not f.path.endswith("/") and not in_submodule(f.path, inv.submodules)})
    missing = every[:MAX_RENAME_LOOKUPS]
    if not missing:
        return (), True, 0

    def ask():
        moves, complete = renamed(root, missing)
        return tuple((old, new, commit) for old, (new, commit) in sorted(moves.items())), complete

    found, complete = history_answer(cache, "moves", inv.git, missing, (str, str, str), ask)
    moves = {old: (new, commit) for old, new, commit in found}
    ends = ((old, follow(moves, old, have)) for old in missing)
    return tuple((old, *at) for old, at in ends if at and at[0] in have), complete, len(every) - len(missing)


def inherit_statuses(documents: tuple[Document, ...]) -> tuple[Document, ...]:
    """Documents with no status of their own (a Kiro design, a spec-kit plan) take that of the document their
    format names (the feature's task list), once, before anything reads a status."""
    by_path = {d.path: d for d in documents}
    out = []
    for d in documents:
        if d.status_source.startswith("from:"):
            other = by_path.get(d.status_source[5:])
            if other is not None and other.status_source not in ("", "default") and not other.status_source.startswith("from:"):
                d = replace(d, status=other.status, status_class=other.status_class, status_line=0,
                            status_source=f"inherited from {other.path}")
            else:
                d = replace(d, status_source="default" if d.status else "")
        out.append(d)
    return tuple(out)


@dataclass(frozen=True)
class Plan:
    """What a scan reads and how, decided from the listing, the configuration and the formats' status files
    alone (before any document is parsed): the profiles, the files sorted into kinds, and the parse settings."""

    profiles: tuple[str, ...]
    inventory: Inventory
    settings: Settings
    units: tuple[tuple[str, str], ...]  # (doc|mig|code, path), in parse order
    side_statuses: tuple[StatusRecord, ...]
    status_problems: tuple[Problem, ...]
    side_reads: frozenset[str] = frozenset()  # files read besides parsing: status files, go.mod, tsconfig
    naming_files: tuple[str, ...] = ()  # the go.mod and tsconfig files among them, excluded or not


def plan(root: Path, config: Config, listing: Listing) -> Plan:
    """The plan of a scan of ``root`` (resolved) with these files."""
    profile_names = choose_profiles(config, listing.files)
    status_problems: list[Problem] = []
    status_paths = status_file_paths(listing.files, config, profile_names)
    side, locations = _status_files(root, listing.files, config, status_paths, status_problems)
    rule_globs = tuple(r.glob for p in ordered_profiles(profile_names, locations) for r in p.rules if r.glob)
    inv = inventory(root, config, listing, rule_globs)
    settings = Settings(dialect=config.dialect, status_map=build_status_map(config.statuses_dict()),
                        profiles=profile_names, max_file_bytes=config.max_file_bytes,
                        declaration_keys=config.declaration_keys, locations=locations)
    units = [("doc", r) for r in inv.documents] + [("mig", r) for r in inv.migrations] + [("code", r) for r in inv.code]
    naming = tuple(f for f in inv.all_files if naming_file(f))
    return Plan(profiles=profile_names, inventory=inv, settings=settings, units=tuple(units),
                side_statuses=tuple(side), status_problems=tuple(status_problems),
                side_reads=frozenset(status_paths) | frozenset(naming), naming_files=naming)


def scan(root: str | Path, config: Config | None = None, *, progress: Progress | None = None,
         use_cache: bool | None = None, listing: Listing | None = None, planned: Plan | None = None) -> Project:
    """Scan the repository at ``root`` into a Project (``listing``: its files, when already listed; ``planned``:
    the plan made from them). Content problems are recorded, never raised."""
    config = config or Config()
    root_path = Path(root).resolve()
    listing = listing or list_files(root_path)
    the_plan = planned or plan(root_path, config, listing)
    inv, settings, profile_names = the_plan.inventory, the_plan.settings, the_plan.profiles
    side, status_problems = list(the_plan.side_statuses), list(the_plan.status_problems)
    cache = ParseCache(cache_folder(root_path)) if (config.cache if use_cache is None else use_cache) else None
    parsed = parse_all(list(the_plan.units), root_path, config, settings, cache, progress, listing.stats)

    problems = list(inv.problems) + status_problems
    migrations = []
    for rel in inv.migrations:
        if parsed.read_problems.get(("mig", rel)):
            problems.append(Problem(code="TR008", path=rel, line=1, message=f"migration {parsed.read_problems[('mig', rel)]}",
                                    subject="file"))
        migrations.append(Migration(path=rel, statements=tuple(parsed.values[("mig", rel)])))
    code_files = tuple(parsed.values[("code", r)] for r in inv.code)
    migrations += code_migrations(code_files)
    guard = RootGuard(root_path)

    def small_text(rel: str) -> str | None:
        ft = read_text(root_path, rel, min(config.max_file_bytes, 1_000_000), guard)
        return None if ft.fatal else ft.text

    excluded = matcher(config.exclude)
    go_modules, ts_paths = read_naming([f for f in the_plan.naming_files if not excluded(f)], small_text)
    documents = inherit_statuses(tuple(parsed.values[("doc", r)] for r in inv.documents))
    renames, complete, unasked = _renames(root_path, documents, inv, cache)
    return Project(
        root=str(root_path), documents=documents, renames=renames, renames_unasked=unasked,
        unread_history=() if complete else ("renamed paths",),
        code_files=code_files, migrations=tuple(migrations), schema=build_schema(migrations, code_files),
        problems=tuple(problems), git=inv.git, all_files=inv.all_files, links=inv.links,
        submodules=inv.submodules, profiles=profile_names,
        side_statuses=tuple(side), crashes=tuple(parsed.crashes), go_modules=go_modules, ts_paths=ts_paths,
    )
