"""TR401 endpoints, TR501 history, TR901 suppressions."""

import pytest

from tests.builders import commit_all, git_init, prd, spec
from tracer.api import analyse, check

PRD = {"docs/feature.prd.md": prd()}
ROUTES = ('from fastapi import APIRouter\nrouter = APIRouter(prefix="/api/v1")\n\n'
          '@router.get("/tasks/{task_id}")\ndef get(task_id): ...\n')


def test_TR401_fires_on_unserved_endpoint_of_done_spec(findings):
    files = {**PRD, "src/routes.py": ROUTES, "docs/s.tech.md": spec(endpoints=("PUT /api/v1/tasks/:id",))}
    assert [(g[3], g[4]) for g in findings(files, "TR401")] == [("PUT /api/v1/tasks/{}", "error")]


@pytest.mark.parametrize("declared", ["GET /api/v1/tasks/{id}", "GET /api/v1/tasks/:task_id", "GET /api/v1/tasks/<int:id>"])
def test_TR401_quiet_for_any_parameter_spelling(findings, declared):
    files = {**PRD, "src/routes.py": ROUTES, "docs/s.tech.md": spec(endpoints=(declared,))}
    assert findings(files, "TR401") == []


def test_TR401_quiet_for_planned_spec(findings):
    files = {**PRD, "docs/s.tech.md": spec(status="draft", endpoints=("POST /x",))}
    assert findings(files, "TR401") == []


def test_TR501_fires_when_linked_file_changed_after_done_spec(make_repo):
    root = git_init(make_repo({**PRD, "src/a.py": "x = 1\n", "docs/s.tech.md": spec(modify=("src/a.py",))}))
    commit_all(root, "spec and code", "2026-01-01T10:00:00")
    (root / "src/a.py").write_text("x = 2\n")
    commit_all(root, "code moves on", "2026-02-01T10:00:00")
    result = check(analyse(root), enable=("TR501",))
    assert [(f.rule, f.subject) for f in result.findings if f.rule == "TR501"] == [("TR501", "src/a.py")]
    (root / "docs/s.tech.md").write_text(spec(modify=("src/a.py",)) + "\nReviewed.\n")
    commit_all(root, "spec reviewed", "2026-03-01T10:00:00")
    assert not [f for f in check(analyse(root)).findings if f.rule == "TR501"]


def test_TR501_asks_git_once_per_commit_and_never_keeps_a_failure(make_repo, monkeypatch):
    """The history's last-change times are kept with the parse cache under the commit: a run at the same
    commit asks git nothing; an answer git could not give is asked again; a new commit is asked again."""
    from tracer.rules import staleness

    root = git_init(make_repo({**PRD, "src/a.py": "x = 1\n", "docs/s.tech.md": spec(modify=("src/a.py",))}))
    commit_all(root, "spec and code", "2026-01-01T10:00:00")
    (root / "src/a.py").write_text("x = 2\n")
    commit_all(root, "code moves on", "2026-02-01T10:00:00")
    calls, failures, real = [], [None], staleness._last_changed
    monkeypatch.setattr(staleness, "_last_changed", lambda at: calls.append(at) or (failures.pop() if failures else real(at)))

    def tr501() -> list[str]:  # debug: no stored check result, the rules run every time
        return [f.subject for f in check(analyse(root), enable=("TR501",), debug=True).findings if f.rule == "TR501"]

    assert tr501() == [] and len(calls) == 1  # git failed: nothing found, nothing kept
    assert tr501() == ["src/a.py"] and len(calls) == 2
    assert tr501() == ["src/a.py"] and len(calls) == 2  # kept
    (root / "docs/s.tech.md").write_text(spec(modify=("src/a.py",)) + "\nReviewed.\n")
    commit_all(root, "spec reviewed", "2026-03-01T10:00:00")
    assert tr501() == [] and len(calls) == 3


def test_TR501_says_once_when_not_a_git_checkout(make_repo):
    result = check(analyse(make_repo({**PRD, "docs/s.tech.md": spec()})))
    assert result.notes == ("TR501 spec-stale skipped: not a git checkout",)


def test_TR501_says_once_in_a_shallow_clone(make_repo, tmp_path):
    import subprocess

    root = git_init(make_repo({**PRD, "docs/s.tech.md": spec()}))
    commit_all(root, "one", "2026-01-01T10:00:00")
    commit_all(root, "two", "2026-01-02T10:00:00")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)], check=True)
    result = check(analyse(clone))
    assert any("shallow clone" in n for n in result.notes)


def test_TR901_fires_on_suppression_that_suppresses_nothing_and_suppression_works(findings):
    text = spec(modify=("src/gone.py", "src/here.py"))
    text = text.replace("**Files to Modify:**", "<!-- tracer: ignore TR201 -->\n**Files to Modify:**")
    # the comment covers the block after it: the label paragraph, not the table; move it to cover the table
    text = text.replace("<!-- tracer: ignore TR201 -->\n**Files to Modify:**\n\n", "**Files to Modify:**\n\n<!-- tracer: ignore TR201 -->\n")
    files = {**PRD, "src/here.py": "", "docs/s.tech.md": text}
    assert findings(files, "TR201", "TR901") == []
    unused = text.replace("`src/gone.py`", "`src/here.py`")
    got = findings({**PRD, "src/here.py": "", "docs/s.tech.md": unused}, "TR201", "TR901")
    assert [(g[0], g[3]) for g in got] == [("TR901", "TR201")]


def test_frontmatter_suppression_covers_the_whole_document(findings):
    files = {"docs/feature.prd.md": prd({"US-001": "a"}).replace("status: active", "status: active\ntracer: {ignore: [TR104]}")}
    assert findings(files, "TR104", "TR901") == []


def test_TR901_fires_on_unknown_code(findings):
    files = {"docs/feature.prd.md": prd().replace("status: active", "status: active\ntracer: {ignore: [TR999]}")}
    got = findings(files, "TR901")
    assert [(g[0], g[3]) for g in got] == [("TR901", "TR999")]
