"""From install to the first finding: init, templates that pass, clear errors, quiet runs, a verdict."""

from __future__ import annotations

from tests.builders import commit_all, git, git_init, prd, spec


def test_init_writes_a_config_and_templates_that_pass(cli, tmp_path):
    root = tmp_path / "repo"
    (root / ".kiro/specs/cart").mkdir(parents=True)
    (root / ".kiro/specs/cart/requirements.md").write_text("# R\n\n### Requirement 1: Cart\n")
    assert cli("init", root).code == 0
    text = (root / "tracer.toml").read_text()
    assert 'profile = ["default", "kiro"]' in text and "[tool.tracer]" in text
    assert cli("init", root).code == 2  # never overwrites
    for kind in ("prd", "tech-spec"):
        assert cli("init", root, "--template", kind).code == 0
    run = cli("check", root, "--format", "json", "--profile", "default")
    assert run.code == 0 and [f for f in run.json()["findings"] if f["path"].startswith("docs/example")] == []
    scan = {d["path"]: d for d in cli("scan", root, "--format", "json").json()["documents"]}
    assert scan["docs/example.prd.md"]["stories"] == ["US-001", "US-002"]
    assert scan["docs/example.tech.md"]["parent"] == "docs/example.prd.md"


def test_errors_name_what_was_meant(cli, make_repo):
    repo = make_repo({"docs/a.prd.md": prd()})
    for args, hint in ((("check", repo, "--formt", "json"), "did you mean --format?"),
                       (("chek",), "did you mean check?"),
                       (("check", repo, "--select", "file-mising"), "did you mean file-missing?")):
        run = cli(*args)
        assert run.code == 2 and hint in run.err and "tracer: error: tracer:" not in run.err
    (repo / "tracer.toml").write_text("[tool.tracer]\nfail-onn = 'error'\n")
    run = cli("check", repo)
    assert run.code == 2 and "did you mean 'fail_on'" in run.err


def test_one_rule_and_quiet_runs(cli, make_repo, monkeypatch):
    out = cli("rules", "column-drift").out
    assert out.startswith("TR302 column-drift (error)") and "How to fix:" in out
    repo = make_repo({"docs/a.prd.md": prd()})
    git_init(repo)
    (repo / ".tracer").mkdir()
    (repo / ".tracer/x").write_text("committed")
    commit_all(repo, "init", "2026-01-01T10:00:00")
    assert "note:" in cli("check", repo).err
    assert cli("check", repo, "--quiet").err == ""


def test_folders_tracer_creates_are_ignored_by_git(cli, make_repo):
    repo = git_init(make_repo({"docs/a.prd.md": prd(), "docs/b.tech.md": spec(parent="a.prd.md", modify=("x.py",)),
                               "x.py": ""}))
    assert cli("report", repo, "--out", repo / "weekly").code == 0
    assert (repo / ".tracer/.gitignore").read_text().strip().endswith("*")
    assert (repo / "weekly/.gitignore").is_file()
    assert git(repo, "status", "--porcelain", "--untracked-files=all").split() == [
        "??", "docs/a.prd.md", "??", "docs/b.tech.md", "??", "x.py"]


def test_the_report_fails_under_its_targets_after_writing_it(cli, make_repo):
    repo = make_repo({"docs/a.prd.md": prd({"US-001": "a", "US-002": "b"}),
                      "docs/b.tech.md": spec(parent="a.prd.md", covers="US-001", modify=("x.py",)), "x.py": ""})
    out = repo / "out"
    run = cli("report", repo, "--out", out, "--no-history", "--fail-under", "90")
    assert run.code == 1 and (out / "index.html").is_file() and "story coverage (50.0 against 90)" in run.err
    assert cli("report", repo, "--out", out, "--no-history", "--fail-under", "50").code == 0
    (repo / "tracer.toml").write_text("[tool.tracer.targets]\nmax_warnings = 0\n")
    assert cli("report", repo, "--out", out, "--no-history").code == 1  # US-002 is uncovered: a warning
    assert "Fails:" in (out / "report.md").read_text()


def test_report_links_to_files_on_the_forge(cli, make_repo):
    repo = git_init(make_repo({"docs/a.prd.md": prd(), "docs/b.tech.md": spec(parent="a.prd.md", modify=("gone.py",))}))
    git(repo, "remote", "add", "origin", "git@github.com:acme/shop.git")
    head = commit_all(repo, "init", "2026-01-01T10:00:00")
    cli("report", repo, "--out", repo / "out", "--no-history")
    html = (repo / "out/index.html").read_text()
    assert f'href="https://github.com/acme/shop/blob/{head}/docs/b.tech.md#L' in html
    assert 'href="rules.html#tr201-file-missing"' in html


def test_an_output_folder_that_cannot_be_made_is_a_usage_error(cli, make_repo, tmp_path):
    repo = make_repo({"docs/a.prd.md": prd()})
    (tmp_path / "afile").write_text("x")
    run = cli("report", repo, "--out", tmp_path / "afile" / "inside", "--no-history")
    assert run.code == 2 and run.err.startswith("tracer: error: cannot create the folder") and "internal" not in run.err
