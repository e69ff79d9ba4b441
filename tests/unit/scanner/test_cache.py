"""The parse cache: warm equals cold, a changed file is re-parsed, tampering and settings never leak through."""

import sqlite3
import time

from tests.builders import prd, spec
from tracer.api import analyse, check
from tracer.scanner import cache as cache_mod

FILES = {"docs/f.prd.md": prd({"US-001": "a"}, doc_id="f"),
         "docs/s.tech.md": spec(parent="f", modify=("src/a.py", "src/gone.py"), sql="CREATE TABLE t (id INT);"),
         "src/a.py": "@app.get('/x')\ndef x(): ...\n", "db/migrations/1.sql": "CREATE TABLE t (id INT);\n"}


def findings(root, **overrides):
    return [f.to_dict() for f in check(analyse(root, overrides or None)).findings]


def db(root):
    return next((root / ".tracer" / "cache").glob("parse-*.sqlite"))


def test_warm_run_equals_cold_and_uses_the_cache(make_repo):
    root = make_repo(FILES)
    cold = findings(root)
    n = sqlite3.connect(db(root)).execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    assert n == 4
    assert findings(root) == cold
    assert findings(root, cache=False) == cold


def test_changed_file_is_parsed_again(make_repo):
    root = make_repo(FILES)
    findings(root)
    (root / "docs/s.tech.md").write_text(spec(parent="f", modify=("src/a.py",)))
    assert [f["subject"] for f in findings(root) if f["rule"] == "TR201"] == []


def test_unchanged_files_are_not_read_again(make_repo, monkeypatch):
    root = make_repo(FILES)
    old = time.time() - 60
    for p in root.rglob("*"):
        if p.is_file():
            import os

            os.utime(p, (old, old))
    findings(root)
    reads = []
    import tracer.scanner.parsing as scanner

    real = scanner.read_text
    monkeypatch.setattr(scanner, "read_text", lambda *a, **k: reads.append(a[1]) or real(*a, **k))
    findings(root)
    assert reads == []


def test_another_build_of_tracer_parses_again(make_repo, monkeypatch):
    """The parse store belongs to one build of tracer (its code and its parsers' packages, not only its version
    number, which a checkout of a newer commit keeps): a build whose parsers changed never takes what the old
    one stored."""
    import tracer.scanner.parsing as parsing

    root = make_repo(FILES)
    cold = findings(root)
    parsed = []
    real = parsing.parse_unit
    monkeypatch.setattr(parsing, "parse_unit", lambda kind, rel, *a, **k: parsed.append(rel) or real(kind, rel, *a, **k))
    assert findings(root) == cold and parsed == []  # the same build: every file from the cache
    monkeypatch.setattr(cache_mod, "code_signature", lambda: "another build")
    assert findings(root) == cold and sorted(parsed) == sorted(FILES)


def test_tampered_entries_are_ignored(make_repo):
    root = make_repo(FILES)
    cold = findings(root)
    conn = sqlite3.connect(db(root))
    import zlib

    conn.execute("UPDATE entries SET value = ?", (zlib.compress(b'{"t": "Document", "v": ["evil"]}'),))
    conn.commit()
    assert findings(root) == cold
    conn.execute("UPDATE entries SET value = ?", (b"not zlib",))
    conn.commit()
    assert findings(root) == cold
    # a well-formed entry of the wrong kind (a document where statements belong) is refused too
    doc = cache_mod.entry_blob(analyse(root).project.documents[0])
    conn.execute("UPDATE entries SET value = ?", (doc,))
    conn.commit()
    assert findings(root) == cold


def test_settings_are_part_of_the_key(make_repo):
    root = make_repo({**FILES, "docs/f.prd.md": prd({"US-001": "a"}, doc_id="f", status="someday")})
    assert any(f["rule"] == "TR005" for f in findings(root))
    (root / "tracer.toml").write_text("[tool.tracer.statuses]\nactive = ['someday']\n")
    assert not any(f["rule"] == "TR005" for f in findings(root))


def test_deleting_the_cache_is_safe(make_repo):
    import shutil

    root = make_repo(FILES)
    cold = findings(root)
    shutil.rmtree(root / ".tracer" / "cache")
    assert findings(root) == cold


def test_round_trip_of_every_model_object(sample_copy):
    a = analyse(sample_copy, {"cache": False})
    for d in a.project.documents:
        assert cache_mod.decode(cache_mod.encode(d)) == d
    for c in a.project.code_files:
        assert cache_mod.decode(cache_mod.encode(c)) == c


def test_concurrent_scans_share_the_cache(make_repo):
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    root = make_repo({**FILES, **{f"docs/x{i}.tech.md": spec(parent="f") for i in range(30)}})
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        a, b = pool.map(findings, [root, root])
    assert a == b == findings(root)


def test_parallel_and_serial_parsing_agree(tmp_path, monkeypatch):
    """Above PARALLEL_MIN files, worker processes parse; the result must be the same as parsing here."""
    import sys

    import tracer.scanner.parsing as scanner
    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    generate(tmp_path / "repo", 40)  # 40 PRDs: 400 documents, 240 code files, 240 migrations
    monkeypatch.setattr(scanner, "PARALLEL_MIN", 100)
    parallel = findings(tmp_path / "repo", cache=False)
    monkeypatch.setattr(scanner, "PARALLEL_MIN", 10**9)
    serial = findings(tmp_path / "repo", cache=False)
    assert parallel == serial and len(serial) > 0


def test_parallel_parse_from_a_threaded_caller_avoids_fork(tmp_path, monkeypatch):
    """A library caller with threads must not fork (a lock held by another thread would never be released)."""
    import sys
    import threading

    import tracer.scanner.parsing as parsing
    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    generate(tmp_path / "repo", 20)
    monkeypatch.setattr(parsing, "PARALLEL_MIN", 50)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parsing._mp_context().get_start_method() in ("forkserver", "spawn")
        threaded = findings(tmp_path / "repo", cache=False)
    finally:
        stop.set()
        other.join()
    assert parsing._mp_context().get_start_method() == "fork"  # single-threaded again: fork is safe and fastest
    monkeypatch.setattr(parsing, "PARALLEL_MIN", 10**9)
    assert threaded == findings(tmp_path / "repo", cache=False) and threaded


def test_changing_a_setting_between_warm_runs_never_reuses_results(make_repo):
    """Every setting that shapes a parse is part of the cache key, including for files the stat index knows."""
    old = time.time() - 60
    files = {**FILES, "db/migrations/2.sql": "PRAGMA foreign_keys = ON;\nCREATE TABLE u (id INTEGER);\n"}
    root = make_repo(files)
    import os

    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, (old, old))
    for setting in ({"dialect": "sqlite"}, {"profile": ["default", "kiro"]}, {"statuses": {"done": ["someday"]}},
                    {"max_file_bytes": 10}):
        findings(root)  # warm the cache with the defaults
        assert findings(root, **setting) == findings(root, cache=False, **setting), setting


def test_decoded_strings_are_shared_so_a_warm_run_needs_no_more_memory_than_a_cold_one(sample_copy):
    docs = [d for d in analyse(sample_copy, {"cache": False}).project.documents if d.sections]
    doc = docs[0]
    a, b = (cache_mod.decode(cache_mod.encode(doc)) for _ in range(2))  # two runs' worth of separately read strings
    assert a == doc and a.path is b.path and a.sections[0].title is b.sections[0].title
    assert a.expected_sections is b.expected_sections and a.meta is b.meta  # equal tuples of strings: one object
    assert all(x.path is a.path for x in a.stories)  # the path each story repeats


def test_a_signed_entry_that_does_not_fit_the_model_is_a_miss(make_repo):
    """The signature proves who wrote an entry, the decoder that it is a parse result: a field of the wrong type
    (a line number that is a string) or an unknown kind is refused, and the file is parsed again."""
    import json
    import zlib

    root = make_repo(FILES)
    cold = findings(root)
    cache = cache_mod.ParseCache(root / ".tracer" / "cache")
    conn = sqlite3.connect(db(root))
    rows = conn.execute("SELECT key, value FROM entries").fetchall()
    for key, value in rows:
        raw = zlib.decompress(value[64:])
        data = json.loads(raw[1:])
        if raw[:1] == b"D":
            data["title"] = 7  # a number where a string belongs
            bad = raw[:1] + json.dumps(data).encode()
        else:
            bad = b"X" + raw[1:]  # a kind tracer never writes
        cache.new_entries.clear()
        cache.put(key, zlib.compress(bad))
        conn.execute("UPDATE entries SET value = ? WHERE key = ?", (cache.new_entries[0][1], key))
    conn.commit()
    for key, _ in rows:
        assert cache.get_many([key]) == {}
    assert findings(root) == cold


def test_the_table_of_shared_tuples_stays_bounded_in_a_long_lived_process(sample_copy, monkeypatch):
    docs = analyse(sample_copy, {"cache": False}).project.documents
    monkeypatch.setattr(cache_mod, "_CANON_MAX", 5)
    for _ in range(3):
        for d in docs:
            assert cache_mod.decode(cache_mod.encode(d)) == d
            assert len(cache_mod._CANON) <= 5 + 20  # a document adds a few tuples past the bound, never a run's worth


def test_stores_of_other_versions_are_removed_once_unused_for_a_week(make_repo, tmp_path):
    """Each upgrade leaves the old version's store behind; a run that writes to its own removes those no
    run has written to for a week (a version still in use side by side keeps its store), and a link in the
    cache folder goes as a link, never what it points to."""
    import os

    root = make_repo(FILES)
    folder = root / ".tracer" / "cache"
    folder.mkdir(parents=True)
    outside = tmp_path / "outside.sqlite"
    outside.write_bytes(b"not tracer's")
    old, recent = folder / "parse-v1-0.0.1-00000000.sqlite", folder / "parse-v1-0.0.2-00000000.sqlite"
    results = [folder / "check-0.0.1.json.z", folder / "graph-0.0.1.json.z"]  # a stored check and graph of 0.0.1
    for p in (old, recent, folder / (old.name + "-wal"), *results):
        p.write_bytes(b"an older store")
    (folder / "parse-v0-link.sqlite").symlink_to(outside)
    week_ago = time.time() - 8 * 24 * 3600
    for p in (old, folder / (old.name + "-wal"), *results):
        os.utime(p, (week_ago, week_ago))
    os.utime(folder / "parse-v0-link.sqlite", (week_ago, week_ago), follow_symlinks=False)
    findings(root)
    left = sorted(p.name for p in folder.iterdir())
    current = cache_mod.ParseCache(folder, stat_index=False).path.name
    assert current in left and recent.name in left
    assert old.name not in left and old.name + "-wal" not in left and "parse-v0-link.sqlite" not in left
    assert not any(p.name in left for p in results)
    assert outside.read_bytes() == b"not tracer's"
    mine = folder / f"check-{cache_mod.__version__}.json.z"  # this version's stored result: never one of them
    mine.write_bytes(b"a stored result")
    os.utime(mine, (week_ago, week_ago))
    # this version's store is never one of them, however long ago its file was last written (another run
    # holding it open keeps the new entries in the write-ahead log, and the store's own file untouched)
    for p in folder.glob(current + "*"):
        os.utime(p, (week_ago, week_ago))
    held = sqlite3.connect(folder / current)
    held.execute("SELECT COUNT(*) FROM entries").fetchone()
    (root / "src/a.py").write_text("@app.get('/y')\ndef y(): ...\n")
    findings(root)
    held.close()
    assert (folder / current).exists() and mine.exists()
    assert sqlite3.connect(folder / current).execute("SELECT COUNT(*) FROM entries").fetchone()[0] >= 4


def test_a_kept_history_answer_is_trusted_only_for_its_commit_question_and_shape(tmp_path):
    """What git history answered is kept per commit and question; rows of another shape than the one asked for
    (an int where a str belongs) are not trusted, and a shallow clone's answer is never kept."""
    from tracer.model import GitInfo

    store = cache_mod.ParseCache(tmp_path / ".tracer" / "cache")
    at = GitInfo(is_repo=True, head="a" * 40)
    asked = []

    def ask(rows):
        return lambda: (asked.append(rows), (rows, True))[1]

    rows = (("src/x.py", 1700000000),)
    assert cache_mod.history_answer(store, "times", at, ["q"], (str, int), ask(rows)) == (rows, True)
    assert cache_mod.history_answer(store, "times", at, ["q"], (str, int), ask(())) == (rows, True)
    assert len(asked) == 1  # kept
    assert cache_mod.history_answer(store, "times", at, ["q"], (str, str), ask(())) == ((), True)
    assert cache_mod.history_answer(store, "times", at, ["other"], (str, int), ask(())) == ((), True)
    other_commit = GitInfo(is_repo=True, head="b" * 40)
    assert cache_mod.history_answer(store, "times", other_commit, ["q"], (str, int), ask(())) == ((), True)
    assert len(asked) == 4
    shallow = GitInfo(is_repo=True, head="a" * 40, shallow=True)
    for _ in range(2):
        cache_mod.history_answer(store, "times", shallow, ["q"], (str, int), ask(rows))
    assert len(asked) == 6
