"""Parsing many files: cache look-ups first, then the rest in this process or in worker processes.

A unit is ``(kind, path)`` with kind ``doc``, ``mig`` or ``code``. Whatever happens to one file, a result comes
back for it: a parser that fails yields a listed placeholder and a ``Crash`` that the run reports.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from tracer.config import Config
from tracer.model import CodeFile, Crash, DocKind, Document, Problem, SqlStatement, StatusClass
from tracer.profiles import Profile, registry
from tracer.scanner.cache import ParseCache, content_digest, decode, entry_blob, entry_key, fits, from_blob, inflate
from tracer.scanner.code import language_of, read_code
from tracer.scanner.sql import NONE, by_digest, extract_statements
from tracer.scanner.text import FileText, RootGuard, read_text

Progress = Callable[[str, int, int], None]  # (phase, done, total)
PHASES = {"doc": "documents", "mig": "migrations", "code": "code"}
PARALLEL_MIN = 1000  # below this many files to parse, starting workers costs more than it saves


@dataclass(frozen=True, slots=True)
class Settings:
    """What shapes a parse result (and so is part of every cache key)."""

    dialect: str
    status_map: dict[str, StatusClass]
    profiles: tuple[str, ...]
    max_file_bytes: int
    declaration_keys: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()  # folders the formats' status files name (BMAD ``story_location:``)

    @property
    def salt(self) -> str:
        return (f"{self.dialect}|{sorted(self.status_map.items())}|{self.max_file_bytes}|{','.join(self.profiles)}"
                f"|{','.join(self.declaration_keys)}|{','.join(self.locations)}")


@dataclass(frozen=True, slots=True)
class Crashed:
    """A file whose parser failed: the placeholder that keeps it listed, and what went wrong."""

    value: object
    crash: Crash


def ordered_profiles(names: tuple[str, ...], locations: tuple[str, ...] = ()) -> tuple[Profile, ...]:
    """The profiles to try in order: the formats' own (path-specific) rules first, tracer's template last;
    each with its rules for the folders its status files name."""
    reg = registry()
    chosen = tuple(reg[n] for n in names if n != "default") + ((reg["default"],) if "default" in names else ())
    return tuple(p.at(locations) for p in chosen)


def _document(rel: str, ft: FileText, settings: Settings, profiles: tuple[Profile, ...],
              earlier: Mapping[str, SqlStatement]):
    if ft.fatal:  # unread, so of unknown kind (not "other": it may well be a spec, and the run must say so)
        return Document(path=rel, kind=DocKind.UNKNOWN, id=Path(rel).stem, title=Path(rel).name,
                        problems=(Problem(code="TR008", path=rel, line=1, message=f"file {ft.problem}", subject="file"),))
    from tracer.scanner.documents import parse_document  # the Markdown and YAML readers: only when a document is parsed

    try:
        return parse_document(rel, ft.text, profiles=profiles, dialect=settings.dialect,
                              status_map=settings.status_map, read_problem=ft.problem,
                              declaration_keys=settings.declaration_keys, earlier=earlier)
    except RecursionError:
        return Document(path=rel, kind=DocKind.OTHER, id=Path(rel).stem, title=Path(rel).name,
                        problems=(Problem(code="TR008", path=rel, line=1, message="document is nested too deeply to parse",
                                          subject="parse"),))
    except Exception as exc:  # noqa: BLE001 - a parser bug costs one document's details and is reported as a crash
        doc = Document(path=rel, kind=DocKind.OTHER, id=Path(rel).stem, title=Path(rel).name)
        return Crashed(doc, Crash(where="parser", name=rel, message=f"{type(exc).__name__}: {exc}"))


def parse_unit(kind: str, rel: str, ft: FileText, settings: Settings, profiles: tuple[Profile, ...],
               earlier: Mapping[str, SqlStatement] = NONE):
    """The parse result of one file: a Document, a tuple of statements, a CodeFile, or Crashed (``earlier``: the
    SQL statements of the file's previous version, reused where their text is unchanged)."""
    if kind == "doc":
        return _document(rel, ft, settings, profiles, earlier)
    try:
        if kind == "mig":
            return extract_statements(ft.text, rel, 1, settings.dialect, earlier) if not ft.fatal else ()
        lang = language_of(rel)
        if ft.fatal:
            return CodeFile(path=rel, language=lang)
        return read_code(rel, ft.text, lang)
    except Exception as exc:  # noqa: BLE001 - as for documents
        empty = () if kind == "mig" else CodeFile(path=rel, language=language_of(rel))
        return Crashed(empty, Crash(where="parser", name=rel, message=f"{type(exc).__name__}: {exc}"))


# -- worker processes -------------------------------------------------------------------------------
_WORKER: dict = {}


def die_with_parent() -> None:
    """Ask Linux to end this worker when the process that started it dies (a killed ``tracer check`` must not
    leave its workers running for as long as the machine runs); elsewhere, a no-op."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def _init_worker(root: str, settings: Settings, cache_folder: str) -> None:
    die_with_parent()
    _WORKER.update(root=Path(root), settings=settings, profiles=ordered_profiles(settings.profiles, settings.locations),
                   guard=RootGuard(Path(root)), salt=settings.salt,
                   cache=ParseCache(Path(cache_folder), stat_index=False) if cache_folder else None)


LOOKUP_CHUNK = 32  # files a worker reads before it asks the cache for them at once (their texts are held meanwhile)


def _work(batch: list[tuple[str, str]]) -> list:
    """Read, key, look up, parse and encode a batch of files in a worker: only paths go in, only results come out.

    A file whose content the cache already holds under its settings is not parsed: its entry goes back (a
    checkout, a restored CI cache or a ``touch`` gives every file a new mtime and the same content)."""
    w = _WORKER
    cache: ParseCache | None = w["cache"]
    out = []
    for start in range(0, len(batch), LOOKUP_CHUNK):
        chunk = [(kind, rel, read_text(w["root"], rel, w["settings"].max_file_bytes, w["guard"]))
                 for kind, rel in batch[start : start + LOOKUP_CHUNK]]
        digests = [content_digest(ft.data) if not ft.fatal else "" for _, _, ft in chunk]
        keys = [entry_key(kind, rel, d, w["salt"]) if d and cache is not None else "" for (kind, rel, _), d in zip(chunk, digests)]
        found = cache.get_blobs([k for k in keys if k]) if cache is not None else {}
        for (kind, rel, ft), digest, key in zip(chunk, digests, keys):
            raw = inflate(found[key]) if key in found else None
            if raw is not None:  # held: its entry, decompressed (within the bound every read of the cache has)
                out.append((None, raw, digest, ft.problem, True))
                continue
            value = parse_unit(kind, rel, FileText(ft.text, b"", ft.problem, ft.fatal), w["settings"], w["profiles"])
            blob = entry_blob(value) if cache is not None and digest and not isinstance(value, Crashed) else b""
            # with a cache entry made, the entry alone goes back: the parent decodes it into shared strings,
            # less memory than unpickling every string apart and no slower
            out.append((None if blob else value, blob, digest, ft.problem, False))
    return out


def cpus() -> int:
    """Cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def fork_context():
    """multiprocessing's ``fork`` context while forking this process is safe (it has a single thread and the
    platform forks), else None."""
    if threading.active_count() != 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _mp_context():
    """The safest start method here: fork only while this process has a single thread, else forkserver/spawn."""
    forked = fork_context()
    if forked is not None:
        return forked
    methods = multiprocessing.get_all_start_methods()
    for method in ("forkserver", "spawn"):
        if method in methods:
            try:
                return multiprocessing.get_context(method)
            except ValueError:
                continue
    return None


def _held(raw: bytes):
    """A cache entry a worker found, decoded; None when it does not fit the model (``fits`` then has the file
    parsed again here)."""
    try:
        return decode(raw)
    except ValueError:
        return None


def _parallel(units: list[tuple[str, str]], root: Path, settings: Settings, cache: ParseCache | None,
              progress: Progress | None, done: int, total: int) -> list | None:
    """(result, cache entry, digest, read problem, found in the cache) per unit from worker processes; None when
    they cannot run.

    A worker sends a result as its cache entry when it makes one (or the entry it found); the entry is
    decoded here as its batch arrives, while the workers go on parsing."""
    ctx = _mp_context()
    if ctx is None:
        return None
    n = cpus()
    size = max(16, len(units) // (n * 8))
    batches = [units[i : i + size] for i in range(0, len(units), size)]
    out = []
    try:
        with ProcessPoolExecutor(max_workers=min(n, 8), mp_context=ctx, initializer=_init_worker,
                                 initargs=(str(root), settings, str(cache.folder) if cache is not None else "")) as pool:
            for batch, results in zip(batches, pool.map(_work, batches)):
                # decoded here while the workers parse the next batches, not after the last one
                out.extend((value if value is not None else _held(blob) if held else from_blob(blob), blob, digest,
                            problem, held) for value, blob, digest, problem, held in results)
                done += len(batch)
                if progress:
                    progress(PHASES[batch[-1][0]], done, total)
    except (BrokenProcessPool, OSError):
        return None  # no worker processes here (limits, sandbox): the caller parses in this process
    return out


# -- the whole parse --------------------------------------------------------------------------------
@dataclass
class Parsed:
    """Per unit: its parse result, and the read problems of migrations (reported by the scanner)."""

    values: dict[tuple[str, str], object]
    read_problems: dict[tuple[str, str], str]
    crashes: list[Crash]


def parse_all(units: list[tuple[str, str]], root: Path, config: Config, settings: Settings,
              cache: ParseCache | None, progress: Progress | None = None,
              known: dict[str, os.stat_result] | None = None) -> Parsed:
    """Every unit's result: from the cache when its content and settings are known, else parsed (``known``:
    the ``lstat`` of files already taken by the listing)."""
    total = len(units)
    guard = RootGuard(root)
    stats: dict[str, os.stat_result] = {}
    digests: dict[tuple[str, str], str] = {}
    known = known or {}
    for unit in units:  # 1. unchanged size and mtime: the content digest is known without reading the file
        st = known.get(unit[1])
        if st is None:
            try:
                st = os.lstat(root / unit[1])
            except OSError:
                continue
        stats[unit[1]] = st
        if cache is not None and (d := cache.known_digest(unit[1], st)):
            digests[unit] = d
    salt = settings.salt  # computed once: it sorts and prints every status word
    keys: dict[tuple[str, str], str] = {}

    def key(unit: tuple[str, str]) -> str:  # each unit's key computed once (its digest does not change once known)
        k = keys.get(unit)
        if k is None:
            k = keys[unit] = entry_key(unit[0], unit[1], digests[unit], salt)
        return k

    hits = cache.get_many([key(u) for u in digests]) if cache is not None else {}
    rest = [u for u in units if u not in digests or key(u) not in hits]

    profiles = ordered_profiles(settings.profiles, settings.locations)
    fresh: dict[tuple[str, str], tuple[object, bytes]] = {}
    problems: dict[tuple[str, str], str] = {}
    results = None
    if len(rest) >= PARALLEL_MIN and cpus() > 1:  # 2a. many files: workers read, digest and parse them
        if progress:
            progress("cache", total - len(rest), total)
        results = _parallel(rest, root, settings, cache, progress, total - len(rest), total)
    if results is not None:
        for unit, (value, blob, digest, problem, held) in zip(rest, results):
            problems[unit] = problem
            digests.pop(unit, None)
            keys.pop(unit, None)
            if digest:
                digests[unit] = digest
            if held:  # found in the cache by its content: a hit, whose new stat is noted
                hits[key(unit)] = value
            else:
                fresh[unit] = (value, blob)
    else:  # 2b. a few: read here; identical content under a new mtime is still a hit
        texts = {}
        for i, unit in enumerate(rest):
            if progress:
                progress("reading", i, total)
            ft = texts[unit] = read_text(root, unit[1], config.max_file_bytes, guard)
            problems[unit] = ft.problem
            digests.pop(unit, None)
            keys.pop(unit, None)
            if not ft.fatal:
                digests[unit] = content_digest(ft.data)
        earlier: dict[str, dict[str, SqlStatement]] = {}
        if cache is not None:
            hits.update(cache.get_many([key(u) for u in texts if u in digests and key(u) not in hits]))
            earlier = _earlier_sql(cache, [u for u in rest if u not in digests or key(u) not in hits], digests, salt)
        for n, unit in enumerate(rest, start=total - len(rest) + 1):
            if unit in digests and key(unit) in hits:
                continue
            ft = texts[unit]
            value = parse_unit(unit[0], unit[1], FileText(ft.text, b"", ft.problem, ft.fatal), settings, profiles,
                               earlier.get(unit[1], NONE))
            keep = cache is not None and unit in digests and not isinstance(value, Crashed)
            fresh[unit] = (value, entry_blob(value) if keep else b"")
            if progress:
                progress(PHASES[unit[0]], n, total)
    return _collect(units, root, config, settings, profiles, cache, fresh, hits, digests, stats, problems, key)


def _earlier_sql(cache: ParseCache, units: list[tuple[str, str]], digests: dict[tuple[str, str], str],
                salt: str) -> dict[str, dict[str, SqlStatement]]:
    """Per document or migration about to be parsed again, the SQL statements of the version the stat index
    remembers (its cache entry, under these settings), by digest: the statements an edit left alone are not
    parsed again, and sqlglot is not imported for an edit beside the SQL."""
    wanted = {}
    for kind, rel in units:
        row = cache.stats.get(rel)
        if kind in ("doc", "mig") and row and row[3] != digests.get((kind, rel)):
            wanted[entry_key(kind, rel, row[3], salt)] = rel
    out = {}
    for k, value in cache.get_many(list(wanted)).items():
        statements = value.sql if isinstance(value, Document) else value if isinstance(value, tuple) else ()
        out[wanted[k]] = by_digest(statements)
    return out


def _collect(units, root, config, settings, profiles, cache, fresh, hits, digests, stats, problems, key) -> Parsed:
    """Results in unit order; fresh ones stored in the cache, tampered cache entries parsed again."""
    values: dict[tuple[str, str], object] = {}
    crashes: list[Crash] = []
    for unit in units:
        kind, rel = unit
        if unit in fresh:
            value, blob = fresh[unit]
            # a migration's read problem (encoding) is reported from the read itself: do not cache around it
            if cache is not None and blob and unit in digests and not (kind == "mig" and problems.get(unit)):
                cache.put(key(unit), blob)
                if rel in stats:
                    cache.note_stat(rel, stats[rel], digests[unit])
        else:
            value = hits[key(unit)]
            if cache is not None and rel in stats:  # read again this run (a new mtime, the same content): remember
                cache.note_stat(rel, stats[rel], digests[unit])
            if not fits(kind, value, rel):  # a tampered or foreign entry: parse the file instead
                ft = read_text(root, rel, config.max_file_bytes, RootGuard(root))
                value = parse_unit(kind, rel, ft, settings, profiles)
        if isinstance(value, Crashed):
            crashes.append(value.crash)
            value = value.value
        values[unit] = value
    if cache is not None:
        cache.flush()
    return Parsed(values=values, read_problems=problems, crashes=crashes)
