"""The CLI's contract: exit codes, one-line errors, output formats, baselines, --changed."""

import json
import xml.etree.ElementTree as ET

import pytest

from tests.builders import commit_all, git, git_init, prd, spec

CLEAN = {"docs/feature.prd.md": prd(), "src/a.py": "", "docs/s.tech.md": spec(modify=("src/a.py",))}
DRIFT = {**CLEAN, "docs/s.tech.md": spec(modify=("src/gone.py", "src/a%b,c:d.py"))}


def test_clean_repo_exits_0(cli, make_repo):
    run = cli("check", make_repo(CLEAN))
    assert run.code == 0 and "No findings" in run.out


def test_drift_exits_1_and_text_groups_by_document(cli, make_repo):
    run = cli("check", make_repo(DRIFT))
    assert run.code == 1
    assert run.out.splitlines()[0] == "docs/s.tech.md"
    assert "TR201" in run.out and "2 finding(s): 2 error(s)" in run.out


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("never", 0)])
def test_fail_on(cli, make_repo, fail_on, code):
    assert cli("check", make_repo(DRIFT), "--fail-on", fail_on).code == code


def test_text_shows_three_info_findings_of_a_rule_per_document_and_counts_the_rest(cli, make_repo):
    """Info findings are hints: past three of one rule in a document, one line says how many more; warnings and
    errors are all shown, and --format lines lists every finding."""
    stories = "".join(f"### A story without an ID, number {i}\n\nText.\n\n" for i in range(5))
    repo = make_repo({"docs/f.prd.md": f"---\ntype: prd\nstatus: active\n---\n# F\n\n## User Stories\n\n{stories}"
                      "## Notes\n\n{{unfilled}} {{another}} {{third}} {{fourth}}\n"})
    text = cli("check", repo, "--fail-on", "never").out
    assert text.count("TR009") == 4 and "TR009 and 2 more like these" in text
    assert text.count("TR002") == 4  # warnings: every one
    lines = cli("check", repo, "--format", "lines", "--fail-on", "never").out
    assert lines.count("TR009") == 5 and lines.count("TR002") == 4


def test_fail_on_warning_counts_warnings(cli, make_repo):
    repo = make_repo({**CLEAN, "docs/s.tech.md": spec(status="in-progress", modify=("src/gone.py",))})
    assert cli("check", repo).code == 0
    assert cli("check", repo, "--fail-on", "warning").code == 1


@pytest.mark.parametrize("args", [("check", "/does/not/exist"), ("check", ".", "--select", "TR999"),
                                  ("check", ".", "--format", "pdf"), ("nonsense",), ("graph", ".", "--focus", "spec:x")])
def test_usage_errors_are_one_line_on_stderr_with_exit_2(cli, make_repo, monkeypatch, args):
    monkeypatch.chdir(make_repo(CLEAN))
    run = cli(*args)
    assert run.code == 2
    assert len(run.err.strip().splitlines()) == 1 and run.err.startswith("tracer: error:")
    assert "Traceback" not in run.err


def test_config_errors_list_every_problem_at_once(cli, make_repo):
    repo = make_repo({**CLEAN, "tracer.toml": "colour = 'red'\ndialect = 3\ndocs = ['/abs/**']\n"})
    run = cli("scan", repo)
    assert run.code == 2
    assert "unknown key 'colour'" in run.err and "'dialect' must be a string" in run.err and "is absolute" in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_debug_shows_the_traceback(make_repo):
    from tracer.cli import main
    from tracer.errors import TracerError

    with pytest.raises(TracerError):
        main(["check", str(make_repo(CLEAN)), "--select", "TR999", "--debug"])


def test_json_shape_and_order(cli, make_repo):
    data = cli("check", make_repo(DRIFT), "--format", "json").json()
    assert data["version"] == 1 and data["summary"] == {"error": 2, "warning": 0, "info": 0}
    f = data["findings"][0]
    assert set(f) == {"rule", "slug", "severity", "path", "line", "message", "subject", "fingerprint"}
    keys = [(x["path"], x["line"], x["rule"]) for x in data["findings"]]
    assert keys == sorted(keys)


def test_fingerprints_survive_line_moves(cli, make_repo):
    repo = make_repo(DRIFT)
    before = {f["fingerprint"] for f in cli("check", repo, "--format", "json").json()["findings"]}
    text = (repo / "docs/s.tech.md").read_text().replace("What it does.", "What it does.\n\nMore words.\n\nEven more.")
    (repo / "docs/s.tech.md").write_text(text)
    after = cli("check", repo, "--format", "json").json()["findings"]
    assert {f["fingerprint"] for f in after} == before


def test_baseline_reports_new_findings_only_and_stale_entries(cli, make_repo, tmp_path):
    repo = make_repo(DRIFT)
    base = tmp_path / "b.json"
    cli("check", repo, "--write-baseline", base)
    (repo / "docs/s.tech.md").write_text(spec(modify=("src/gone.py", "src/new-gone.py")))
    data = cli("check", repo, "--baseline", base, "--format", "json").json()
    assert [f["subject"] for f in data["findings"]] == ["src/new-gone.py"]
    assert [e["subject"] for e in data["baseline"]["unmatched"]] == ["src/a%b,c:d.py"]


def test_select_ignore_by_prefix_and_slug(cli, make_repo):
    repo = make_repo({**DRIFT, "docs/t.tech.md": spec(parent="nope")})
    rules = lambda *a: {f["rule"] for f in cli("check", repo, "--format", "json", *a).json()["findings"]}
    assert rules() == {"TR101", "TR201"}
    assert rules("--select", "TR2") == {"TR201"}
    assert rules("--ignore", "file-missing") == {"TR101"}


def test_severity_override_in_config(cli, make_repo):
    repo = make_repo({**DRIFT, "tracer.toml": "[tool.tracer.severity]\nfile-missing = 'warning'\n"})
    data = cli("check", repo, "--format", "json").json()
    assert {f["severity"] for f in data["findings"]} == {"warning"}
    assert cli("check", repo).code == 0


def test_github_format_escapes_workflow_commands(cli, make_repo):
    out = cli("check", make_repo(DRIFT), "--format", "github").out
    line = next(x for x in out.splitlines() if "a%25b" in x)
    assert line.startswith("::error file=docs/s.tech.md,line=")
    assert "title=TR201 file-missing::file to modify src/a%25b,c:d.py does not exist" in line


def test_junit_format_one_testcase_per_finding_grouped_by_rule(cli, make_repo):
    root = ET.fromstring(cli("check", make_repo(DRIFT), "--format", "junit").out)
    suite = next(s for s in root if s.get("name") == "TR201 file-missing")
    assert len(suite.findall("testcase")) == 2 and suite.get("failures") == "2"
    assert root.get("failures") == "2"


def test_gitlab_format_is_code_quality(cli, make_repo):
    issues = json.loads(cli("check", make_repo(DRIFT), "--format", "gitlab").out)
    assert {i["severity"] for i in issues} == {"major"}
    assert issues[0]["location"]["path"] == "docs/s.tech.md" and issues[0]["location"]["lines"]["begin"] > 1


def test_output_file_is_written(cli, make_repo, tmp_path):
    out = tmp_path / "nested" / "r.sarif"
    assert cli("check", make_repo(DRIFT), "--format", "sarif", "--output", out).code == 1
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_changed_limits_findings_to_changed_paths(cli, make_repo):
    repo = git_init(make_repo({**DRIFT, "docs/t.tech.md": spec(parent="nope")}))
    commit_all(repo, "base", "2026-01-01T10:00:00")
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "docs/t.tech.md").write_text(spec(parent="still-nope"))
    commit_all(repo, "change t", "2026-01-02T10:00:00")
    data = cli("check", repo, "--changed", "--base", "main", "--format", "json").json()
    assert {f["path"] for f in data["findings"]} == {"docs/t.tech.md"}


def test_changed_outside_git_is_a_clear_error(cli, make_repo):
    run = cli("check", make_repo(CLEAN), "--changed")
    assert run.code == 2 and "not a git checkout" in run.err


@pytest.mark.parametrize("files", [{}, {"README.md": "# hi\n"}, {"src/a.py": "print(1)\n"},
                                   {"notes/feature-spec.md": "# Feature\n\nSome spec.\n"}])
def test_repos_without_docs_are_a_usage_error_never_a_pass(cli, make_repo, files):
    """A check that read nothing must not pass: exit 2 with a one-line hint of what was tried."""
    repo = make_repo(files)
    run = cli("check", repo)
    assert run.code == 2 and run.out == "" and len(run.err.strip().splitlines()) == 1
    assert "no PRD, spec or story found" in run.err and "**/*.md" in run.err
    if "notes/feature-spec.md" in files:
        assert "look like specs: notes/feature-spec.md" in run.err
    scan = cli("scan", repo, "--format", "json")  # the inventory still shows what was read
    assert scan.code == 0 and scan.json()["counts"]["prds"] == scan.json()["counts"]["specs"] == 0


def test_rules_command_lists_every_rule(cli):
    from tracer.rules import RULES

    out = cli("rules").out
    assert all(r.code in out and r.slug in out for r in RULES)
