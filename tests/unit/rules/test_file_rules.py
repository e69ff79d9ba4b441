"""TR2xx: declared files against the repository."""

import os

import pytest

from tests.builders import prd, spec

PRD = {"docs/feature.prd.md": prd()}


@pytest.mark.parametrize("status, severity", [("completed", "error"), ("in-progress", "warning"), ("draft", "warning")])
def test_TR201_file_to_modify_missing_by_status(findings, status, severity):
    got = findings({**PRD, "docs/s.tech.md": spec(status=status, modify=("src/gone.py",))}, "TR201")
    assert [(g[3], g[4]) for g in got] == [("src/gone.py", severity)]


def test_TR201_file_to_create_missing_only_once_done(findings):
    files = {**PRD, "docs/a.tech.md": spec(status="done", create=("src/a.py",)),
             "docs/b.tech.md": spec(status="in-progress", create=("src/b.py",))}
    assert [(g[1], g[3]) for g in findings(files, "TR201")] == [("docs/a.tech.md", "src/a.py")]


def test_TR201_quiet_when_files_exist_or_spec_retired(findings):
    files = {**PRD, "src/a.py": "", "docs/a.tech.md": spec(modify=("src/a.py:10",), create=("src/a.py",)),
             "docs/b.tech.md": spec(status="deprecated", modify=("src/gone.py",))}
    assert findings(files, "TR201") == []


def test_TR201_points_at_the_table_row(findings):
    text = spec(modify=("src/gone.py",))
    row = next(i for i, line in enumerate(text.splitlines(), 1) if "src/gone.py" in line)
    assert findings({**PRD, "docs/s.tech.md": text}, "TR201")[0][2] == row


def test_TR202_fires_for_planned_spec_creating_existing_file(findings):
    files = {**PRD, "src/a.py": "", "docs/s.tech.md": spec(status="draft", create=("src/a.py",))}
    assert [(g[3], g[4]) for g in findings(files, "TR202")] == [("src/a.py", "warning")]


def test_TR202_quiet_once_work_started(findings):
    files = {**PRD, "src/a.py": "", "docs/s.tech.md": spec(status="in-progress", create=("src/a.py",))}
    assert findings(files, "TR202") == []


def test_TR203_fires_on_absolute_and_escaping_paths_and_never_reads_them(findings, tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text("x")
    files = {**PRD, "docs/s.tech.md": spec(modify=(str(secret), "../secret.py", "C:\\x\\y.py"))}
    got = findings(files, "TR203", "TR201")
    assert [(g[0], g[3]) for g in got] == [("TR203", str(secret)), ("TR203", "../secret.py"), ("TR203", "C:\\x\\y.py")]


def test_TR203_symlink_out_of_the_repo_counts_as_missing(findings, make_repo, tmp_path):
    (tmp_path / "outside.py").write_text("x")
    files = {**PRD, "docs/s.tech.md": spec(modify=("src/link.py",))}
    root = make_repo(files)
    (root / "src").mkdir()
    os.symlink(tmp_path / "outside.py", root / "src" / "link.py")
    from tracer.api import analyse, check

    result = check(analyse(root), enable=("TR201",))
    assert [(f.rule, f.subject) for f in result.findings if f.rule == "TR201"] == [("TR201", "src/link.py")]


def test_TR203_quiet_on_relative_paths(findings):
    assert findings({**PRD, "docs/s.tech.md": spec(create=("src/a.py",), status="draft")}, "TR203") == []


def test_TR204_is_off_by_default_and_fires_when_enabled(findings, make_repo):
    files = {**PRD, "src/a.py": "", "src/b.py": "", "docs/s.tech.md": spec(modify=("src/a.py",))}
    from tracer.api import analyse, check

    root = make_repo(files)
    assert not [f for f in check(analyse(root)).findings if f.rule == "TR204"]
    assert [(f.rule, f.path) for f in check(analyse(root), enable=("TR204",)).findings if f.rule == "TR204"] == [
        ("TR204", "src/b.py")]
