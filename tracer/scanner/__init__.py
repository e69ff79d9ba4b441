"""``scan(root, config) -> Project``: read every document, migration and code file of a repository.

Unchanged files come from the parse cache (``.tracer/cache/``); the rest are parsed, in parallel across
cores when there are many.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

from tracer.config import Config
from tracer.errors import ConfigError
from tracer.model import CodeFile, DocKind, Document, Migration, Problem, Project, StatusClass, StatusRecord
from tracer.model.status import build_status_map
from tracer.scanner.cache import ParseCache, content_key, entry_blob, fits
from tracer.scanner.documents import parse_document
from tracer.profiles import Profile, registry
from tracer.scanner.files import inventory, language_of, list_files
from tracer.scanner.imports import ImportResolver, raw_imports
from tracer.scanner.paths import matches_any
from tracer.scanner.profiled import parse_profiled, rule_for
from tracer.scanner.routes import extract_routes
from tracer.scanner.schema import replay
from tracer.scanner.sql import extract_statements
from tracer.scanner.status_files import read_status_file
from tracer.scanner.text import FileText, RootGuard, read_text

__all__ = ["scan", "Progress"]

logging.getLogger("sqlglot").setLevel(logging.CRITICAL)  # its parse warnings are reported as findings instead

Progress = Callable[[str, int, int], None]  # (phase, done, total)
PHASES = {"doc": "documents", "mig": "migrations", "code": "code"}
PARALLEL_MIN = 1000  # below this many files to parse, starting workers costs more than it saves


def _fallback(rel: str, message: str, subject: str) -> Document:
    return Document(path=rel, kind=DocKind.UNKNOWN, id=Path(rel).stem, title=Path(rel).name,
                    problems=(Problem(code="TR008", path=rel, line=1, message=message, subject=subject),))


def _parse_document(rel: str, ft: FileText, dialect: str, status_map: dict[str, StatusClass],
                    profiles: tuple[Profile, ...] = ()) -> Document:
    """Parse one document; whatever happens, a Document comes back (the scan never loses one)."""
    if ft.fatal:
        return _fallback(rel, f"file {ft.problem}", "file")
    try:
        found = rule_for(rel, profiles) if profiles else None
        if found:
            return parse_profiled(rel, ft.text, found[0], found[1], dialect=dialect, status_map=status_map,
                                  read_problem=ft.problem)
        return parse_document(rel, ft.text, dialect=dialect, status_map=status_map, read_problem=ft.problem)
    except RecursionError:
        reason = "is nested too deeply to parse"
    except Exception as exc:  # noqa: BLE001 - a parser bug must cost one document's details, not the scan
        reason = f"could not be parsed ({type(exc).__name__}: {exc})"
    return _fallback(rel, f"document {reason}", "parse")


def parse_unit(kind: str, rel: str, ft: FileText, dialect: str, status_map: dict[str, StatusClass],
               profiles: tuple[Profile, ...] = ()):
    """The parse result of one file: a Document, a tuple of statements, or a CodeFile with raw imports."""
    if kind == "doc":
        return _parse_document(rel, ft, dialect, status_map, profiles)
    if kind == "mig":
        return extract_statements(ft.text, rel, 1, dialect) if not ft.fatal else ()
    lang = language_of(rel)
    if ft.fatal:
        return CodeFile(path=rel, language=lang)
    return CodeFile(path=rel, language=lang, routes=extract_routes(ft.text, rel, lang),
                    imports=tuple(raw_imports(ft.text, lang)))


_WORKER: dict = {}


def _init_worker(root: str, config: Config, status_map: dict[str, StatusClass], salt: str, encode: bool,
                 profiles: tuple[str, ...]) -> None:
    _WORKER.update(root=Path(root), config=config, status_map=status_map, salt=salt, encode=encode,
                   profiles=active_profiles(profiles), guard=RootGuard(Path(root)))


def _work(batch: list[tuple[str, str]]) -> list:
    """Read, key, parse and encode a batch of files in a worker: only paths go in, only results come out."""
    w = _WORKER
    out = []
    for kind, rel in batch:
        ft = read_text(w["root"], rel, w["config"].max_file_bytes, w["guard"])
        value = parse_unit(kind, rel, FileText(ft.text, b"", ft.problem, ft.fatal), w["config"].dialect,
                           w["status_map"], w["profiles"])
        key = content_key(kind, rel, ft.data, w["salt"]) if not ft.fatal else ""
        blob = entry_blob(value) if w["encode"] and key else b""
        out.append((value, blob, key, ft.problem))
    return out


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _parse_parallel(units: list[tuple[str, str]], root: Path, config: Config, status_map, salt: str, encode: bool,
                    profiles: tuple[str, ...], progress, done: int, total: int) -> list:
    """(result, cache entry, key, read problem) per file, parsed by worker processes.

    Workers read the files themselves, so that no file content crosses a pipe. If the pool cannot start
    or breaks, the caller parses serially instead.
    """
    cpus = _cpus()
    size = max(16, len(units) // (cpus * 8))
    batches = [units[i : i + size] for i in range(0, len(units), size)]
    out = []
    with ProcessPoolExecutor(max_workers=min(cpus, 8), mp_context=get_context("fork"), initializer=_init_worker,
                             initargs=(str(root), config, status_map, salt, encode, profiles)) as pool:
        for batch, results in zip(batches, pool.map(_work, batches)):
            out.extend(results)
            done += len(batch)
            if progress:
                progress(PHASES[batch[-1][0]], done, total)
    return out


def _salt(config: Config, profiles: tuple[str, ...]) -> str:
    """The settings that change a parse result: part of every cache key."""
    return f"{config.dialect}|{sorted(config.statuses_dict().items())}|{config.max_file_bytes}|{','.join(profiles)}"


def detect(files: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The profiles a repository's file list shows (always including the default template)."""
    found = ["default"]
    for name, profile in registry().items():
        if name != "default" and any(matches_any(f, profile.detect) for f in files):
            found.append(name)
    return tuple(found)


def active_profiles(names: tuple[str, ...]) -> tuple[Profile, ...]:
    """The non-default profiles among ``names`` (the default template needs no rules)."""
    reg = registry()
    return tuple(reg[n] for n in names if n != "default")


def choose_profiles(config: Config, files: list[str]) -> tuple[str, ...]:
    """The configured profiles, or those the repository's shape shows; unknown names are a config error."""
    if not config.profile or list(config.profile) == ["auto"]:
        return detect(files)
    known = registry()
    bad = [n for n in config.profile if n not in known]
    if bad:
        raise ConfigError(f"unknown profile {', '.join(repr(b) for b in bad)} (known: {', '.join(known)})")
    return tuple(dict.fromkeys(("default", *config.profile)))


def scan(root: str | Path, config: Config | None = None, *, progress: Progress | None = None,
         use_cache: bool | None = None) -> Project:
    """Scan the repository at ``root`` into a Project. Content problems are recorded, never raised."""
    config = config or Config()
    root_path = Path(root).resolve()
    listing = list_files(root_path)
    profile_names = choose_profiles(config, listing[0])
    profiles = active_profiles(profile_names)
    inv = inventory(root_path, config, listing, tuple(r.glob for p in profiles for r in p.rules))
    status_map = build_status_map(config.statuses_dict())
    problems = list(inv.problems)
    units = [("doc", r) for r in inv.documents] + [("mig", r) for r in inv.migrations] + [("code", r) for r in inv.code]
    total = len(units)
    cache = ParseCache(root_path / ".tracer" / "cache") if (config.cache if use_cache is None else use_cache) else None
    salt = _salt(config, profile_names)
    guard = RootGuard(root_path)

    # 1. files whose size and mtime are unchanged: their key is known without reading them
    keys: dict[tuple[str, str], str] = {}
    stats: dict[str, os.stat_result] = {}
    for kind, rel in units:
        try:
            st = os.lstat(root_path / rel)
        except OSError:
            continue
        stats[rel] = st
        if cache is not None:
            key = cache.known_key(rel, st)
            if key:
                keys[(kind, rel)] = key
    hits = cache.get_many(list(keys.values())) if cache is not None else {}

    texts: dict[tuple[str, str], FileText] = {}
    rest = [u for u in units if keys.get(u) not in hits]
    parsed: dict[tuple[str, str], tuple] = {}
    results_parallel = None
    if len(rest) >= PARALLEL_MIN and _cpus() > 1:
        if progress:
            progress("cache", total - len(rest), total)
        try:
            results_parallel = _parse_parallel(rest, root_path, config, status_map, salt, cache is not None,
                                               profile_names, progress, total - len(rest), total)
        except (BrokenProcessPool, OSError):
            results_parallel = None  # no worker processes here (limits, sandbox): parse in this process
    if results_parallel is not None:
        # 2a. many files to parse: workers read, key and parse them
        for unit, (value, blob, key, problem) in zip(rest, results_parallel):
            parsed[unit] = (value, blob)
            texts[unit] = FileText("", b"", problem, not key)
            if key:
                keys[unit] = key
            else:
                keys.pop(unit, None)
    else:
        # 2b. a few: read here; identical content under a new mtime is still a hit
        for i, (kind, rel) in enumerate(rest):
            if progress:
                progress("reading", i, total)
            ft = read_text(root_path, rel, config.max_file_bytes, guard)
            texts[(kind, rel)] = ft
            if not ft.fatal:
                keys[(kind, rel)] = content_key(kind, rel, ft.data, salt)
            else:
                keys.pop((kind, rel), None)
        if cache is not None:
            hits.update(cache.get_many([keys[u] for u in texts if u in keys and keys[u] not in hits]))
        active = active_profiles(profile_names)
        done = total - len(rest)
        for unit in rest:
            if keys.get(unit) in hits:
                continue
            ft = texts[unit]
            value = parse_unit(unit[0], unit[1], FileText(ft.text, b"", ft.problem, ft.fatal), config.dialect,
                               status_map, active)
            parsed[unit] = (value, entry_blob(value) if cache is not None and unit in keys else b"")
            done += 1
            if progress:
                progress(PHASES[unit[0]], done, total)

    results = {}
    for unit in units:
        kind, rel = unit
        if unit in parsed:
            value, blob = parsed[unit]
            # a migration's read problem (encoding) is reported from the read itself: do not cache around it
            if cache is not None and unit in keys and not (kind == "mig" and texts[unit].problem):
                cache.put(keys[unit], blob)
                if rel in stats:
                    cache.note_stat(rel, stats[rel], keys[unit])
        else:
            value = hits[keys[unit]]
            if not fits(kind, value, rel):  # a tampered or foreign entry: parse the file instead
                value = parse_unit(kind, rel, read_text(root_path, rel, config.max_file_bytes, guard), config.dialect,
                                   status_map, profiles)
        results[unit] = value
    if cache is not None:
        cache.flush()

    documents = tuple(results[("doc", r)] for r in inv.documents)
    migrations = []
    for rel in inv.migrations:
        ft = texts.get(("mig", rel))
        if ft is not None and ft.problem:
            problems.append(Problem(code="TR008", path=rel, line=1, message=f"migration {ft.problem}", subject="file"))
        migrations.append(Migration(path=rel, statements=tuple(results[("mig", rel)])))
    resolver = ImportResolver(inv.code)
    code_files = tuple(replace(c, imports=resolver.resolve(c.imports, c.path, c.language))
                       for c in (results[("code", r)] for r in inv.code))
    side: list[StatusRecord] = []
    status_globs = tuple(g for p in profiles for g in p.status_files)
    for rel in (f for f in inv.all_files if status_globs and matches_any(f, status_globs)):
        ft = read_text(root_path, rel, config.max_file_bytes, guard)
        if not ft.fatal:
            records, errs = read_status_file(rel, ft.text)
            side += records
            problems += errs
    return Project(
        root=str(root_path), documents=documents, code_files=code_files, migrations=tuple(migrations),
        schema=replay(migrations), problems=tuple(problems), git=inv.git, all_files=inv.all_files,
        profiles=profile_names, side_statuses=tuple(side),
    )
