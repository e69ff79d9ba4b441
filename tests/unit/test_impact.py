"""tracer impact: every target kind, each direction, indirect impact through imports, git diffs."""

import pytest

from tests.builders import commit_all, git, git_init, prd, spec

FILES = {
    "docs/prds/board.prd.md": prd({"US-001": "create", "US-002": "move"}, doc_id="board"),
    "docs/prds/other.prd.md": prd({"US-010": "other"}, doc_id="other"),
    "docs/specs/api.tech.md": spec(parent="board", covers="US-001", create=("src/api.py",), modify=("src/app.py",),
                                   sql="CREATE TABLE tasks (id INT);", endpoints=("POST /api/tasks",)),
    "docs/specs/move.tech.md": spec(parent="board", covers="US-002", modify=("src/move.py",),
                                    sql="ALTER TABLE tasks ADD COLUMN col TEXT;"),
    "docs/specs/other.tech.md": spec(parent="other", covers="US-010", modify=("src/other.py",)),
    "src/api.py": "from src import util\n\n@app.post('/api/tasks')\ndef create(): ...\n",
    "src/app.py": "APP = 'harbor'\n", "src/move.py": "def move(task, column):\n    return column\n",
    "src/util.py": "GAP = 1024\n", "src/other.py": "import src.move\n", "src/unlinked.py": "X = 1\n",
    "db/migrations/001.sql": "CREATE TABLE tasks (id INT);\n",
}


@pytest.fixture
def repo(make_repo):
    return make_repo(FILES)


def affected(cli, repo, *args):
    data = cli("impact", "--root", repo, "--format", "json", *args).json()
    return {a["node"]: a for a in data["affected"]}, data


def test_code_file_reaches_spec_story_prd_with_the_path(cli, repo):
    got, data = affected(cli, repo, "src/app.py", "--direction", "up")
    assert set(got) == {"spec:docs/specs/api.tech.md", "story:US-001", "prd:board"}
    assert got["prd:board"]["via"] == ["file:src/app.py", "spec:docs/specs/api.tech.md", "prd:board"]
    assert all(a["direct"] for a in got.values())
    assert data["targets"] == [{"input": "src/app.py", "nodes": ["file:src/app.py"], "note": ""}]


def test_both_adds_what_goes_with_it(cli, repo):
    got, _ = affected(cli, repo, "src/app.py", "--direction", "both")
    assert {"table:tasks", "file:src/api.py", "endpoint:POST /api/tasks"} <= set(got)
    assert "spec:docs/specs/other.tech.md" not in got


def test_the_default_answers_what_declares_a_file_not_its_siblings(cli, repo):
    got, _ = affected(cli, repo, "src/app.py")
    both, _ = affected(cli, repo, "src/app.py", "--direction", "both")
    assert {"spec:docs/specs/api.tech.md", "prd:board"} <= set(got)
    assert not {"table:tasks", "file:src/api.py", "endpoint:POST /api/tasks"} & set(got)
    assert set(got) < set(both)


def test_down_from_a_story_reaches_its_specs_artifacts_not_requirements(cli, repo):
    got, _ = affected(cli, repo, "US-2", "--direction", "down")
    assert set(got) == {"spec:docs/specs/move.tech.md", "file:src/move.py", "table:tasks",
                        "migration:db/migrations/001.sql", "file:src/other.py"}
    assert got["file:src/other.py"]["direct"] is False  # it imports the changed module


def test_table_target_reaches_both_specs_and_the_migration(cli, repo):
    got, _ = affected(cli, repo, "table:tasks", "--direction", "both")
    assert {"spec:docs/specs/api.tech.md", "spec:docs/specs/move.tech.md", "migration:db/migrations/001.sql",
            "story:US-001", "story:US-002", "prd:board"} <= set(got)


def test_a_column_target_narrows_to_what_mentions_the_column(cli, repo):
    got, _ = affected(cli, repo, "table:tasks.col", "--direction", "both")
    # only the spec that adds the column (and the story and PRD behind it); not the spec and migration
    # that create the table without it, nor the code that never names it
    assert set(got) == {"spec:docs/specs/move.tech.md", "story:US-002", "prd:board"}


def test_migration_reaches_specs_of_the_same_table(cli, repo):
    got, _ = affected(cli, repo, "db/migrations/001.sql", "--direction", "up")
    assert {"spec:docs/specs/api.tech.md", "spec:docs/specs/move.tech.md"} <= set(got)


@pytest.mark.parametrize("endpoint", ["POST /api/tasks", "post /api/tasks/"])
def test_endpoint_target_any_spelling(cli, repo, endpoint):
    got, _ = affected(cli, repo, endpoint, "--direction", "up")
    assert "spec:docs/specs/api.tech.md" in got and "story:US-001" in got


def test_document_id_and_prd_path_targets(cli, repo):
    by_id, _ = affected(cli, repo, "board", "--direction", "down")
    by_path, _ = affected(cli, repo, "docs/prds/board.prd.md", "--direction", "down")
    assert by_id.keys() == by_path.keys()
    assert {"story:US-001", "story:US-002", "spec:docs/specs/api.tech.md", "file:src/api.py"} <= set(by_id)


def test_indirect_impact_through_imports_is_marked_with_hops(cli, repo):
    got, _ = affected(cli, repo, "src/util.py", "--direction", "up")
    spec_ = got["spec:docs/specs/api.tech.md"]
    assert spec_["direct"] is False and spec_["distance"] == 2
    assert spec_["via"] == ["file:src/util.py", "file:src/api.py", "spec:docs/specs/api.tech.md"]


def test_depth_limits_the_walk(cli, repo):
    got, _ = affected(cli, repo, "src/app.py", "--direction", "up", "--depth", "1")
    assert set(got) == {"spec:docs/specs/api.tech.md"}


def test_a_target_that_matches_nothing_is_a_usage_error_with_hints(cli, repo):
    run = cli("impact", "src/ap.py", "--root", repo)
    assert run.code == 2 and len(run.err.strip().splitlines()) == 1
    assert "'src/ap.py' matches no" in run.err and "did you mean" in run.err and "src/app.py" in run.err
    assert cli("impact", "US-099", "--root", repo).code == 2


def test_a_target_with_no_links_says_so_plainly(cli, repo):
    run = cli("impact", "src/unlinked.py", "--root", repo)
    assert run.code == 0 and "no document declares it and nothing is linked to it" in run.out


def test_nothing_to_analyse_is_a_usage_error(cli, repo):
    run = cli("impact", "--root", repo)
    assert run.code == 2 and "nothing to analyse" in run.err


def test_files_from_stdin(cli, repo, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("src/app.py\n\nsrc/move.py\n"))
    got, data = affected(cli, repo, "--files", "-", "--direction", "up")
    assert {"spec:docs/specs/api.tech.md", "spec:docs/specs/move.tech.md"} <= set(got)


def test_base_follows_renames_and_deletions_in_real_git(cli, repo):
    git_init(repo)
    commit_all(repo, "base", "2026-01-01T10:00:00")
    git(repo, "checkout", "-q", "-b", "feature")
    git(repo, "mv", "src/move.py", "src/moving.py")
    git(repo, "rm", "-q", "src/app.py")
    commit_all(repo, "rename and delete", "2026-01-02T10:00:00")
    (repo / "src/other.py").write_text("# edited\n")
    got, data = affected(cli, repo, "--base", "main", "--direction", "up")
    inputs = {(t["input"], t["note"]) for t in data["targets"]}
    # one answer per rename, under its new name, with what pointed at the old one
    assert inputs == {("src/moving.py", "renamed from src/move.py"), ("src/app.py", "deleted")}
    answers = {a["input"]: {x["node"] for x in a["affected"]} for a in data["answers"]}
    assert "spec:docs/specs/move.tech.md" in answers["src/moving.py"]
    assert "spec:docs/specs/api.tech.md" in answers["src/app.py"]
    assert data["unresolved"] == []
    assert set(got) == {"spec:docs/specs/move.tech.md", "spec:docs/specs/api.tech.md", "story:US-001", "story:US-002",
                        "prd:board"}
    got2, _ = affected(cli, repo, "--base", "main", "--direction", "up", "--uncommitted")
    assert "spec:docs/specs/other.tech.md" in got2


def test_markdown_output_escapes_document_text(cli, make_repo):
    files = {**FILES, "docs/prds/board.prd.md": prd({"US-001": "<img src=x onerror=alert(1)> [click](http://evil)"},
                                                    doc_id="board")}
    out = cli("impact", "--root", make_repo(files), "src/app.py", "--format", "markdown").out
    assert "<img" not in out and "](http" not in out
    assert "**Requirements touched**" in out and "| `docs/specs/api.tech.md` | completed | direct |" in out


def test_text_output_names_the_edges(cli, repo):
    out = cli("impact", "--root", repo, "src/app.py").out
    assert "src/app.py —modified by→ docs/specs/api.tech.md —covers→ US-001" in out
