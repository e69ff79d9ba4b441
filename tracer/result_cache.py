"""A run's results reused when nothing they were made from has changed: the last check's result and the
last graph, in ``.tracer/cache/check-<version>.json.z`` and ``graph-<version>.json.z``.

A pre-commit hook, an editor on save or a developer's habit runs ``tracer check`` again and again on a
repository that did not change in between, and ``tracer impact`` is asked about one file after another
before a change is made. Such a run lists the files (which it must, to know that nothing changed), finds the
key below equal to the stored one, and takes the stored result: a check does no parsing, no resolution, no
rules, and none of their imports; an impact loads the graph instead of scanning and building it.

The key is a digest of everything a run reads:

- tracer's version and code (every module's size and mtime), Python's version, and the installed parsers it
  depends on (their ``__init__`` files' size and mtime);
- the repository's folder and the configuration (every value, after overrides);
- git's HEAD, whether the clone is shallow, the scanned folder's prefix;
- every listed file with its size, mtime, ctime and inode, and which are links: a file that changed,
  appeared, disappeared or moved changes the key (ctime is set by the kernel on every change, so a tool
  that restores an mtime does not hide an edit), the clone's ``.git/info/exclude`` and the excludes file
  git's configuration names (``core.excludesFile``);
- stored with the result, the paths the run had to ask the file system about because the listing could
  not answer (a link's target, a declared path under a folder a walk skips): each must give the same
  answer again.

When the key differs only because some files changed, the stored result still holds if every changed file
is a parsed file (a document, a migration, a code file) that parses to exactly what it parsed to then (its
earlier parse is found through the stat index and the parse cache): a reworded paragraph, a code change
inside a function. The changed files are parsed and compared, nothing else; the result is then kept under
the new stats. A changed file of any other kind (a status file, go.mod, a file the rules read the text of
for a fix), a file added or removed, or more than ``MAX_EDITED`` changed files, is a full run.

A check's result is also keyed by the rules enabled; it is kept whole, before ``--changed`` narrows it, so a
run with ``--changed`` reuses it whatever the paths. Nothing is stored
with the parse cache off, from a run with crashes, or when a listed file changed in the two seconds before
the files were listed (a second change within the clock's resolution would keep the same stat). Like the
parse cache, what is stored is authenticated with the key kept outside the repository (a planted or foreign
file is a miss, never a result), compressed, read with a bound and written atomically; a graph whose JSON
exceeds 64 MB (about 40,000 documents) is not stored. What decides whether a stored run holds (the key, the
stats, the probes) is a header compressed apart from the result or graph it guards, which is decoded only
when the header holds, and kept as it is when the run only moves it to today's stats.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import operator
import os
import zlib
from pathlib import Path

from tracer import __version__
from tracer.errors import TracerError
from tracer.output import own_folder, write_atomic, write_problem
from tracer.reading import read_regular
from tracer.rules.result import CheckResult

MAX_BYTES = 64_000_000  # a stored file larger than this (compressed) is not one of ours
RECENT_NS = 2_000_000_000  # files changed this close to the listing are not trusted by their stat
def _exclude_stamp(root: Path) -> str | None:
    """The size and mtime of the files git reads what it ignores from beyond the listed ``.gitignore`` files
    (it decides which missing paths are ignored output): the clone's ``.git/info/exclude``, and the excludes
    file git's configuration names (``core.excludesFile``, by default ``$XDG_CONFIG_HOME/git/ignore``); None
    when git cannot say which file that is."""
    from tracer.scanner.cache import file_stamp
    from tracer.scanner.git import git

    stamps = []
    for folder in (root, *root.parents):
        if (folder / ".git").is_dir():
            stamps.append(file_stamp(str(folder / ".git" / "info" / "exclude")))
            break
    res = git(root, "config", "--path", "--get", "core.excludesFile", timeout=10)
    if res is None or res.returncode not in (0, 1):  # 1: not set, git's default file applies
        return None
    named = res.stdout.decode("utf-8", errors="surrogateescape").strip()
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    stamps.append(file_stamp(os.path.join(root, named) if named else os.path.join(config, "git", "ignore")))
    return "\n".join(stamps)


def _probes_hold(root: Path, probed) -> bool:
    """Whether every path the stored run asked the file system about still gives the same answer."""
    from tracer.scanner.text import safe_stat_exists

    if not isinstance(probed, list):
        return False
    for item in probed:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], bool)):
            return False
        if safe_stat_exists(root, item[0]) != item[1]:
            return False
    return True


def head_key(analysis) -> str:
    """The digest of what a run reads besides the files' contents (tracer's code, the configuration, git's
    HEAD, which files are links), or "" when nothing may be reused (the cache is off or cannot be used)."""
    listing = analysis.listing
    if not analysis.config.cache or analysis.notes:
        return ""
    excludes = _exclude_stamp(analysis.root) if listing.git.is_repo else ""
    if excludes is None:
        return ""
    from tracer.scanner.cache import code_signature

    head = (code_signature(), str(analysis.root), repr(analysis.config), repr(listing.git), repr(listing.problems),
            repr(sorted(listing.links)), repr(sorted(listing.submodules)), excludes)
    return hashlib.blake2b("\0".join(head).encode("utf-8", errors="surrogateescape"), digest_size=32).hexdigest()


# what identifies a version of a file, for the key and for the table a later run compares with
_STAT = operator.attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino", "st_mode")


def _stat_row(st: os.stat_result) -> list[int]:
    return list(_STAT(st))


def inputs_key(analysis) -> str:
    """The digest of everything a run on ``analysis`` reads, or "" when nothing may be reused (the cache is
    off, or a listed file changed too recently for its stat to be trusted)."""
    listing = analysis.listing
    head = analysis.head_key
    if not head:
        return ""
    h = hashlib.blake2b(head.encode(), digest_size=32)
    newest = 0
    parts = []
    for rel in listing.files:
        st = listing.stats[rel]
        newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
        parts.append("%s\0%d\0%d\0%d\0%d\0%d" % (rel, *_STAT(st)))
    if newest > listing.taken_at - RECENT_NS:
        return ""
    h.update("\n".join(parts).encode("utf-8", errors="surrogateescape"))
    return h.hexdigest()


def _options(enable: tuple[str, ...]) -> str:
    return repr(tuple(enable))


def _derived(kind: str, base: str, options: str = "") -> str:
    return hashlib.blake2b(f"{kind}\0{base}\0{options}".encode("utf-8", errors="surrogateescape"),
                           digest_size=32).hexdigest() if base else ""


def result_key(analysis, enable: tuple[str, ...]) -> str:
    """The key of a check of ``analysis`` with these rules enabled ("" when its result may not be reused)."""
    return _derived("check", analysis.inputs_key, _options(enable))


def graph_key(analysis) -> str:
    """The key of the graph of ``analysis`` ("" when it may not be reused)."""
    return _derived("graph", analysis.inputs_key)


def _mac(secret: bytes, data: bytes) -> bytes:
    from tracer.scanner.cache import sign

    return sign(secret, data).encode()


def _json(blob: bytes):
    """The JSON value a compressed part holds, or None (a bomb, a broken stream, not JSON)."""
    import msgspec

    from tracer.scanner.cache import inflate

    text = inflate(blob)
    if text is None:
        return None
    try:
        return msgspec.json.decode(text)
    except msgspec.DecodeError:  # the escape of a lone surrogate (a name that is not UTF-8) is the json module's to read
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            return None


def _compressed(value) -> bytes | None:
    """``value`` as compressed JSON, or None when its JSON is larger than a reading accepts (``MAX_ENTRY_BYTES``:
    a graph of about 40,000 documents)."""
    import msgspec

    from tracer.scanner.cache import MAX_ENTRY_BYTES

    try:  # a tenth of the json module's time for a graph of 10,000 documents, the same bytes for ASCII
        text = msgspec.json.encode(value)
    except UnicodeEncodeError:  # a lone surrogate (a name that is not UTF-8): only an escape can carry it
        text = json.dumps(value, separators=(",", ":")).encode()
    return zlib.compress(text, 1) if len(text) <= MAX_ENTRY_BYTES else None


def _packed(secret: bytes, key: str, header: dict, body: bytes | None) -> bytes | None:
    """``header`` (with ``key``) compressed, then the compressed ``body``, signed together; None when either is
    too large to be read back."""
    head = _compressed({"key": key, "payload": header})
    if head is None or body is None:
        return None
    blob = b"%d\n" % len(head) + head + body
    return _mac(secret, blob) + b"\n" + blob


def pack(secret: bytes, key: str, header: dict, body) -> bytes | None:
    """What ``_load`` reads: ``header`` (with ``key``) and ``body``, compressed apart and signed together (None
    when either is too large to be read back)."""
    return _packed(secret, key, header, _compressed(body))


def _load(root: Path, name: str) -> tuple[str, dict, bytes] | None:
    """(key, header, compressed body) stored as ``name``, or None (none stored, not authentic, not readable,
    too large).

    The stored file is the signature, a line, then the header's length, a line, the compressed header (the
    key and what decides whether the stored run holds: stats, probes, kinds) and the compressed body (the
    result or the graph). The body is decoded only when the header holds: a run whose files changed learns
    that without decoding a graph (17 MB of JSON at 10,000 documents)."""
    from tracer.scanner.cache import cache_folder, cache_key, stored_name

    secret = cache_key()
    if secret is None:
        return None
    try:
        raw = read_regular(cache_folder(root) / stored_name(name), MAX_BYTES)
    except OSError:
        return None
    mac, _, blob = raw.partition(b"\n")
    if len(raw) > MAX_BYTES or not hmac.compare_digest(mac, _mac(secret, blob)):
        return None
    size, _, parts = blob.partition(b"\n")
    if not size.isdigit() or int(size) > len(parts):
        return None
    header = _json(parts[: int(size)])
    if not (isinstance(header, dict) and isinstance(header.get("key"), str) and isinstance(header.get("payload"), dict)):
        return None
    return header["key"], header["payload"], parts[int(size):]


def _store(root: Path, name: str, key: str, header: dict, body: bytes | None) -> None:
    """Keep ``header`` and the compressed ``body`` as ``name`` for ``key`` (signed, atomic); a failed write, or
    a body too large to be read back (None), is no error."""
    from tracer.scanner.cache import cache_folder, cache_key, stored_name

    secret = cache_key() if key and body is not None else None
    if secret is None:
        return
    path = cache_folder(root) / stored_name(name)
    if write_problem(path, root):
        return
    data = _packed(secret, key, header, body)
    if data is None or len(data) > MAX_BYTES:
        return  # more than a reading would accept: not worth writing
    try:
        own_folder(path.parent.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, durable=False)
    except (TracerError, OSError):
        return


MAX_EDITED = 50  # more changed files than this: a full run is as cheap as comparing them


def _same_model(analysis, header: dict, avoid: frozenset[str] = frozenset()) -> bool:
    """Whether the files that changed since ``header`` was stored are all parsed files (documents,
    migrations, code) that parse to exactly what they parsed to then, none of them in ``avoid`` (files whose
    text was read beyond its parse), and every file-system answer still holds: then everything a run
    computes from the model is what it was (a reworded paragraph, a code change inside a function)."""
    from tracer.scanner.cache import ParseCache, cache_folder, entry_key
    from tracer.scanner.parsing import parse_all

    files, units = header.get("files"), header.get("units")
    listing = analysis.listing
    if not isinstance(files, dict) or not isinstance(units, dict) or len(files) != len(listing.files):
        return False
    changed = []
    for rel in listing.files:
        row = files.get(rel)
        if row is None:
            return False  # a file appeared (and one went, as the counts agree)
        if row != _stat_row(listing.stats[rel]):
            changed.append(rel)
            if len(changed) > MAX_EDITED or rel not in units or rel in avoid:
                return False
    if not _probes_hold(analysis.root, header.get("probed")):
        return False
    if not changed:
        return True
    the_plan = analysis.plan
    if {rel: kind for kind, rel in the_plan.units} != units or any(rel in the_plan.side_reads for rel in changed):
        return False
    cache = ParseCache(cache_folder(analysis.root), stat_index=False)
    recorded = cache.recorded(changed)
    salt = the_plan.settings.salt
    old_keys = {}
    for rel in changed:
        row, rec = files[rel], recorded.get(rel)
        if rec is None or (rec[0], rec[1], rec[2]) != (row[1], row[2], row[0]):
            return False  # the stat index no longer knows what the file held then
        old_keys[rel] = entry_key(units[rel], rel, rec[3], salt)
    old = cache.get_many(list(old_keys.values()))
    if len(old) != len(old_keys):
        return False
    parsed = parse_all([(units[rel], rel) for rel in changed], analysis.root, analysis.config, the_plan.settings,
                       cache, None, listing.stats)
    if parsed.crashes or any(parsed.read_problems.values()):
        return False
    return all(parsed.values[(units[rel], rel)] == old[old_keys[rel]] for rel in changed)


def _holds(analysis, name: str, key: str, options: str = "") -> tuple[dict, bytes, bool] | None:
    """The header and compressed body stored as ``name`` when they hold for this run, with whether they were
    stored under this very key: the key is this run's (nothing changed), or the header's head is (the same
    code, configuration, options and commit) and the files that changed parse as before (``_same_model``);
    else None."""
    head = analysis.head_key
    stored = _load(analysis.root, name) if head else None
    if stored is None:
        return None
    stored_key, header, body = stored
    if key and stored_key == key:
        return (header, body, True) if _probes_hold(analysis.root, header.get("probed")) else None
    texts = header.get("texts", [])
    avoid = frozenset(t for t in texts if isinstance(t, str)) if isinstance(texts, list) else None
    if avoid is None or header.get("head") != _derived(name, head, options) or not _same_model(analysis, header, avoid):
        return None
    return header, body, False


def _header(analysis, name: str, options: str, probed: list, texts: list) -> dict:
    """What a later run compares before it decodes a stored body: the head, the probes, the files' stats and
    kinds, and the texts the rules read."""
    stats = analysis.listing.stats
    return {"head": _derived(name, analysis.head_key, options), "probed": probed, "texts": texts,
            "files": {rel: _stat_row(stats[rel]) for rel in analysis.listing.files},
            "units": {rel: kind for kind, rel in analysis.plan.units}}


def load_result(analysis, enable: tuple[str, ...]) -> CheckResult | None:
    """The stored check result, when it holds for this run (see ``_holds``); else None. A result that held
    after an edit is kept again under today's stats, so that the next run is a plain match."""
    key = result_key(analysis, enable)
    held = _holds(analysis, "check", key, _options(enable))
    if held is None:
        return None
    header, body, exact = held
    try:
        result = _decode(_json(body))
    except ValueError:
        return None
    if not exact:  # the same body, under today's stats
        _store(analysis.root, "check", key, _header(analysis, "check", _options(enable), header["probed"],
                                                   list(result.texts)), body)
    return result


def store_result(analysis, enable: tuple[str, ...], result: CheckResult) -> None:
    """Keep ``result`` as the check result of this run, with the file-system answers it depends on (those
    of the resolution); a result with crashes, one that git history could not inform in full, or one with a
    baseline applied is never kept."""
    key = result_key(analysis, enable)
    if not key or result.crashes or result.unread_history or result.baseline_matched or result.baseline_unmatched:
        return
    probed = [list(p) for p in analysis.resolution.probed]
    _store(analysis.root, "check", key, _header(analysis, "check", _options(enable), probed, list(result.texts)),
           _compressed(_encode(result)))


def load_graph(analysis):
    """The stored graph (node and edge order, keys and attributes as built) when it holds for this run, as a
    check result does (see ``_holds``); else None."""
    key = graph_key(analysis)
    held = _holds(analysis, "graph", key)
    if held is None:
        return None
    header, body, exact = held
    import networkx as nx

    try:
        graph = _graph_from(_json(body))
    except (ValueError, TypeError, KeyError, AttributeError, nx.NetworkXError):
        return None
    if not exact:  # the same body, under today's stats (not encoded again)
        _store(analysis.root, "graph", key, _header(analysis, "graph", "", header["probed"], []), body)
    return graph


def _graph_from(data: dict):
    """The graph ``networkx.node_link_data(graph, edges="edges")`` wrote, nodes and edges in their order, with
    their keys and attributes (what ``node_link_graph`` makes, in three quarters of its time: each edge is added
    with its attributes, not looked up again to set them)."""
    import networkx as nx

    if not (data["directed"] is True and data["multigraph"] is True):
        raise ValueError("not a directed multigraph")
    graph = nx.MultiDiGraph()
    graph.graph.update(data["graph"])
    graph.add_nodes_from((node.pop("id"), node) for node in data["nodes"])
    graph.add_edges_from((e.pop("source"), e.pop("target"), e.pop("key"), e) for e in data["edges"])
    return graph


def store_graph(analysis, graph) -> None:
    """Keep ``graph`` as the graph of this run, with the file-system answers it depends on (not when git
    history could not tell in full which paths were renamed: the next run asks again)."""
    key = graph_key(analysis)
    if not key or analysis.project.unread_history:
        return
    import networkx as nx

    probed = [list(p) for p in analysis.resolution.probed]
    _store(analysis.root, "graph", key, _header(analysis, "graph", "", probed, []),
           _compressed(nx.node_link_data(graph, edges="edges")))


def _encode(result: CheckResult) -> dict:
    return {"findings": [f.to_dict() for f in result.findings], "suppressed": result.suppressed,
            "notes": list(result.notes), "rules_run": list(result.rules_run), "texts": list(result.texts)}


#: what ``_encode`` writes, every one required on reading (a stored result has no crashes and no baseline)
_STORED = ("findings", "suppressed", "notes", "rules_run", "texts")


def _decode(data: dict) -> CheckResult:
    """The inverse of ``_encode``: every field checked against the result's type hints (msgspec); a finding
    without its fingerprint is not one tracer stored. ValueError for anything else."""
    import msgspec

    if not isinstance(data, dict) or any(k not in data for k in _STORED):
        raise ValueError("not a stored check result")
    try:
        result = msgspec.convert({k: data[k] for k in _STORED}, CheckResult)
    except msgspec.ValidationError as exc:
        raise ValueError(str(exc)) from None
    if not all(f.fingerprint for f in result.findings):
        raise ValueError("a finding without its fingerprint")
    return result
