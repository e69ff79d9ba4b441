"""A check's result reused when nothing it reads has changed: ``.tracer/cache/result-<version>.json``.

A pre-commit hook, an editor on save or a developer's habit runs ``tracer check`` again and again on a
repository that did not change in between. Such a run lists the files (which it must, to know that nothing
changed), finds the key below equal to the stored one, and returns the stored result: no parsing, no
resolution, no rules, and none of their imports.

The key is a digest of everything a check reads:

- tracer's version and code (every module's size and mtime), Python's version, and the installed parsers it
  depends on (their ``__init__`` files' size and mtime);
- the repository's folder, the configuration (every value, after overrides) and the run's options (rules
  enabled, the paths of ``--changed``);
- git's HEAD, whether the clone is shallow, the scanned folder's prefix;
- every listed file with its size, mtime, ctime and inode, and which are links: a file that changed,
  appeared, disappeared or moved changes the key (ctime is set by the kernel on every change, so a tool
  that restores an mtime does not hide an edit).

A result is stored only after a run without crashes, with the parse cache on, and when no listed file changed
in the two seconds before the files were listed (a second change within the clock's resolution would keep
the same stat). Like the parse cache it is authenticated with the key kept outside the repository (a
planted or foreign file is a miss, never a result), read with a bound, written atomically.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import json
import os
import sys
from pathlib import Path

from tracer import __version__
from tracer.errors import TracerError
from tracer.output import own_folder, write_atomic, write_problem
from tracer.reading import read_regular
from tracer.rules.base import Finding, Fix, Related
from tracer.rules.result import CheckResult

MAX_BYTES = 64_000_000  # a stored result larger than this is not one of ours
RECENT_NS = 2_000_000_000  # files changed this close to the listing are not trusted by their stat
_DEPENDENCIES = ("sqlglot", "yaml", "frontmatter", "pyromark", "tree_sitter", "tree_sitter_go",
                 "tree_sitter_typescript")


def _file_stamp(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def code_signature() -> str:
    """tracer's version and code, Python's version and the parsers' packages, as one string: a result is
    never reused by another build of tracer (a developer's edit included) or after a parser's upgrade."""
    package = Path(__file__).parent
    stamps = [__version__, sys.version]
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        stamps += (_file_stamp(os.path.join(folder, f)) for f in sorted(files) if f.endswith(".py"))
    for name in _DEPENDENCIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        stamps.append(_file_stamp(spec.origin) if spec and spec.origin else f"{name}:-")
    return "\n".join(stamps)


def result_key(analysis, enable: tuple[str, ...], only_paths: set[str] | None) -> str:
    """The digest of everything the check of ``analysis`` reads, or "" when its result may not be reused
    (the cache is off, or a listed file changed too recently for its stat to be trusted)."""
    listing = analysis.listing
    if not analysis.config.cache or analysis.notes:
        return ""
    h = hashlib.blake2b(digest_size=32)
    head = (code_signature(), str(analysis.root), repr(analysis.config), repr(tuple(enable)),
            repr(sorted(only_paths)) if only_paths is not None else "all", repr(listing.git),
            repr(listing.problems), repr(sorted(listing.links)))
    h.update("\0".join(head).encode("utf-8", errors="surrogateescape"))
    newest = 0
    parts = []
    for rel in listing.files:
        st = listing.stats[rel]
        newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
        parts.append(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0{st.st_mode}")
    if newest > listing.taken_at - RECENT_NS:
        return ""
    h.update("\n".join(parts).encode("utf-8", errors="surrogateescape"))
    return h.hexdigest()


def _path(root: Path) -> Path:
    return root / ".tracer" / "cache" / f"result-{__version__}.json"


def _mac(secret: bytes, data: bytes) -> bytes:
    return hmac.new(secret, data, hashlib.sha256).hexdigest().encode()


def load(root: Path, key: str) -> CheckResult | None:
    """The stored result for ``key``, or None (none stored, another key, not authentic, not readable)."""
    from tracer.scanner.cache import cache_key

    secret = cache_key()
    if not key or secret is None:
        return None
    try:
        raw = read_regular(_path(root), MAX_BYTES)
    except OSError:
        return None
    mac, _, body = raw.partition(b"\n")
    if len(raw) > MAX_BYTES or not hmac.compare_digest(mac, _mac(secret, body)):
        return None
    try:
        data = json.loads(body)
        if data.get("key") != key:
            return None
        return _decode(data["result"])
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def store(root: Path, key: str, result: CheckResult) -> None:
    """Keep ``result`` as the one for ``key``; a result with crashes is never kept, a failed write is no error."""
    from tracer.scanner.cache import cache_key

    secret = cache_key()
    if not key or secret is None or result.crashes or result.baseline_matched or result.baseline_unmatched:
        return
    path = _path(root)
    if write_problem(path, root):
        return
    body = json.dumps({"key": key, "result": _encode(result)}, separators=(",", ":"), ensure_ascii=False).encode()
    try:
        own_folder(path.parent.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _mac(secret, body) + b"\n" + body, durable=False)
    except (TracerError, OSError):
        return


def _encode(result: CheckResult) -> dict:
    return {"findings": [f.to_dict() for f in result.findings], "suppressed": result.suppressed,
            "notes": list(result.notes), "rules_run": list(result.rules_run)}


def _text(value) -> str:
    if type(value) is not str:
        raise TypeError("expected a string")
    return value


def _number(value) -> int:
    if type(value) is not int:
        raise TypeError("expected an integer")
    return value


def _finding(d: dict) -> Finding:
    fix = d.get("fix")
    return Finding(
        rule=_text(d["rule"]), slug=_text(d["slug"]), severity=_text(d["severity"]), path=_text(d["path"]),
        line=_number(d["line"]), message=_text(d["message"]), subject=_text(d["subject"]),
        fingerprint=_text(d["fingerprint"]),
        related=tuple(Related(path=_text(r["path"]), line=_number(r["line"]), message=_text(r["message"]))
                      for r in d.get("related", ())),
        fix=None if fix is None else Fix(path=_text(fix["path"]), line=_number(fix["line"]),
                                         column=_number(fix["column"]), old=_text(fix["old"]), new=_text(fix["new"])))


def _decode(data: dict) -> CheckResult:
    return CheckResult(findings=tuple(_finding(f) for f in data["findings"]), suppressed=_number(data["suppressed"]),
                       notes=tuple(_text(n) for n in data["notes"]), rules_run=tuple(_text(r) for r in data["rules_run"]),
                       crashes=())
