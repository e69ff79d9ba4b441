"""A pull request controls every byte of the repository: it cannot stall, blind, crash or escape tracer.

Each case is a small repository built the way an attacker would build it: committed links carrying writes
out, a planted cache, injections into each output format, a FIFO, a device as a baseline, an absurd glob,
file names that break parsers, a damaged history, a killed parent process.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.builders import commit_all, git, git_init, prd, spec, write_repo

HEALTHY = {"docs/shop.prd.md": prd({"US-001": "As a buyer, I want orders"}, doc_id="shop"),
           "docs/orders.tech.md": spec(parent="shop.prd.md", modify=("src/app.py",)), "src/app.py": "x = 1\n"}


def repo_with(tmp_path: Path, files: dict, *, commit: bool = True) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    write_repo(root, files)
    git_init(root)
    if commit:
        commit_all(root, "init", "2026-01-01T10:00:00")
    return root


def outside_entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- writes never leave the repository through committed links --------------------------------------------

def repo_with_folder_link(tmp_path: Path, link: str) -> tuple[Path, Path]:
    """A healthy repository whose commit holds ``link``, a link to a folder outside it: (root, that folder)."""
    victim = tmp_path / "victim"
    victim.mkdir()
    root = repo_with(tmp_path, HEALTHY, commit=False)
    (root / link).symlink_to(victim)
    commit_all(root, "init", "2026-01-01T10:00:00")
    return root, victim


def test_a_committed_tracer_link_carries_no_write_out(cli, tmp_path):
    root, victim = repo_with_folder_link(tmp_path, ".tracer")
    run = cli("check", root)
    assert run.code == 0 and ".tracer is a link" in run.err
    assert cli("report", root, "--out", tmp_path / "out").code == 2  # the history would be written through it
    assert outside_entries(victim) == []


def test_a_committed_history_link_is_not_written_through(cli, tmp_path):
    victim = tmp_path / "victim.sqlite"
    sqlite3.connect(victim).execute("CREATE TABLE precious (x)").connection.commit()
    before = victim.read_bytes()
    root = repo_with(tmp_path, HEALTHY, commit=False)
    (root / ".tracer").mkdir()
    (root / ".tracer/history.sqlite").symlink_to(victim)
    commit_all(root, "init", "2026-01-01T10:00:00")
    run = cli("report", root, "--out", tmp_path / "out")
    assert run.code == 2 and run.err.strip().splitlines()[-1].startswith("tracer: error: the history cannot be kept")
    assert victim.read_bytes() == before and not Path(f"{victim}-wal").exists()


def test_history_outside_the_repository_only_from_the_command_line(cli, tmp_path):
    root = repo_with(tmp_path, {**HEALTHY, "tracer.toml": f'[tool.tracer]\nhistory = "{tmp_path / "h.sqlite"}"\n'})
    run = cli("report", root, "--out", tmp_path / "out")
    assert run.code == 2 and "outside the repository" in run.err and not (tmp_path / "h.sqlite").exists()
    assert cli("report", root, "--out", tmp_path / "out", "--history", tmp_path / "h.sqlite").code == 0
    assert (tmp_path / "h.sqlite").is_file()


def test_a_committed_report_folder_link_is_refused(cli, tmp_path):
    root, victim = repo_with_folder_link(tmp_path, "tracer-report")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        run = cli("report", ".", "--out", "tracer-report", "--no-history")
    finally:
        os.chdir(cwd)
    assert run.code == 2 and "is a link" in run.err
    assert outside_entries(victim) == []


# -- the cache is untrusted input --------------------------------------------------------------------------

def test_a_planted_cache_entry_never_hides_drift(cli, tmp_path):
    from tracer.scanner import cache as cache_mod
    from tracer.scanner.parsing import Settings

    root = repo_with(tmp_path, HEALTHY)
    assert cli("check", root).code == 0  # fills the cache with the healthy parse
    db = next((root / ".tracer/cache").glob("parse-*.sqlite"))
    drifted = spec(parent="shop.prd.md", modify=("src/gone.py",))
    (root / "docs/orders.tech.md").write_text(drifted)
    # the attacker writes the healthy parse under the key of the drifted content (keys are public: no secret)
    conn = sqlite3.connect(db)
    healthy = conn.execute("SELECT value FROM entries").fetchall()
    from tracer.config import Config
    from tracer.model.status import build_status_map

    settings = Settings(dialect="postgres", status_map=build_status_map({}), profiles=("default",),
                        max_file_bytes=Config().max_file_bytes, declaration_keys=Config().declaration_keys)
    key = cache_mod.entry_key("doc", "docs/orders.tech.md", cache_mod.content_digest(drifted.encode()), settings.salt)
    for (value,) in healthy:
        conn.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, value))
    conn.commit()
    run = cli("check", root, "--format", "json", "--fail-on", "never")
    assert ("TR201", "src/gone.py") in {(f["rule"], f["subject"]) for f in run.json()["findings"]}


def test_a_decompression_bomb_is_a_miss():
    import zlib

    from tracer.scanner.cache import MAX_ENTRY_BYTES, inflate

    bomb = zlib.compress(b"\0" * (MAX_ENTRY_BYTES + 1_000_000), 9)
    assert len(bomb) < 200_000 and inflate(bomb) is None
    assert inflate(zlib.compress(b"{}")) == b"{}"


def test_a_tracked_state_folder_is_not_used(cli, tmp_path):
    root = repo_with(tmp_path, {**HEALTHY, ".tracer/README": "committed\n"})
    run = cli("check", root)
    assert run.code == 0 and ".tracer/ is tracked by git" in run.err
    assert not list((root / ".tracer").glob("cache/*"))


# -- every output format escapes for its reader -------------------------------------------------------------

def _gfm(text: str) -> str:
    """Markdown as GitHub renders it: its own cmark-gfm, raw HTML allowed (what escaping must prevent)."""
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    return cmarkgfm.markdown_to_html_with_extensions(
        text, options=Options.CMARK_OPT_UNSAFE, extensions=["table", "autolink", "strikethrough"])


def test_markdown_cells_and_lists_cannot_be_broken(cli, tmp_path):
    evil = "x|<img src=https://evil.example/a.png>"
    root = repo_with(tmp_path, {"docs/shop.prd.md": prd({"US-001": "www.evil.example"}, doc_id=evil),
                                "docs/orders.tech.md": spec(parent=f"{evil}", covers="US-001", modify=("src/gone.py",)),
                                "src/app.py": "x = 1\n"})
    assert cli("report", root, "--out", tmp_path / "out", "--no-history").code in (0, 1)
    for text in ((tmp_path / "out/report.md").read_text(),
                 cli("impact", "--root", root, "docs/orders.tech.md", "--format", "markdown").out):
        html = _gfm(text)
        assert "<img" not in html and 'href="http://www.evil' not in html
        for row in (r for r in html.split("<tr>")[1:] if "evil" in r):  # the PRD's row keeps its cells
            assert row.count("<td") == html.split("<tr>")[1].count("<th") or "<th" in row


def test_text_output_cannot_emit_workflow_commands(cli, tmp_path):
    name = "docs/x\n::error file=a,line=1::pwned\n.tech.md"
    root = tmp_path / "repo"
    root.mkdir()
    write_repo(root, {**HEALTHY, name: spec(parent="shop.prd.md", modify=("src/gone.py",))})
    for args in (("check", root), ("check", root, "--format", "lines"), ("scan", root)):
        out = cli(*args).out
        assert not any(line.startswith("::") for line in out.splitlines()), args
    assert "pwned" in cli("check", root).out  # the finding is still there, on one line


def test_graph_xml_is_well_formed_with_control_characters(cli, tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    write_repo(root, {**HEALTHY, "docs/bell.prd.md": prd({"US-002": "ring \x07 \x1b[31m"}, doc_id="bell\x1b")})
    for fmt in ("graphml", "gexf"):
        ET.fromstring(cli("graph", root, "--format", fmt).out)


def test_undecodable_file_names_in_every_format(cli, tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    write_repo(root, HEALTHY)
    (root / os.fsdecode(b"docs/bad\xff.tech.md")).write_text(spec(parent="shop.prd.md", modify=("src/gone.py",)))
    for fmt in ("text", "lines", "json", "sarif", "junit", "github", "gitlab"):
        run = cli("check", root, "--format", fmt)
        assert run.code == 1, (fmt, run.err)
    assert cli("report", root, "--out", tmp_path / "out", "--no-history").code in (0, 1)
    json.loads(cli("check", root, "--format", "sarif", "--fail-on", "never").out)


# -- bounded, regular reads -------------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_tree_is_reported_not_waited_for(cli, tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    write_repo(root, HEALTHY)
    os.mkfifo(root / "docs/fifo.prd.md")
    run = cli("check", root, "--format", "json", "--fail-on", "never")
    assert ("TR008", "docs/fifo.prd.md") in {(f["rule"], f["path"]) for f in run.json()["findings"]}


def test_a_baseline_that_is_a_device_is_refused(cli, tmp_path):
    root = repo_with(tmp_path, HEALTHY, commit=False)
    (root / ".tracer-baseline.json").symlink_to("/dev/zero")
    run = cli("check", root, "--baseline", root / ".tracer-baseline.json")
    assert run.code == 2 and "not a regular file" in run.err


def test_an_absurd_glob_is_a_config_error(cli, tmp_path):
    root = repo_with(tmp_path, {**HEALTHY, "tracer.toml": '[tool.tracer]\ndocs = ["' + "**/" * 16 + '*.prd.md"]\n'})
    deep = root.joinpath(*["d"] * 40)
    deep.mkdir(parents=True)
    (deep / "x.prd.md").write_text(prd())
    run = cli("check", root)
    assert run.code == 2 and "docs" in run.err and "wildcards" in run.err


def test_nested_double_stars_cost_one():
    from tracer.globs import glob_regex

    assert glob_regex("**/**/**/*.md").pattern == glob_regex("**/*.md").pattern


def test_a_brace_bomb_costs_no_more_than_its_length(cli, tmp_path):
    from tracer.scanner.extract import expand_braces

    bomb = "src/" + "{a,b}" * 30 + ".py"
    start = time.perf_counter()
    assert expand_braces(bomb) == [bomb]  # past the cap the path is a pattern, not a list
    assert time.perf_counter() - start < 1 + 100 * _time(lambda: expand_braces("src/{a,b}.py"))


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# -- file names and line endings -------------------------------------------------------------------------------

def test_a_file_name_like_a_commit_marker_does_not_skip_a_rule(cli, tmp_path):
    root = repo_with(tmp_path, {**HEALTHY, ">x": "a\n", "docs/orders.tech.md": spec(parent="shop.prd.md",
                                                                                      modify=("src/app.py",))})
    (root / "src/app.py").write_text("x = 2\n")
    commit_all(root, "later", "2026-02-01T10:00:00")
    run = cli("check", root, "--format", "json", "--fail-on", "never")
    data = run.json()
    assert not any("TR501" in n for n in data.get("notes", []))
    assert ("TR501", "src/app.py") in {(f["rule"], f["subject"]) for f in data["findings"]}


def test_lone_carriage_returns_are_line_endings(cli, tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    write_repo(root, {"docs/shop.prd.md": prd({"US-001": "x"}, doc_id="shop").replace("\n", "\r")})
    scan = cli("scan", root, "--format", "json").json()
    doc = next(d for d in scan["documents"] if d["path"] == "docs/shop.prd.md")
    assert doc["kind"] == "prd" and doc["stories"] == ["US-001"]


# -- a damaged history never stops the report ------------------------------------------------------------------

@pytest.mark.parametrize("taken_at, totals", [
    ("2026-01-01T10:00:00", '{"story_coverage": 0.5}'),  # a naive time
    ("last tuesday", '{"story_coverage": 0.5}'),
    ("2026-01-01T10:00:00+00:00", "{not json"),
    ("2026-01-01T10:00:00+00:00", "[1, 2]"),
    ("2026-01-01T10:00:00+00:00", '{"story_coverage": "high"}'),
])
def test_damaged_history_rows_are_skipped_with_a_note(cli, tmp_path, taken_at, totals):
    root = repo_with(tmp_path, HEALTHY)
    hist = tmp_path / "h.sqlite"
    assert cli("report", root, "--out", tmp_path / "out", "--history", hist,
               "--now", "2026-01-20T10:00:00+00:00").code in (0, 1)
    conn = sqlite3.connect(hist)
    conn.execute("INSERT INTO snapshots (taken_at, git_commit, source, tracer_version, totals) VALUES (?, '', 'run', '0', ?)",
                 (taken_at, totals))
    conn.commit()
    run = cli("report", root, "--out", tmp_path / "out", "--history", hist, "--now", "2026-01-27T10:00:00+00:00")
    assert run.code in (0, 1), run.err
    assert "1 snapshot(s) skipped" in run.err


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00+00:00", "9999-12-31T00:00:00+00:00"])
def test_report_time_out_of_range_is_a_usage_error(cli, tmp_path, now):
    root = repo_with(tmp_path, HEALTHY)
    run = cli("report", root, "--out", tmp_path / "out", "--no-history", "--now", now)
    assert run.code == 2 and "between 1970 and 9998" in run.err


def test_unwritable_outputs_are_usage_errors(cli, tmp_path):
    root = repo_with(tmp_path, HEALTHY)
    (tmp_path / "afile").write_text("x")
    assert cli("report", root, "--out", tmp_path / "afile", "--no-history").code == 2
    run = cli("check", root, "--write-baseline", tmp_path)
    assert run.code == 2 and "it is a folder" in run.err


# -- no orphans ------------------------------------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(entry.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_die_with_a_killed_parent(tmp_path):
    files = {f"docs/f{i}.prd.md": prd({f"US-{i:03d}": "x"}, doc_id=f"f{i}") for i in range(1300)}
    root = tmp_path / "repo"
    root.mkdir()
    write_repo(root, files)
    proc = subprocess.Popen([sys.executable, "-m", "tracer", "check", str(root), "--no-cache"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= {c for pid in _children(proc.pid) | {proc.pid} for c in _children(pid)} | _children(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the scan ended before its workers were seen")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    alive = set(workers)
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in alive if Path(f"/proc/{pid}").exists()
                 and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]}
        time.sleep(0.1)
    assert not alive, f"workers still running after their parent was killed: {sorted(alive)}"
