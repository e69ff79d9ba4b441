"""The two moments a team meets tracer most: a pull request's impact summary and its annotations, on real
temporary git repositories (a rename, a deletion, a rename with the spec edited, a move across folders,
a monorepo subfolder)."""

from __future__ import annotations

import json

import pytest

from tests.builders import commit_all, git, git_init, write_repo

PRD = """---
type: prd
status: active
---
# Ledger

## User Stories

### US-003: Invoices
As an accountant I issue invoices.

### US-004: PDF export
As an accountant I export a PDF.
"""


def spec(title: str, story: str, *paths: str) -> str:
    files = "".join(f"- `{p}`\n" for p in paths)
    return (f"---\ntype: tech-spec\nstatus: done\nparent: ledger.prd.md\n---\n# {title}\n\n"
            f"**User Stories Covered:** {story}\n\n### Files to Modify\n\n{files}")


FILES = {
    "docs/ledger.prd.md": PRD,
    "docs/invoices.tech.md": spec("Invoices", "US-003", "src/ledgerly/invoices/service.py", "src/ledgerly/routes.py"),
    "docs/pdf-export.tech.md": spec("PDF export", "US-004", "src/ledgerly/pdf/render.py"),
    "src/ledgerly/invoices/service.py": "def issue(): ...\n",
    "src/ledgerly/pdf/render.py": "def render(): ...\n",
    "src/ledgerly/routes.py": "from ledgerly.pdf import render\n",
}


@pytest.fixture
def branch(tmp_path):
    """A repository on `main` and a `feature` branch checked out from it; returns a function that commits."""
    (tmp_path / "ledger").mkdir()
    root = write_repo(git_init(tmp_path / "ledger"), FILES)
    commit_all(root, "ledger", "2026-01-01T10:00:00")
    git(root, "checkout", "-q", "-b", "feature")

    def commit(message: str) -> None:
        commit_all(root, message, "2026-01-02T10:00:00")

    return root, commit


def answers(cli, root, *args) -> dict[tuple[str, str], set[str]]:
    run = cli("impact", "--root", root, "--base", "main", "--format", "json", *args)
    assert run.code == 0, run.err
    data = run.json()
    notes = {t["input"]: t["note"] for t in data["targets"]}
    return {(a["input"], notes[a["input"]]): {x["node"] for x in a["affected"]} for a in data["answers"]}


OLD_LINKS = {"spec:docs/invoices.tech.md", "story:US-003", "prd:ledger.prd"}


def test_rename_delete_and_edit_each_get_their_own_answer(cli, branch):
    root, commit = branch
    git(root, "mv", "src/ledgerly/invoices", "src/ledgerly/billing")  # a move across folders
    git(root, "rm", "-q", "src/ledgerly/pdf/render.py")
    (root / "src/ledgerly/routes.py").write_text("from ledgerly.pdf import render\n# edited\n")
    commit("rename, delete, edit")
    got = answers(cli, root)
    assert set(got) == {("src/ledgerly/billing/service.py", "renamed from src/ledgerly/invoices/service.py"),
                        ("src/ledgerly/pdf/render.py", "deleted"), ("src/ledgerly/routes.py", "modified")}
    assert got[("src/ledgerly/billing/service.py", "renamed from src/ledgerly/invoices/service.py")] == OLD_LINKS
    deleted = got[("src/ledgerly/pdf/render.py", "deleted")]
    # the deleted module's own spec, story and PRD, and the code that still imports it
    assert {"spec:docs/pdf-export.tech.md", "story:US-004", "prd:ledger.prd", "file:src/ledgerly/routes.py"} <= deleted
    # the edited file's answer is its own, not left empty because another target reached the same PRD first
    assert {"spec:docs/invoices.tech.md", "prd:ledger.prd"} <= got[("src/ledgerly/routes.py", "modified")]


def test_a_spec_updated_in_the_same_branch_still_links_the_old_path(cli, branch):
    root, commit = branch
    git(root, "mv", "src/ledgerly/invoices/service.py", "src/ledgerly/invoices/issue.py")
    (root / "docs/invoices.tech.md").write_text(spec("Invoices", "US-003", "src/ledgerly/invoices/issue.py",
                                                     "src/ledgerly/routes.py"))
    git(root, "rm", "-q", "src/ledgerly/pdf/render.py")
    (root / "docs/pdf-export.tech.md").write_text(spec("PDF export", "US-004"))  # the path dropped with the file
    commit("rename + spec edit, delete + spec edit")
    got = answers(cli, root)
    assert OLD_LINKS <= got[("src/ledgerly/invoices/issue.py", "renamed from src/ledgerly/invoices/service.py")]
    # at the base revision the pdf spec declared the deleted file: that is what the deletion affects
    assert {"spec:docs/pdf-export.tech.md", "story:US-004"} <= got[("src/ledgerly/pdf/render.py", "deleted")]


def test_a_renamed_path_is_reported_with_its_new_place_and_fixed(cli, branch):
    root, commit = branch
    git(root, "mv", "src/ledgerly/invoices/service.py", "src/ledgerly/billing.py")
    commit("rename")
    run = cli("check", root, "--format", "json", "--fail-on", "never")
    found = [f for f in run.json()["findings"]]
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [("TR207", "docs/invoices.tech.md", 12)]
    head = git(root, "rev-parse", "--short=9", "HEAD").strip()
    assert found[0]["message"].endswith(f"renamed to src/ledgerly/billing.py in {head}")
    sarif = json.loads(cli("check", root, "--format", "sarif", "--fail-on", "never").out)
    change = sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "docs/invoices.tech.md"
    assert change["replacements"][0] == {"deletedRegion": {"startLine": 12, "startColumn": 4, "endColumn": 36},
                                         "insertedContent": {"text": "src/ledgerly/billing.py"}}
    dry = cli("fix", root, "--renames")
    assert dry.code == 0 and "+- `src/ledgerly/billing.py`" in dry.out
    assert "src/ledgerly/invoices/service.py" in (root / "docs/invoices.tech.md").read_text()  # a dry run
    assert cli("fix", root, "--renames", "--write").code == 0
    assert cli("check", root).code == 0


def test_impact_of_a_moved_file_reaches_the_documents_that_name_its_old_path(cli, branch):
    """A file git moved is still the file a spec declares under its old path: impact on the file where it lives
    now names that spec (directly, through the move), and the graph records the move with its commit."""
    root, commit = branch
    git(root, "mv", "src/ledgerly/invoices/service.py", "src/ledgerly/billing.py")
    commit("rename")
    run = cli("impact", "src/ledgerly/billing.py", "--root", root, "--format", "json")
    assert run.code == 0, run.err
    affected = {a["node"]: a for a in run.json()["answers"][0]["affected"]}
    spec = affected["spec:docs/invoices.tech.md"]
    assert spec["direct"] and spec["edges"] == ["moved from", "modified by"]
    assert {"prd:ledger.prd", "story:US-003"} <= set(affected)
    graph = json.loads(cli("graph", root, "--format", "json").out)
    moves = [e for e in graph["links"] if e["kind"] == "renamed_to"]
    head = git(root, "rev-parse", "--short=9", "HEAD").strip()
    assert [(e["source"], e["target"], e["commit"]) for e in moves] == [
        ("file:src/ledgerly/invoices/service.py", "file:src/ledgerly/billing.py", head)]


def test_a_path_moved_twice_is_followed_to_where_it_lives_now(cli, branch):
    """A file moved twice is reported with the place it lives in now and the commit of its last move, also when
    another document names its middle place (both old paths are then asked about at once, and git's rename
    detection must not pair the two and hide the first move); a chain that reaches a file present again stops
    there."""
    root, commit = branch
    git(root, "mv", "src/ledgerly/invoices/service.py", "src/ledgerly/billing.py")
    commit("first move")
    (root / "src/ledgerly/payments").mkdir()
    git(root, "mv", "src/ledgerly/billing.py", "src/ledgerly/payments/billing.py")
    commit("second move")
    last = git(root, "rev-parse", "--short=9", "HEAD").strip()

    def tr207() -> dict[str, str]:
        run = cli("check", root, "--format", "json", "--fail-on", "never", "--select", "TR207")
        return {f["path"]: f["message"] for f in run.json()["findings"]}

    assert tr207() == {"docs/invoices.tech.md": "docs/invoices.tech.md still names src/ledgerly/invoices/service.py, "
                                                "renamed to src/ledgerly/payments/billing.py in " + last}
    (root / "docs/billing.tech.md").write_text(spec("Billing", "US-003", "src/ledgerly/billing.py"))
    commit("a spec of the middle place")
    found = tr207()
    assert set(found) == {"docs/invoices.tech.md", "docs/billing.tech.md"}
    assert all(m.endswith(f"renamed to src/ledgerly/payments/billing.py in {last}") for m in found.values())
    (root / "src/ledgerly/billing.py").write_text("def again(): ...\n")  # the middle place holds a file again
    commit("a new file at the middle place")
    assert set(tr207()) == {"docs/invoices.tech.md"}
    assert tr207()["docs/invoices.tech.md"].endswith("renamed to src/ledgerly/billing.py in "
                                                     + git(root, "log", "-1", "--format=%h", "--abbrev=9",
                                                           "--grep=first move").strip())


def test_missing_paths_beyond_what_a_run_looks_up_are_said_to_be_unsearched(cli, branch, monkeypatch):
    """A run searches git history for a bounded number of missing paths (in path order); the others are
    reported as missing, and a note says how many were not searched."""
    from tracer.rules import files
    from tracer.scanner import project

    root, commit = branch
    git(root, "mv", "src/ledgerly/invoices/service.py", "src/ledgerly/billing.py")
    git(root, "mv", "src/ledgerly/pdf/render.py", "src/ledgerly/render.py")
    commit("two moves")

    def check() -> tuple[dict[str, str], list[str]]:
        run = cli("check", root, "--format", "json", "--fail-on", "never", "--select", "TR201,TR207", "--debug")
        return {f["subject"]: f["rule"] for f in run.json()["findings"]}, run.json()["notes"]

    assert check() == ({"src/ledgerly/invoices/service.py": "TR207", "src/ledgerly/pdf/render.py": "TR207"}, [])
    monkeypatch.setattr(project, "MAX_RENAME_LOOKUPS", 1)
    monkeypatch.setattr(files, "MAX_RENAME_LOOKUPS", 1)
    found, notes = check()
    assert found == {"src/ledgerly/invoices/service.py": "TR207", "src/ledgerly/pdf/render.py": "TR201"}
    assert notes == ["TR207 file-renamed: git history was not searched for renames of 1 missing declared path (a "
                     "run searches for the first 1 in path order); it is reported as missing"]


def test_a_monorepo_subfolder_reports_paths_from_the_top(cli, tmp_path):
    (tmp_path / "mono").mkdir()
    root = git_init(tmp_path / "mono")
    write_repo(root, {f"services/api/{k}": v for k, v in FILES.items()})
    (root / "services/api/tracer.toml").write_text("[tool.tracer]\n")
    (root / "services/api/src/ledgerly/pdf/render.py").unlink()
    commit_all(root, "mono", "2026-01-01T10:00:00")
    run = cli("check", root / "services/api", "--format", "github", "--fail-on", "never")
    assert run.code == 0, run.err
    assert "::error file=services/api/docs/pdf-export.tech.md,line=12" in run.out
    files = [line.split("file=")[1].split(",")[0] for line in run.out.splitlines() if "file=" in line]
    assert files and all((root / f).is_file() for f in files)
    sarif = json.loads(cli("check", root / "services/api", "--format", "sarif", "--fail-on", "never").out)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "services/api/docs/pdf-export.tech.md", "uriBaseId": "%SRCROOT%"}


def test_changed_without_base_uses_the_upstream_and_base_alone_is_refused(cli, branch):
    root, commit = branch
    assert cli("check", root, "--base", "main").code == 2
    run = cli("check", root, "--changed")
    assert run.code == 2 and "no upstream" in run.err
    git(root, "branch", "-q", "--set-upstream-to", "main")
    (root / "src/ledgerly/pdf/render.py").unlink()
    commit("delete")
    run = cli("check", root, "--changed", "--format", "json", "--fail-on", "never")
    assert [(f["rule"], f["subject"]) for f in run.json()["findings"]] == [("TR201", "src/ledgerly/pdf/render.py")]


def test_the_history_is_asked_about_renames_once_per_commit(cli, branch, monkeypatch, tmp_path):
    """Which missing paths git renamed is kept with the commit and the paths asked about: a second run asks
    git nothing and says the same; a new commit is asked again, and so is an answer git could not give; a
    shallow clone, whose history can grow under the same commit, is asked every time. (``--debug``: no
    stored check result, every run scans.)"""
    from tracer.scanner import project

    root, commit = branch
    git(root, "mv", "src/ledgerly/invoices/service.py", "src/ledgerly/billing.py")
    commit("rename")
    asked = []
    real = project.renamed
    monkeypatch.setattr(project, "renamed", lambda at, paths: asked.append(paths) or real(at, paths))

    def tr207(at) -> list[str]:
        run = cli("check", at, "--format", "json", "--fail-on", "never", "--select", "TR207", "--debug")
        return [f["message"] for f in run.json()["findings"]]

    first = tr207(root)
    assert len(first) == 1 and "renamed to src/ledgerly/billing.py" in first[0] and len(asked) == 1
    (root / "docs/ledger.prd.md").write_text(PRD + "\nOne more line.\n")  # a scan again, the same paths
    assert tr207(root) == first and len(asked) == 1
    commit("prose")
    assert tr207(root) == first and len(asked) == 2
    failing = [({}, False)]  # git cannot answer once: the paths are missing for this run, and asked about again
    monkeypatch.setattr(project, "renamed", lambda at, paths: asked.append(paths) or (failing.pop() if failing else real(at, paths)))
    commit("more prose")
    assert tr207(root) == [] and tr207(root) == first and len(asked) == 4
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", root.as_uri(), str(shallow))
    tr207(shallow)
    (shallow / "docs/ledger.prd.md").write_text(PRD + "\nAnother line.\n")
    tr207(shallow)
    assert len(asked) == 6
