"""The parse cache in ``.tracer/cache/``: parse results keyed by tracer's build, settings, file and content.

Entries are JSON (never pickles). A pull request controls every byte of the repository, ``.tracer/`` included,
so every entry and every row of the stat index is authenticated: a MAC (keyed BLAKE2b) with a key kept outside the
repository (in the user's cache folder, ``$XDG_CACHE_HOME/tracer/key``, created on first use). An entry a
pull request planted, or that another machine wrote, fails the check and is a cache miss, never a result;
decompression is bounded. (A ``.tracer/`` that git tracks, or that is a link, is not used at all.)

A stat index (path, mtime, ctime, size -> content digest) lets an unchanged file skip even being read (ctime
is set by the kernel on every change, so a tool that puts an mtime back does not hide an edit); the settings
are part of every entry key, never of the stat index, so a run with other settings never gets another run's
results. The store is SQLite in WAL mode: safe to delete at any time, safe under concurrent runs (the last
writer of an identical entry wins). Each build of tracer (its code and its parsers' packages, not only its
version number: a checkout of a newer commit keeps that), store layout and model has a store of its own; the
others (and the stored results of other versions) are deleted once no run has written to them for a week
(``remove_stale_stores``).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import importlib.util
import os
import sqlite3
import sys
import time
import types
import typing
import zlib
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path

import msgspec

from tracer import __version__
from tracer import model
from tracer.output import own_folder
from tracer.model import CodeFile, Document, GitInfo, SqlStatement

_CLASSES = {c.__name__: c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)}

#: changes whenever a model class gains, loses, reorders or retypes a field, so that old entries are never read
MODEL_SIGNATURE = hashlib.blake2b(repr(sorted(
    (name, [(f.name, str(f.type)) for f in dataclasses.fields(c)]) for name, c in _CLASSES.items())).encode(),
    digest_size=4).hexdigest()

#: what an entry holds, by its first byte: the decoder checks every field against the model's type hints
#: (a str where a str belongs, an int where an int belongs, an enum's value, a tuple of the model's objects)
_KINDS = {b"D": Document, b"C": CodeFile, b"S": tuple[SqlStatement, ...],
          b"A": tuple[tuple[str | int, ...], ...]}  # A: what git history answered (``history_answer``)
_TAGS = {Document: b"D", CodeFile: b"C", tuple: b"S"}
_ENCODER = msgspec.json.Encoder()
_DECODERS = {tag: msgspec.json.Decoder(t) for tag, t in _KINDS.items()}


def _sharer(cls):
    """A pass compiled for ``cls`` that makes a decoded object's strings shared: each equal string, and each
    equal tuple of strings, one object (a path, a heading, a column type repeat in thousands of objects;
    without it a warm run held each copy, and 100,000 items needed a third more memory).

    The decoder builds every object afresh, so its fields are set here, through the slot descriptors, before
    anything else sees the object. The source comes from the model's own field names and types only.
    """
    hints = typing.get_type_hints(cls)
    env: dict = {"intern": sys.intern, "canon": _CANON, "keep": _keep, "S": _SHARERS}
    lines = []
    for n in (f.name for f in dataclasses.fields(cls)):
        hint, slot = hints[n], f"s_{n}"
        env[slot] = vars(cls)[n].__set__
        kind = _shape(hint)
        if kind == "str":
            lines.append(f"v = o.{n}\n    if v: {slot}(o, intern(v))")
        elif kind == "strs":
            lines.append(f"v = o.{n}\n    if v: {slot}(o, canon.get(v) or keep(tuple(map(intern, v))))")
        elif kind == "pairs":
            lines.append(f"v = o.{n}\n    if v: {slot}(o, canon.get(v) or keep(tuple("
                         f"tuple(intern(x) if type(x) is str else x for x in p) for p in v)))")
        elif kind == "object":
            lines.append(f"v = o.{n}\n    if v is not None: S[{hint.__name__!r}](v)")
        elif kind == "objects":
            inner = typing.get_args(hint)[0].__name__
            lines.append(f"f = S[{inner!r}]\n    for x in o.{n}: f(x)")
    body = "".join(f"    {line}\n" for line in lines) or "    pass\n"
    exec(compile(f"def share(o):\n{body}", f"<cache sharer {cls.__name__}>", "exec"), env)  # noqa: S102 - from the model only
    return env["share"]


def _shape(hint) -> str:
    """How ``_sharer`` treats a field of type ``hint``: a string, a tuple of strings, a tuple of small tuples
    (pairs), one model object, a tuple of model objects, or nothing to share ("")."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return _shape(rest[0]) if len(rest) == 1 else ""
    if hint is str:
        return "str"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return "object"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        if item is str:
            return "strs"
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return "objects"
        if typing.get_origin(item) is tuple and Ellipsis not in typing.get_args(item):
            return "pairs"
    return ""


_CANON: dict = {}  # equal tuples of strings, shared; emptied past _CANON_MAX so that a long-lived process keeps no more
_CANON_MAX = 1 << 17


def _keep(shared: tuple) -> tuple:
    """The table's tuple equal to ``shared``, kept as both key and value (the decoded copy is not kept)."""
    return _CANON.setdefault(shared, shared)

class _Sharers(dict):
    """Each model class's sharing pass, compiled the first time an object of the class is decoded (a run that
    decodes nothing, such as one whose stored result holds, compiles none)."""

    def __missing__(self, name: str):
        cls = _CLASSES[name]
        if not all(n in getattr(cls, "__slots__", ()) for n in (f.name for f in dataclasses.fields(cls))):
            raise KeyError(name)
        share = self[name] = _sharer(cls)
        return share


_SHARERS = _Sharers()


def _share(value):
    if len(_CANON) > _CANON_MAX:
        _CANON.clear()
    if isinstance(value, tuple):
        share = _SHARERS["SqlStatement"]
        for x in value:
            share(x)
    else:
        _SHARERS[type(value).__name__](value)
    return value


def encode(obj, tag: bytes = b"") -> bytes:
    """A parse result (a Document, a CodeFile or a tuple of SqlStatements) as JSON, tagged with its kind (or with
    ``tag``: b"A" for rows git history answered)."""
    return (tag or _TAGS[type(obj)]) + _ENCODER.encode(obj)


def decode(data: bytes):
    """The inverse of ``encode``; raises ValueError on anything that does not fit the model."""
    decoder = _DECODERS.get(data[:1])
    if decoder is None:
        raise ValueError("unknown cache entry")
    try:
        value = decoder.decode(data[1:])
        return value if data[:1] == b"A" else _share(value)
    except msgspec.DecodeError as exc:  # malformed JSON, or a value of the wrong type for its field
        raise ValueError(str(exc)) from None


def entry_blob(value, tag: bytes = b"") -> bytes:
    """A parse result (or, tagged b"A", git's answer) as a stored cache entry: tagged JSON, compressed; b"" for a
    value JSON cannot hold (a file name that is not UTF-8 carries lone surrogates): such a file is parsed, and
    such a question asked, on every run."""
    try:
        return zlib.compress(encode(value, tag), 1)
    except UnicodeEncodeError:
        return b""


def from_blob(blob: bytes):
    """The parse result an ``entry_blob`` of this run holds (a worker's result, sent as its cache entry)."""
    return decode(zlib.decompress(blob))


def content_digest(data: bytes) -> str:
    """What a file holds, as a hash: the stat index remembers it so that unchanged files are not read again."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def entry_key(kind: str, rel: str, digest: str, salt: str) -> str:
    """The cache key of one parse: the file's kind, path and content digest, and the settings that shape it."""
    text = "\0".join((__version__, salt, kind, rel, digest))
    return hashlib.blake2b(text.encode("utf-8", errors="surrogateescape"), digest_size=20).hexdigest()


MAX_ENTRY_BYTES = 64_000_000  # a decompressed entry larger than this is not a parse result of ours
SCHEMA = "v5"  # the layout of the store (entries of tagged JSON and stat rows authenticated by keyed BLAKE2b)


_DEPENDENCIES = ("sqlglot", "yaml", "frontmatter", "pyromark", "tree_sitter", "tree_sitter_go",
                 "tree_sitter_typescript", "networkx")


def file_stamp(path: str) -> str:
    """A file's path, size and mtime (``path:-`` when it does not exist)."""
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


@functools.cache
def code_signature() -> str:
    """tracer's version and code, Python's version and the parsers' packages, as one string, read once per
    process (the stored run's key and the parse store's name both hold it): neither a parse result nor a stored
    run is reused by another build of tracer (a developer's edit, or an upgrade that kept the version number)
    or after a parser's upgrade."""
    package = Path(__file__).parent.parent
    stamps = [__version__, sys.version]
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        stamps += (file_stamp(os.path.join(folder, f)) for f in sorted(files) if f.endswith(".py"))
    for name in _DEPENDENCIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        stamps.append(file_stamp(spec.origin) if spec and spec.origin else f"{name}:-")
    return "\n".join(stamps)


def _code_digest() -> str:
    """``code_signature`` as a short digest: the name of the parse store holds it."""
    return hashlib.blake2b(code_signature().encode("utf-8", errors="surrogateescape"), digest_size=6).hexdigest()


def cache_folder(root: Path) -> Path:
    """Where a repository's caches live: the parse store, the stored check result and graph (``.tracer/cache/``)."""
    return root / ".tracer" / "cache"


def stored_name(name: str) -> str:
    """The file a stored ``check`` result or ``graph`` of this version of tracer is kept in (``result_cache.py``)."""
    return f"{name}-{__version__}.json.z"


def _key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tracer" / "key"


def cache_key() -> bytes | None:
    """The secret that authenticates cache entries, created (0600) on first use; None when it cannot be kept."""
    path = _key_file()
    try:
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
        if len(data) == 32:
            return data
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        secret = os.urandom(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secret)
        return secret
    except FileExistsError:  # another run created it at the same moment
        try:
            data = path.read_bytes()
            return data if len(data) == 32 else None
        except OSError:
            return None
    except OSError:
        return None


def sign(secret: bytes, data: bytes) -> str:
    """The authentication of ``data`` under ``secret`` (keyed BLAKE2b, 256 bits, hex): what tracer stores in
    ``.tracer/`` is trusted only with it. BLAKE2's keyed mode is a MAC by design, and a third of HMAC-SHA256's
    cost on the short rows a warm run checks by the tens of thousands."""
    return hashlib.blake2b(data, key=secret, digest_size=32).hexdigest()


def inflate(blob: bytes) -> bytes | None:
    """Decompress at most MAX_ENTRY_BYTES; None for a bomb or a broken stream."""
    d = zlib.decompressobj()
    try:
        out = d.decompress(blob, MAX_ENTRY_BYTES)
    except zlib.error:
        return None
    return out if d.eof and not d.unconsumed_tail else None


def _rows_for(conn: sqlite3.Connection, query: str, values: list[str]):
    """The rows of ``query`` (ending in the column compared, "... WHERE key") for each of ``values``, asked in
    chunks of 500 (SQLite's limit on parameters is 999 in older builds)."""
    for i in range(0, len(values), 500):
        chunk = values[i : i + 500]
        yield from conn.execute(f"{query} IN ({','.join('?' * len(chunk))})", chunk)


class ParseCache:
    """Parse results by entry key, plus a stat index (path, mtime, ctime, size -> content digest).

    A connection is opened for each read or write and closed at once, so none is open while worker
    processes start.
    """

    def __init__(self, folder: Path, *, stat_index: bool = True):
        self.folder = folder
        self.path = folder / f"parse-{SCHEMA}-{__version__}-{MODEL_SIGNATURE}-{_code_digest()}.sqlite"
        self.secret = cache_key()
        self.usable = self.secret is not None  # no key that a pull request cannot know: no cache
        self.stats: dict[str, tuple[int, int, int, str]] = {}
        self.new_entries: list[tuple[str, bytes]] = []
        self.new_stats: list[tuple[str, int, int, int, str]] = []
        if not self.usable or not stat_index:
            return
        try:
            with closing(self._connect()) as conn:
                self._read_stats(conn.execute("SELECT path, mtime, ctime, size, digest FROM stats"))
        except (sqlite3.DatabaseError, OSError, TypeError):
            self.usable = False  # an unusable cache is no cache, never an error

    def _read_stats(self, rows) -> None:
        for p, m, c, size, signed in rows:
            digest, _, mac = str(signed).partition(":")
            if hmac.compare_digest(mac.encode("utf-8", errors="replace"), self._stat_mac(p, m, c, size, digest).encode()):
                self.stats[p] = (m, c, size, digest)

    def recorded(self, paths: list[str]) -> dict[str, tuple[int, int, int, str]]:
        """The stat index's rows for ``paths`` (mtime, ctime, size, digest), read for these paths alone."""
        if not self.usable or not paths:
            return {}
        try:
            with closing(self._connect()) as conn:
                self._read_stats(_rows_for(conn, "SELECT path, mtime, ctime, size, digest FROM stats WHERE path", paths))
        except (sqlite3.DatabaseError, OSError, TypeError):
            return {}
        return {p: self.stats[p] for p in paths if p in self.stats}

    def _mac(self, data: bytes) -> str:
        return sign(self.secret or b"", data)

    def _stat_mac(self, path: str, mtime: int, ctime: int, size: int, digest: str) -> str:
        """The MAC of a row of the stat index (what ``note_stat`` writes and ``_read_stats`` checks)."""
        return self._mac(f"{path}\0{mtime}\0{ctime}\0{size}\0{digest}".encode())

    def _connect(self) -> sqlite3.Connection:
        if self.folder.parent.name == ".tracer":
            own_folder(self.folder.parent)
        self.folder.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS stats (path TEXT PRIMARY KEY, mtime INTEGER, ctime INTEGER, size INTEGER, "
                     "digest TEXT)")
        return conn

    def known_digest(self, rel: str, st: os.stat_result) -> str:
        """The content digest recorded for ``rel`` when its size, mtime and ctime are unchanged, else ""."""
        entry = self.stats.get(rel)
        if entry and entry[0] == st.st_mtime_ns and entry[1] == st.st_ctime_ns and entry[2] == st.st_size:
            return entry[3]
        return ""

    def get_many(self, keys: list[str]) -> dict[str, object]:
        """Decoded entries for the keys that are cached (corrupt entries count as missing)."""
        out: dict[str, object] = {}
        for key, blob in self.get_blobs(keys).items():
            raw = inflate(blob)
            if raw is None:
                continue
            try:
                out[key] = decode(raw)
            except ValueError:
                continue
        return out

    def get_blobs(self, keys: list[str]) -> dict[str, bytes]:
        """The authenticated entries (compressed, as ``entry_blob`` made them) for the keys that are cached: what
        a worker process sends on for the parent to decode."""
        out: dict[str, bytes] = {}
        if not self.usable or not keys:
            return out
        try:
            with closing(self._connect()) as conn:
                for key, value in _rows_for(conn, "SELECT key, value FROM entries WHERE key", keys):
                    if not isinstance(value, bytes) or len(value) < 64:
                        continue
                    mac, blob = value[:64], value[64:]
                    if not hmac.compare_digest(mac, self._mac(key.encode() + b"\0" + blob).encode()):
                        continue  # planted, or written with another key: a miss
                    out[key] = blob
        except (sqlite3.DatabaseError, OSError):
            return {}
        return out

    def put(self, key: str, blob: bytes) -> None:
        """Queue an entry made by ``entry_blob``, signed; written by ``flush``."""
        self.new_entries.append((key, self._mac(key.encode() + b"\0" + blob).encode() + blob))

    def note_stat(self, rel: str, st: os.stat_result, digest: str) -> None:
        """Remember which content a file with this size, mtime and ctime has."""
        if self.stats.get(rel) == (st.st_mtime_ns, st.st_ctime_ns, st.st_size, digest):
            return  # known already (most files of a warm run)
        if time.time_ns() - st.st_mtime_ns < 2_000_000_000:
            return  # modified just now: a second change within the clock's resolution would go unseen
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:
            return  # a file name that is not UTF-8 cannot be a key of SQLite's text: it is read every run
        mac = self._stat_mac(rel, st.st_mtime_ns, st.st_ctime_ns, st.st_size, digest)
        self.new_stats.append((rel, st.st_mtime_ns, st.st_ctime_ns, st.st_size, f"{digest}:{mac}"))

    def flush(self) -> None:
        """Write queued entries in one transaction; a locked or broken cache is skipped silently."""
        if not self.usable or not (self.new_entries or self.new_stats):
            return
        try:
            with closing(self._connect()) as conn:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    # in key order: a B-tree filled in order has full pages, which a later run reads in a third
                    # of the time at 100,000 items (random order left them half full), and is filled faster
                    conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", sorted(self.new_entries))
                    conn.executemany("INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?)", sorted(self.new_stats))
                    conn.execute("COMMIT")
                    self.new_entries, self.new_stats = [], []  # written: a later flush writes only what follows
                except sqlite3.DatabaseError:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
        except (sqlite3.DatabaseError, OSError):
            return
        remove_stale_stores(self.folder, self.path.name)


Rows = tuple[tuple[str | int, ...], ...]


def history_answer(cache: ParseCache | None, what: str, git: GitInfo, asked: Iterable[str],
                   shape: tuple[type, ...], ask: Callable[[], tuple[Rows, bool]]) -> tuple[Rows, bool]:
    """What git history answers to ``what`` about ``asked`` at the checked-out commit, as rows of ``shape``, and
    whether git answered in full: kept in ``cache`` under the commit and the question, and taken from there while
    both are the same (the history below a commit never changes); else ``ask()``. An answer is never kept for a
    shallow clone (its history can grow under the same commit), nor when git could not give it in full."""
    asked = tuple(asked)
    key = ""
    if cache is not None and git.head and not git.shallow:
        text = "\0".join([git.head, *asked]).encode("utf-8", errors="surrogateescape")
        key = entry_key(what, git.prefix, content_digest(text), "")
    kept = cache.get_many([key]).get(key) if key else None
    if isinstance(kept, tuple) and all(len(row) == len(shape) and all(type(x) is t for x, t in zip(row, shape))
                                       for row in kept):
        return kept, True
    rows, complete = ask()
    if key and complete and (blob := entry_blob(rows, b"A")):
        cache.put(key, blob)
        cache.flush()
    return rows, complete


STALE_NS = 7 * 24 * 3600 * 10**9  # another store untouched this long belongs to a tracer no longer run here


def _stale_candidate(name: str, current: str) -> bool:
    """Whether ``name`` in the cache folder belongs to another version of tracer, store layout or model: a parse
    store (with its write-ahead log) other than ``current``, or a stored check result or graph of another
    version (``result_cache.py``)."""
    if name.startswith("parse-"):
        return ".sqlite" in name and not name.startswith(current)
    return name.startswith(("check-", "graph-")) and name.endswith(".json.z") \
        and name not in (stored_name("check"), stored_name("graph"))


def remove_stale_stores(folder: Path, current: str) -> None:
    """Delete the parse stores, check results and graphs of other tracer versions, store layouts or models from
    ``folder`` once none has been written for a week (each upgrade leaves them behind: 190 MB at 100,000 items).
    Two versions in use side by side (a pinned hook and a newer install) keep theirs. Only entries of tracer's
    own folder are removed, a link as a link, never what it points to; a failure is no error."""
    now = time.time_ns()
    try:
        names = [n for n in os.listdir(folder) if _stale_candidate(n, current)]
    except OSError:
        return
    for name in names:
        try:
            if now - os.lstat(folder / name).st_mtime_ns > STALE_NS:
                os.unlink(folder / name)
        except OSError:
            continue


def fits(kind: str, value, rel: str) -> bool:
    """Whether a cached value is what a file of this kind and path parses to (a guard against tampered entries)."""
    if kind == "doc":
        return isinstance(value, Document) and value.path == rel
    if kind == "code":
        return isinstance(value, CodeFile) and value.path == rel
    return isinstance(value, tuple) and all(isinstance(s, SqlStatement) and s.path == rel for s in value)
