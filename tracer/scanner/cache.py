"""The parse cache in ``.tracer/cache/``: parse results keyed by tracer version, settings, file and content.

Entries are JSON (never pickles). A pull request controls every byte of the repository, ``.tracer/`` included,
so every entry and every row of the stat index is authenticated: an HMAC with a key kept outside the
repository (in the user's cache folder, ``$XDG_CACHE_HOME/tracer/key``, created on first use). An entry a
pull request planted, or that another machine wrote, fails the check and is a cache miss, never a result;
decompression is bounded. (A ``.tracer/`` that git tracks, or that is a link, is not used at all.)

A stat index (path, mtime, ctime, size -> content digest) lets an unchanged file skip even being read (ctime
is set by the kernel on every change, so a tool that puts an mtime back does not hide an edit); the settings
are part of every entry key, never of the stat index, so a run with other settings never gets another run's
results. The store is SQLite in WAL mode: safe to delete at any time, safe under concurrent runs (the last
writer of an identical entry wins).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import time
import types
import typing
import zlib
from contextlib import closing
from enum import Enum
from pathlib import Path

from tracer import __version__
from tracer import model
from tracer.output import own_folder
from tracer.model import CodeFile, Document, SqlStatement

_CLASSES = {c.__name__: c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)}
_FIELDS = {name: tuple(f.name for f in dataclasses.fields(c)) for name, c in _CLASSES.items()}


def _converter(hint):
    """Source of an expression converting decoded JSON ``v`` into type ``hint`` (None: already right), and helpers."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in (str, int, bool, float):
        return None, hint
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint, None
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return (lambda v, n=hint.__name__: _DECODERS[n](v)), None
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        inner, scalar = _converter(next(a for a in args if a is not type(None)))
        if inner is None:
            return (lambda v, t=scalar: v if v is None or isinstance(v, t) else _bad()), None
        return (lambda v: None if v is None else inner(v)), None
    if origin is frozenset:
        item, scalar = _converter(args[0])
        if item is None:
            return (lambda v, t=scalar: frozenset(v) if all(isinstance(x, t) for x in v) else _bad()), None
        return (lambda v: frozenset(item(x) for x in v)), None
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            if isinstance(args[0], type) and dataclasses.is_dataclass(args[0]):
                return (lambda v, n=args[0].__name__: tuple(map(_DECODERS[n], v))), None
            item, scalar = _converter(args[0])
            if item is None:
                return (lambda v, t=scalar: tuple(v) if all(isinstance(x, t) for x in v) else _bad()), None
            return (lambda v: tuple(item(x) for x in v)), None
        items = [_converter(a) for a in args]
        funcs = [f if f is not None else (lambda x, t=t: x if isinstance(x, t) else _bad()) for f, t in items]
        return (lambda v: tuple(f(x) for f, x in zip(funcs, v, strict=True))), None
    raise TypeError(f"no cache converter for {hint!r}")


def _bad():
    raise ValueError("unexpected value in cache entry")


def _make_decoder(cls):
    """A decoder compiled for ``cls``: scalar fields are type-checked inline, the rest go through converters.

    The generated source comes from the model's own field names and types, never from the cache's content.
    Strings are interned (a file's path, a heading, a column type repeat in thousands of objects: decoded
    without it, a warm run held each copy and needed twice the memory of a cold one for the same model).
    A slotted class (the model's frozen dataclasses) is filled through its slot descriptors, as its own
    ``__init__`` would fill it but without the keyword call and name look-ups (twice as fast; none of the
    model's classes has a ``__post_init__``).
    """
    hints = typing.get_type_hints(cls)
    names = _FIELDS[cls.__name__]
    slotted = "__post_init__" not in vars(cls) and all(n in getattr(cls, "__slots__", ()) for n in names)
    env: dict = {"cls": cls, "_bad": _bad, "new": object.__new__, "intern": sys.intern}
    values = []
    for i, n in enumerate(names):
        conv, scalar = _converter(hints[n])
        if conv is None and scalar is str:  # interned: a path or a heading repeats in thousands of objects
            values.append(f"intern(v[{i}]) if type(v[{i}]) is str else _bad()")
        elif conv is None:
            env[f"t{i}"] = scalar
            values.append(f"v[{i}] if isinstance(v[{i}], t{i}) else _bad()")
        else:
            env[f"c{i}"] = conv
            values.append(f"c{i}(v[{i}])")
        env[f"s{i}"] = vars(cls)[n].__set__ if slotted else None
    if slotted:
        body = "    o = new(cls)\n" + "".join(f"    s{i}(o, {val})\n" for i, val in enumerate(values)) + "    return o\n"
    else:
        body = f"    return cls({', '.join(f'{n}={val}' for n, val in zip(names, values))})\n"
    src = f"def decode_one(v):\n    if len(v) != {len(names)}: _bad()\n{body}"
    exec(compile(src, f"<cache decoder {cls.__name__}>", "exec"), env)  # noqa: S102 - source built from the model only
    return env["decode_one"]


def _plain_json(hint) -> bool:
    """Whether values of type ``hint`` go into JSON as they are (scalars and tuples of them)."""
    if hint in (str, int, bool, float, type(None)) or hint is Ellipsis:
        return True
    origin = typing.get_origin(hint)
    if origin is tuple or origin in (types.UnionType, typing.Union):
        return all(_plain_json(a) for a in typing.get_args(hint))
    return False


def _make_encoder(cls):
    """An encoder compiled for ``cls``, the inverse of its decoder: a list of its field values, dataclasses
    encoded by their own encoders, enums as their values, scalars and tuples of scalars as they are."""
    hints = typing.get_type_hints(cls)
    env: dict = {"_plain": _plain, "E": _ENCODERS}
    values = []
    for n in _FIELDS[cls.__name__]:
        hint = hints[n]
        args = typing.get_args(hint)
        if _plain_json(hint):
            values.append(f"o.{n}")
        elif isinstance(hint, type) and issubclass(hint, Enum):
            values.append(f"o.{n}.value")
        elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
            values.append(f"E[{hint.__name__!r}](o.{n})")
        elif (typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis
              and isinstance(args[0], type) and dataclasses.is_dataclass(args[0])):
            values.append(f"[E[{args[0].__name__!r}](x) for x in o.{n}]")
        else:
            values.append(f"_plain(o.{n})")
    src = f"def encode_one(o):\n    return [{', '.join(values)}]\n"
    exec(compile(src, f"<cache encoder {cls.__name__}>", "exec"), env)  # noqa: S102 - source built from the model only
    return env["encode_one"]


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value):
        return _ENCODERS[type(value).__name__](value)
    if isinstance(value, tuple):
        return [_plain(x) for x in value]
    return value


_DECODERS: dict = {}
_ENCODERS: dict = {}
_ENCODERS.update({name: _make_encoder(c) for name, c in _CLASSES.items()})
_DECODERS.update({name: _make_decoder(c) for name, c in _CLASSES.items()})
_TOP = {"Document": lambda v: _DECODERS["Document"](v), "CodeFile": lambda v: _DECODERS["CodeFile"](v),
        "statements": lambda v: tuple(_DECODERS["SqlStatement"](x) for x in v)}


#: changes whenever a model class gains, loses or reorders a field, so that old entries are never read
MODEL_SIGNATURE = hashlib.blake2b(repr(sorted(_FIELDS.items())).encode(), digest_size=4).hexdigest()


def encode(obj) -> dict:
    """A parse result as JSON-ready data: its type name and its field values in order (types come from the model)."""
    if isinstance(obj, tuple):
        return {"t": "statements", "v": [_plain(x) for x in obj]}
    return {"t": type(obj).__name__, "v": _plain(obj)}


def decode(data: dict):
    """The inverse of ``encode``; raises ValueError/TypeError on anything that does not fit the model."""
    if not isinstance(data, dict) or data.get("t") not in _TOP:
        raise ValueError("unknown cache entry")
    return _TOP[data["t"]](data["v"])


def entry_blob(value) -> bytes:
    """A parse result as a stored cache entry: compact JSON, compressed."""
    return zlib.compress(json.dumps(encode(value), separators=(",", ":")).encode(), 1)


def from_blob(blob: bytes):
    """The parse result an ``entry_blob`` of this run holds (a worker's result, sent as its cache entry)."""
    return decode(json.loads(zlib.decompress(blob)))


def content_digest(data: bytes) -> str:
    """What a file holds, as a hash: the stat index remembers it so that unchanged files are not read again."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def entry_key(kind: str, rel: str, digest: str, salt: str) -> str:
    """The cache key of one parse: the file's kind, path and content digest, and the settings that shape it."""
    text = "\0".join((__version__, salt, kind, rel, digest))
    return hashlib.blake2b(text.encode("utf-8", errors="surrogateescape"), digest_size=20).hexdigest()


MAX_ENTRY_BYTES = 64_000_000  # a decompressed entry larger than this is not a parse result of ours
SCHEMA = "v3"  # the layout of the store (authenticated entries, ctime in the stat index)


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
    """The authentication of ``data`` under ``secret`` (HMAC-SHA256, hex): what tracer stores in ``.tracer/``
    is trusted only with it."""
    return hmac.new(secret, data, hashlib.sha256).hexdigest()


def inflate(blob: bytes) -> bytes | None:
    """Decompress at most MAX_ENTRY_BYTES; None for a bomb or a broken stream."""
    d = zlib.decompressobj()
    try:
        out = d.decompress(blob, MAX_ENTRY_BYTES)
    except zlib.error:
        return None
    return out if d.eof and not d.unconsumed_tail else None


class ParseCache:
    """Parse results by entry key, plus a stat index (path, mtime, ctime, size -> content digest).

    A connection is opened for each read or write and closed at once, so none is open while worker
    processes start.
    """

    def __init__(self, folder: Path, *, stat_index: bool = True):
        self.folder = folder
        self.path = folder / f"parse-{SCHEMA}-{__version__}-{MODEL_SIGNATURE}.sqlite"
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
            expected = self._mac(f"{p}\0{m}\0{c}\0{size}\0{digest}".encode()).encode()
            if hmac.compare_digest(mac.encode("utf-8", errors="replace"), expected):
                self.stats[p] = (m, c, size, digest)

    def recorded(self, paths: list[str]) -> dict[str, tuple[int, int, int, str]]:
        """The stat index's rows for ``paths`` (mtime, ctime, size, digest), read for these paths alone."""
        if not self.usable or not paths:
            return {}
        try:
            with closing(self._connect()) as conn:
                for i in range(0, len(paths), 500):
                    chunk = paths[i : i + 500]
                    self._read_stats(conn.execute(
                        f"SELECT path, mtime, ctime, size, digest FROM stats WHERE path IN ({','.join('?' * len(chunk))})",
                        chunk))
        except (sqlite3.DatabaseError, OSError, TypeError):
            return {}
        return {p: self.stats[p] for p in paths if p in self.stats}

    def _mac(self, data: bytes) -> str:
        return sign(self.secret or b"", data)

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
        if not self.usable or not keys:
            return out
        try:
            with closing(self._connect()) as conn:
                for i in range(0, len(keys), 500):
                    chunk = keys[i : i + 500]
                    rows = conn.execute(f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                    for key, value in rows:
                        if not isinstance(value, bytes) or len(value) < 64:
                            continue
                        mac, blob = value[:64], value[64:]
                        if not hmac.compare_digest(mac, self._mac(key.encode() + b"\0" + blob).encode()):
                            continue  # planted, or written with another key: a miss
                        raw = inflate(blob)
                        if raw is None:
                            continue
                        try:
                            out[key] = decode(json.loads(raw))
                        except (ValueError, TypeError, KeyError, IndexError, RecursionError):
                            continue
        except (sqlite3.DatabaseError, OSError):
            return {}
        return out

    def put(self, key: str, blob: bytes) -> None:
        """Queue an entry made by ``entry_blob``, signed; written by ``flush``."""
        self.new_entries.append((key, self._mac(key.encode() + b"\0" + blob).encode() + blob))

    def note_stat(self, rel: str, st: os.stat_result, digest: str) -> None:
        """Remember which content a file with this size, mtime and ctime has."""
        if time.time_ns() - st.st_mtime_ns < 2_000_000_000:
            return  # modified just now: a second change within the clock's resolution would go unseen
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:
            return  # a file name that is not UTF-8 cannot be a key of SQLite's text: it is read every run
        if self.stats.get(rel) != (st.st_mtime_ns, st.st_ctime_ns, st.st_size, digest):
            mac = self._mac(f"{rel}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_size}\0{digest}".encode())
            self.new_stats.append((rel, st.st_mtime_ns, st.st_ctime_ns, st.st_size, f"{digest}:{mac}"))

    def flush(self) -> None:
        """Write queued entries in one transaction; a locked or broken cache is skipped silently."""
        if not self.usable or not (self.new_entries or self.new_stats):
            return
        try:
            with closing(self._connect()) as conn:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self.new_entries)
                    conn.executemany("INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?)", self.new_stats)
                    conn.execute("COMMIT")
                except sqlite3.DatabaseError:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
        except (sqlite3.DatabaseError, OSError):
            pass


def fits(kind: str, value, rel: str) -> bool:
    """Whether a cached value is what a file of this kind and path parses to (a guard against tampered entries)."""
    if kind == "doc":
        return isinstance(value, Document) and value.path == rel
    if kind == "code":
        return isinstance(value, CodeFile) and value.path == rel
    return isinstance(value, tuple) and all(isinstance(s, SqlStatement) and s.path == rel for s in value)
