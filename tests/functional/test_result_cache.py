"""A check whose inputs did not change returns the stored result without scanning; any change that could alter
the findings is a miss, and the result is then what a run without any cache says.

Files written by a test are younger than the two seconds a stored result requires, so most tests here set that
margin to zero: they test the key. ``test_nothing_is_stored_while_files_are_fresh`` tests the margin itself.
"""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path

import pytest

from tests.builders import commit_all, git, git_init
from tracer import result_cache
from tracer.api import analyse, check
from tracer.scanner import project as scanner_project


class Scans:
    """Counts real scans (the scan still runs: only the count is observed)."""

    def __init__(self, monkeypatch):
        self.count = 0
        real = scanner_project.scan

        def counted(*args, **kwargs):
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(scanner_project, "scan", counted)


@pytest.fixture
def scans(monkeypatch):
    monkeypatch.setattr(result_cache, "RECENT_NS", 0)
    return Scans(monkeypatch)


def findings(root: Path, overrides: dict | None = None, **kwargs) -> list[dict]:
    return [f.to_dict() for f in check(analyse(root, overrides), **kwargs).findings]


def uncached(root: Path, overrides: dict | None = None, **kwargs) -> list[dict]:
    return findings(root, {**(overrides or {}), "cache": False}, **kwargs)


@pytest.fixture
def repo(sample_copy) -> Path:
    git_init(sample_copy)
    commit_all(sample_copy, "sample", "2026-01-05T10:00:00")
    return sample_copy


def test_a_repeated_check_returns_the_stored_result_without_scanning(repo, scans):
    first = findings(repo)
    assert scans.count == 1 and first
    assert findings(repo) == first
    assert scans.count == 1  # reused: nothing was scanned
    assert uncached(repo) == first


def _edit_spec(root: Path) -> None:
    p = root / "docs/specs/task-api.tech.md"
    p.write_text(p.read_text().replace("SMALLINT", "INT", 1))


def _edit_migration(root: Path) -> None:
    p = root / "db/migrations/0002_task_assignment.sql"
    p.write_text(p.read_text() + "\nCREATE INDEX idx_tasks_assignee ON tasks (assignee_id);\n")


def _move_spec_sql(root: Path) -> None:
    """Lines added above a spec's SQL: its statements are the same text on other lines (a finding's line moves)."""
    p = root / "docs/specs/task-api.tech.md"
    p.write_text(p.read_text().replace("```sql", "Two lines\nadded here.\n\n```sql", 1))


def _move_migration(root: Path) -> None:
    """A line added at the top of a migration: every statement moves down (the line a finding quotes too)."""
    p = root / "db/migrations/0001_boards_and_tasks.sql"
    p.write_text("-- a comment added on top\n" + p.read_text())


def _spec_status(root: Path) -> None:
    """A spec finished: its drift findings are errors now."""
    p = root / "docs/specs/notification-preferences.tech.md"
    text = p.read_text()
    assert "status: in-progress" in text
    p.write_text(text.replace("status: in-progress", "status: completed", 1))


def _move_route(root: Path) -> None:
    p = root / "src/harbor/tasks/routes.py"
    p.write_text(p.read_text().replace('@router.get("/{task_id}")', '@router.get("/{task_id}/detail")', 1))


def _create_file(root: Path) -> None:
    (root / "src/harbor/notifications/mailer.py").write_text("def send():\n    pass\n")


def _delete_file(root: Path) -> None:
    (root / "src/harbor/auth/sessions.py").unlink()


def _rename_file(root: Path) -> None:
    git(root, "mv", "src/harbor/auth/sessions.py", "src/harbor/auth/session_store.py")


def _same_size_and_mtime(root: Path) -> None:
    """The content changes but its size and mtime are put back (a tool that preserves timestamps)."""
    p = root / "docs/specs/task-api.tech.md"
    st = p.stat()
    text = p.read_text()
    p.write_text(text.replace("SMALLINT", "INTEGER ", 1))
    assert p.stat().st_size == st.st_size
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))


def _configure(root: Path) -> None:
    p = root / "tracer.toml"
    p.write_text(p.read_text() + '\n[tool.tracer.severity]\nTR302 = "off"\n')


CHANGES = {"spec": _edit_spec, "migration": _edit_migration, "spec's SQL moved": _move_spec_sql,
           "migration moved": _move_migration, "spec's status": _spec_status, "code file": _move_route, "created file": _create_file,
           "deleted file": _delete_file, "renamed file": _rename_file, "same size and mtime": _same_size_and_mtime,
           "configuration": _configure}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_is_a_miss_and_gives_the_uncached_result(repo, scans, change):
    before = findings(repo)
    CHANGES[change](repo)
    after = uncached(repo)
    assert after != before, f"the {change} changed no finding: the test would not see a stale result"
    count = scans.count
    assert findings(repo) == after
    assert scans.count == count + 1  # scanned again
    assert findings(repo) == after and scans.count == count + 1  # and that result is reused in its turn


def test_options_of_the_run_are_part_of_the_key(repo, scans):
    everything = findings(repo)
    paths = {"docs/specs/task-api.tech.md"}
    changed = findings(repo, only_paths=paths)  # --changed narrows the whole result: it is reused
    assert scans.count == 1
    assert changed == [f for f in everything if f["path"] in paths or f["subject"] in paths] == uncached(
        repo, only_paths=paths)
    assert changed and changed != everything
    only_files = findings(repo, {"select": ["TR201"]})  # other rules: another result
    assert scans.count == 3
    assert only_files and {f["rule"] for f in only_files} == {"TR201"} and only_files != everything
    assert findings(repo) == everything and scans.count == 4


def test_a_commit_is_a_miss(repo, scans):
    """A rename that only git history shows (TR207 file-renamed) appears once it is committed, although the
    files are the same before and after the commit."""
    git(repo, "mv", "src/harbor/tasks/service.py", "src/harbor/tasks/rules.py")
    staged = findings(repo)
    assert not any(f["rule"] == "TR207" for f in staged)
    commit_all(repo, "move the service", "2026-01-06T10:00:00")
    count = scans.count
    moved = findings(repo)
    assert scans.count == count + 1
    assert moved == uncached(repo)
    assert any(f["rule"] == "TR207" for f in moved)


@pytest.mark.parametrize("where", ["the default file", "a file the clone's configuration names"])
def test_an_edit_to_the_excludes_file_of_gits_configuration_is_a_miss(repo, scans, tmp_path, monkeypatch, where):
    """git also ignores what the excludes file of its configuration lists (``core.excludesFile``, by default
    ``$XDG_CONFIG_HOME/git/ignore``), and a missing path git ignores is output, not drift: no listed file
    changes when that file does, and the stored result must not be reused."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "home" / "gitconfig"))
    excludes = tmp_path / "config" / "git" / "ignore"
    if where != "the default file":
        excludes = tmp_path / "elsewhere" / "ignore"
        git(repo, "config", "core.excludesFile", str(excludes))
    first = findings(repo)
    missing = sorted(f["subject"] for f in first if f["rule"] == "TR201")
    assert missing
    assert findings(repo) == first and scans.count == 1  # stored, and reused while nothing changes
    excludes.parent.mkdir(parents=True)
    excludes.write_text(f"/{missing[0]}\n")
    after = findings(repo)
    assert scans.count == 2 and after == uncached(repo)
    assert missing[0] not in {f["subject"] for f in after if f["rule"] == "TR201"}


@pytest.mark.parametrize("damage", ["tampered", "foreign key", "truncated", "a folder"])
def test_a_damaged_or_planted_result_is_a_miss(repo, scans, damage, tmp_path, monkeypatch):
    truth = findings(repo)
    stored = next((repo / ".tracer" / "cache").glob("check-*"))
    if damage == "tampered":  # a finding's rule changed, the signature left as it was
        mac, _, blob = stored.read_bytes().partition(b"\n")
        size, _, parts = blob.partition(b"\n")
        header, body = parts[: int(size)], zlib.decompress(parts[int(size):])
        assert b'"TR302"' in body
        head = zlib.compress(zlib.decompress(header))  # compressed again, the way tampering would
        body = zlib.compress(body.replace(b'"TR302"', b'"TR999"'))
        stored.write_bytes(mac + b"\n" + b"%d\n" % len(head) + head + body)
    elif damage == "foreign key":  # written by another user or machine, or by a pull request
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    elif damage == "truncated":
        stored.write_bytes(stored.read_bytes()[:100])
    else:
        stored.unlink()
        stored.mkdir()
    count = scans.count
    assert findings(repo) == truth
    assert scans.count == count + 1


@pytest.mark.parametrize("damage", ["a line that is a string", "a finding without its fingerprint", "no notes", "none"])
def test_a_signed_result_that_is_not_one_tracer_stored_is_a_miss(repo, scans, damage):
    """The signature says who wrote the stored result; its fields are still checked against the result's types.
    (The same result signed again, undamaged, is a hit: the damage is what makes the miss.)"""
    import json

    from tracer.scanner.cache import cache_key

    truth = findings(repo)
    stored = next((repo / ".tracer" / "cache").glob("check-*"))
    blob = stored.read_bytes().partition(b"\n")[2]
    size, _, parts = blob.partition(b"\n")
    header = json.loads(zlib.decompress(parts[: int(size)]))
    result = json.loads(zlib.decompress(parts[int(size):]))
    if damage == "a line that is a string":
        result["findings"][0]["line"] = str(result["findings"][0]["line"])
    elif damage == "a finding without its fingerprint":
        del result["findings"][0]["fingerprint"]
    elif damage == "no notes":
        del result["notes"]
    stored.write_bytes(result_cache.pack(cache_key(), header["key"], header["payload"], result))
    count = scans.count
    assert findings(repo) == truth
    assert scans.count == count + (damage != "none")


def test_nothing_is_stored_while_files_are_fresh(sample_copy, monkeypatch):
    """A file changed in the two seconds before the listing could change again within the clock's resolution
    without changing its stat: the result of such a run is not kept."""
    assert result_cache.RECENT_NS == 2_000_000_000
    findings(sample_copy)
    assert not list((sample_copy / ".tracer" / "cache").glob("check-*"))
    assert result_cache.result_key(analyse(sample_copy), ()) == ""


def test_no_cache_debug_and_crashes_store_nothing(repo, scans):
    findings(repo, {"cache": False})
    check(analyse(repo), debug=True)
    assert not list((repo / ".tracer" / "cache").glob("check-*"))


def test_the_command_line_reuses_with_the_same_output_and_exit_code(repo, scans, cli, tmp_path):
    first = cli("check", repo, "--format", "json")
    again = cli("check", repo, "--format", "json")
    assert scans.count == 1
    assert (again.code, again.out) == (first.code, first.out) and first.code == 1
    base = tmp_path / "baseline.json"
    assert cli("check", repo, "--write-baseline", base).code == 0
    assert cli("check", repo, "--baseline", base).code == 0  # the baseline applies to a reused result too
    assert scans.count == 1


def graph_json(root: Path, **overrides) -> dict:
    import networkx as nx

    return nx.node_link_data(analyse(root, overrides or None).graph, edges="edges")


def test_the_graph_is_reused_as_built_and_rebuilt_after_a_change(repo, scans, cli):
    built = graph_json(repo)
    assert scans.count == 1
    assert graph_json(repo) == built  # node and edge order, keys and every attribute
    assert scans.count == 1  # reused: nothing was scanned
    assert graph_json(repo, cache=False) == built and scans.count == 2
    answer = cli("impact", "--root", repo, "src/harbor/tasks/service.py", "--format", "json")
    assert answer.code == 0 and "task-api.tech.md" in answer.out
    assert scans.count == 2  # the stored graph answered
    assert cli("impact", "--root", repo, "src/harbor/tasks/service.py", "--format", "json", "--no-cache").out == answer.out
    _edit_migration(repo)
    changed = graph_json(repo)
    assert scans.count == 4 and changed != built
    assert changed == graph_json(repo, cache=False)


def test_a_path_outside_the_listing_that_appears_is_a_miss(make_repo, scans):
    """Outside git, a declared path under a folder the walk skips (build/) is looked up on disk: creating it
    changes no listed file, and must still change the result and the graph."""
    from tests.builders import prd, spec

    root = make_repo({"docs/prds/feature.prd.md": prd({"US-001": "Bundle"}),
                      "docs/specs/bundle.tech.md": spec(create=("build/bundle.js",))})
    missing = findings(root)
    graph = graph_json(root)
    assert any(f["rule"] == "TR201" and f["subject"] == "build/bundle.js" for f in missing)
    assert findings(root) == missing and graph_json(root) == graph
    count = scans.count
    (root / "build").mkdir()
    (root / "build" / "bundle.js").write_text("bundle()\n")
    assert findings(root) == uncached(root) != missing
    assert graph_json(root) == graph_json(root, cache=False)  # (presence is not in the graph: it may be reused)
    assert scans.count > count


def _reword(root: Path) -> None:
    p = root / "docs/specs/task-api.tech.md"
    p.write_text(p.read_text().replace("business rules live in a service", "the business rules live in a service", 1))


def _edit_function_body(root: Path) -> None:
    p = root / "src/harbor/tasks/service.py"
    p.write_text(p.read_text().replace("GAP = 1024", "GAP = 2048", 1))


@pytest.mark.parametrize("edit", [_reword, _edit_function_body], ids=["reworded paragraph", "function body"])
def test_an_edit_that_parses_the_same_reuses_without_scanning(repo, scans, edit, monkeypatch):
    """A change tracer reads nothing from (prose, code inside a function) is compared by its parse, not by
    its bytes: the stored result and graph still hold, and are kept under the new stats, so that the next
    run is a plain match that compares nothing."""
    before = findings(repo)
    graph = graph_json(repo)  # a run of its own: the graph is built once
    assert scans.count == 2
    edit(repo)
    assert findings(repo) == before
    assert graph_json(repo) == graph
    assert scans.count == 2  # nothing was scanned: only the edited file was parsed again
    compared, same_model = [], result_cache._same_model
    monkeypatch.setattr(result_cache, "_same_model", lambda *a: compared.append(a) or same_model(*a))
    assert findings(repo) == before and graph_json(repo) == graph
    assert scans.count == 2 and not compared
    assert uncached(repo) == before and scans.count == 3
    assert findings(repo) == before and scans.count == 3


def test_an_edit_to_a_line_a_fix_quotes_is_a_miss(repo, scans):
    """TR207's fix reads the line it edits (for its column): an edit there that leaves the parse alone must
    still be seen."""
    git(repo, "mv", "src/harbor/tasks/service.py", "src/harbor/tasks/rules.py")
    commit_all(repo, "move the service", "2026-01-06T10:00:00")
    before = findings(repo)
    fix = next(f["fix"] for f in before if f["rule"] == "TR207" and f["path"] == "docs/specs/task-api.tech.md")
    p = repo / "docs/specs/task-api.tech.md"
    p.write_text(p.read_text().replace("| `src/harbor/tasks/service.py` |", "|   `src/harbor/tasks/service.py` |", 1))
    count = scans.count
    after = findings(repo)
    assert scans.count == count + 1
    assert after == uncached(repo)
    moved = next(f["fix"] for f in after if f["rule"] == "TR207" and f["path"] == "docs/specs/task-api.tech.md")
    assert moved["column"] == fix["column"] + 2


def test_a_status_file_read_as_code_too_is_still_seen(make_repo, scans):
    """A file read besides its parse (BMAD's sprint board) is compared by its bytes even when the
    configuration also makes it a parsed file (here a code file, by its extension)."""
    from tests.functional.test_declaration_shapes import BMAD_SIGN_UP

    root = make_repo({**BMAD_SIGN_UP, "tracer.toml": '[tool.tracer]\ncode_extensions = [".py", ".yaml"]\n',
                      "docs/sprint-artifacts/1-1-sign-up.md": "# Story 1.1: Sign up\n\nStatus: review\n\n"
                      "## Tasks / Subtasks\n\n- [x] Task 1: Form\n  - [x] Create `src/signup/form.tsx`\n"})
    assert analyse(root).plan.units.count(("code", "docs/sprint-artifacts/sprint-status.yaml")) == 1
    for p in root.rglob("*"):  # older than the stat index's two seconds: what each file held is recorded
        os.utime(p, (p.stat().st_mtime - 60,) * 2)
    before = findings(root)
    board = root / "docs/sprint-artifacts/sprint-status.yaml"
    board.write_text(board.read_text().replace("review", "done"))
    after = uncached(root)
    assert after != before
    assert findings(root) == after


def test_a_file_name_that_is_not_utf8_is_stored_and_reused(sample_copy, scans):
    """Such a name carries a lone surrogate, which only the json module's escapes can hold (msgspec, which
    writes the rest, refuses it): the result and the graph are still stored, and read back as they were."""
    spec = (sample_copy / "docs/specs/task-api.tech.md").read_text()
    (sample_copy / os.fsdecode(b"docs/specs/bad\xff.tech.md")).write_text(spec.replace("task-api", "bad-api"))
    first, graph = findings(sample_copy), graph_json(sample_copy)
    assert any("\udcff" in f["path"] for f in first)
    assert any("\udcff" in str(node["id"]) for node in graph["nodes"])
    count = scans.count
    assert findings(sample_copy) == first and graph_json(sample_copy) == graph
    assert scans.count == count  # both were reused
    assert first == uncached(sample_copy) and graph == graph_json(sample_copy, cache=False)


def test_a_run_that_git_history_could_not_inform_says_so_and_is_not_kept(repo, scans, monkeypatch):
    """A git call that fails (renamed paths, TR501's last-change times) leaves findings out: the result says
    so, and is not kept, so that the next run asks git again instead of repeating the gap."""
    from tracer.rules import staleness
    from tracer.scanner import project

    monkeypatch.setattr(project, "renamed", lambda root, paths: ({}, False))
    result = check(analyse(repo))
    assert result.unread_history == ("renamed paths",)
    assert any("git history could not be read in full (renamed paths" in n for n in result.notes)
    count = scans.count
    check(analyse(repo))
    assert scans.count == count + 1  # not kept: scanned again
    monkeypatch.undo()
    monkeypatch.setattr(result_cache, "RECENT_NS", 0)
    monkeypatch.setattr(staleness, "_last_changed", lambda root: None)
    commit_all(repo, "a new commit: no history answer kept for it", "2026-01-06T10:00:00")
    result = check(analyse(repo), enable=("TR501",))
    assert result.unread_history == ("last-change times",) and "TR501" in result.rules_run
    monkeypatch.undo()
    monkeypatch.setattr(result_cache, "RECENT_NS", 0)
    first = check(analyse(repo))
    assert not first.unread_history and not any("could not be read" in n for n in first.notes)
    assert check(analyse(repo)) == first  # kept once git answered


def test_files_with_new_mtimes_and_the_same_content_are_taken_from_the_cache_by_workers(sample_copy, monkeypatch):
    """A checkout, a restored CI cache or a ``touch`` gives every file a new mtime and the same content: the
    stat index knows none of them, and the worker processes that read them find each in the cache by its
    content instead of parsing it. The findings are those of a run without the cache."""
    from tracer.scanner import parsing

    if parsing.cpus() < 2:
        pytest.skip("worker processes run on two cores or more")
    monkeypatch.setattr(parsing, "PARALLEL_MIN", 1)  # workers even for the sample repository
    held: list[list[bool]] = []
    real = parsing._parallel

    def watched(*args, **kwargs):
        out = real(*args, **kwargs)
        held.append([row[4] for row in out] if out is not None else [])
        return out

    monkeypatch.setattr(parsing, "_parallel", watched)
    first = findings(sample_copy)
    assert held and held[0] and not any(held[0])  # cold: every file parsed by a worker
    later = time.time() + 5
    for p in sample_copy.rglob("*"):
        if p.is_file() and ".tracer" not in p.parts:
            os.utime(p, (later, later))
    held.clear()
    assert findings(sample_copy) == first == uncached(sample_copy)
    assert held and held[0] and all(held[0])  # every file found in the cache, none parsed
