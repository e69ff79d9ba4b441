"""Every bad input gets a finding or a one-line error naming the file; the rest of the repository is still scanned.

Each case adds one hostile file to an otherwise healthy repository, then asserts the finding (rule, path),
the exit code, and that the healthy PRD and the hostile document both appear in the scan's inventory.
"""

import os
import subprocess
import sys

import pytest

from tests.builders import prd, spec

HEALTHY = {"docs/good.prd.md": prd({"US-001": "fine"}, doc_id="good", status="draft")}
BOMB = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")) + "type: prd\n---\n# Bomb\n"

CASES = {
    # frontmatter
    "yaml-invalid": ("docs/a.tech.md", spec(status="draft").replace("created: 2026-01-10", "created: {{date}}"), "TR001"),
    "yaml-not-mapping": ("docs/a.prd.md", "---\n- just\n- a list\n---\n# A\n", "TR001"),
    "yaml-duplicate-keys": ("docs/a.prd.md", "---\ntype: prd\nstatus: draft\nstatus: done\n---\n# A\n", "TR001"),
    "yaml-unterminated": ("docs/a.prd.md", "---\ntype: prd\nstatus: draft\n\n# A\n", "TR001"),
    "yaml-bomb": ("docs/a.prd.md", BOMB, "TR001"),
    # encodings and sizes
    "latin-1": ("docs/a.prd.md", "---\ntype: prd\nstatus: draft\n---\n# Caf\xe9\n".encode("latin-1"), "TR008"),
    "utf-16": ("docs/a.prd.md", "---\ntype: prd\n---\n# A\n".encode("utf-16"), "TR008"),
    "nul-bytes": ("docs/a.prd.md", b"---\ntype: prd\n---\n# A\x00\x00\n", "TR008"),
    "binary-md": ("docs/a.prd.md", bytes(range(256)) * 40, "TR008"),
    "empty-file": ("docs/a.prd.md", "", "TR005"),
    "several-mb": ("docs/a.prd.md", "---\ntype: prd\nstatus: someday\n---\n# Big\n" + ("Lorem ipsum dolor sit amet. " * 40 + "\n\n") * 4000, "TR005"),
    "very-long-line": ("docs/a.prd.md", "---\ntype: prd\nstatus: someday\n---\n# Long\n" + "x" * 2_000_000 + "\n", "TR005"),
    "too-large": ("docs/a.prd.md", b"# " + b"x" * (9 * 1024 * 1024), "TR008"),
    # malformed Markdown
    "unclosed-fence": ("docs/a.prd.md", prd(status="draft") + "\n```sql\nCREATE TABLE t (id INT);\n", "TR010"),
    "ragged-table": ("docs/a.tech.md", spec(status="draft", modify=("src/gone.py",)).replace(
        "| `src/gone.py` | changed |", "| `src/gone.py` |\n| a | b | c | d |"), "TR201"),
    "whitespace-heading": ("docs/a.prd.md", "---\ntype: prd\nstatus: draft\n---\n#     \n\n## \t \n", "TR010"),
    "deep-lists": ("docs/a.prd.md", "---\ntype: prd\nstatus: someday\n---\n# Deep\n" + "".join("  " * i + "- x\n" for i in range(1000)), "TR005"),
    "deep-quotes": ("docs/a.prd.md", "---\ntype: prd\nstatus: someday\n---\n# Deep\n" + ">" * 5000 + " x\n", "TR005"),
    # SQL
    "sql-unparsable": ("docs/a.tech.md", spec(status="draft", sql="CREATE TABLE t (\n  a INT\n  b INT\n);"), "TR007"),
    "sql-truncated": ("docs/a.tech.md", spec(status="draft", sql="CREATE TABLE t (id INT, name"), "TR007"),
    "sql-other-dialect": ("docs/a.tech.md", spec(status="draft", sql="CREATE TABLE [dbo].[t] ([id] INT IDENTITY(1,1) NOT NULL,);"), "TR007"),
    "sql-placeholder": ("docs/a.tech.md", spec(status="draft", sql="CREATE TABLE {{table}} (id INT);"), "TR002"),
    # paths
    "path-absolute": ("docs/a.tech.md", spec(status="draft", modify=("/etc/passwd",)), "TR203"),
    "path-dotdot": ("docs/a.tech.md", spec(status="draft", modify=("src/../../secret",)), "TR203"),
    "path-control-chars": ("docs/a.tech.md", spec(status="draft", modify=("src/a\x07b.py",)), "TR203"),
    "path-windows": ("docs/a.tech.md", spec(status="draft", modify=("C:\\repo\\a.py",)), "TR203"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_becomes_a_finding_and_nothing_is_lost(cli, make_repo, case):
    path, content, rule = CASES[case]
    repo = make_repo({**HEALTHY, path: content, "src/a.py": ""})
    run = cli("check", repo, "--format", "json", "--fail-on", "never")
    assert run.code == 0 and "Traceback" not in run.err
    findings = run.json()["findings"]
    assert any(f["rule"] == rule and f["path"] == path for f in findings), findings
    docs = {d["path"] for d in cli("scan", repo, "--format", "json").json()["documents"]}
    assert {"docs/good.prd.md", path} <= docs


def test_symlink_pointing_outside_is_never_read(cli, make_repo, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntype: prd\nid: stolen\n---\n# Secret\n")
    repo = make_repo(HEALTHY)
    os.symlink(secret, repo / "docs" / "leak.prd.md")
    data = cli("scan", repo, "--format", "json").json()
    leak = next(d for d in data["documents"] if d["path"] == "docs/leak.prd.md")
    assert leak["id"] != "stolen" and "outside the repository" in leak["problems"][0]["message"]


def test_symlink_loop_terminates(cli, make_repo):
    repo = make_repo(HEALTHY)
    os.symlink(repo / "docs", repo / "docs" / "loop")
    os.symlink(repo / "docs" / "nowhere", repo / "docs" / "dangling.prd.md")
    run = cli("scan", repo, "--format", "json")
    assert run.code == 0 and "docs/good.prd.md" in {d["path"] for d in run.json()["documents"]}


def test_file_deleted_while_scanning(make_repo):
    from tracer.api import analyse

    repo = make_repo({**HEALTHY, "docs/b.prd.md": prd(status="draft"), "docs/c.prd.md": prd(status="draft")})
    deleted = []

    def progress(phase, done, total):
        if not deleted:  # after the first document is read, the next one disappears
            (repo / "docs/c.prd.md").unlink()
            deleted.append(True)

    project = analyse(repo, progress=progress).project
    docs = {d.path: d for d in project.documents}
    assert set(docs) == {"docs/b.prd.md", "docs/c.prd.md", "docs/good.prd.md"}
    assert "disappeared while scanning" in docs["docs/c.prd.md"].problems[0].message


SETPRIV = __import__("shutil").which("setpriv")


@pytest.mark.skipif(os.geteuid() != 0 or not SETPRIV, reason="needs root and setpriv to drop the override capabilities")
def test_unreadable_file_is_reported_and_the_scan_goes_on(make_repo):
    """Permission denied is only real without root's override: run tracer with those capabilities dropped."""
    import json

    repo = make_repo({**HEALTHY, "docs/secret.prd.md": prd(status="draft")})
    os.chmod(repo / "docs" / "secret.prd.md", 0o000)
    code = "import sys; from tracer.cli import main; sys.exit(main(['scan', sys.argv[1], '--format', 'json']))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    res = subprocess.run([SETPRIV, "--bounding-set", "-dac_override,-dac_read_search", sys.executable, "-c", code,
                          str(repo)], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    docs = {d["path"]: d for d in json.loads(res.stdout)["documents"]}
    assert set(docs) == {"docs/good.prd.md", "docs/secret.prd.md"}
    assert "Permission denied" in docs["docs/secret.prd.md"]["problems"][0]["message"]


def test_not_a_git_checkout_and_empty_directory(cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (("scan",), ("graph",)):
        run = cli(*args, empty)
        assert run.code == 0 and run.err == ""
    run = cli("check", empty)  # a check that read nothing is never a pass
    assert run.code == 2 and "no PRD, spec or story found" in run.err
    assert cli("scan", empty, "--format", "json").json()["git"] == {"is_repo": False, "shallow": False}


def test_path_argument_that_is_a_file_is_a_usage_error(cli, make_repo):
    repo = make_repo(HEALTHY)
    run = cli("scan", repo / "docs" / "good.prd.md")
    assert run.code == 2 and run.err.count("\n") == 1 and "not a folder" in run.err


def test_config_with_bad_types_and_globs_lists_all_problems(cli, make_repo):
    repo = make_repo({**HEALTHY, "pyproject.toml": "[tool.tracer]\ndocs = 'x/[ab'\ncompare_days = 'week'\nnope = 1\n"
                                                     "[tool.tracer.statuses]\nfinished = ['x']\n"})
    run = cli("check", repo)
    assert run.code == 2 and len(run.err.strip().splitlines()) == 1
    for part in ("unbalanced '['", "'compare_days' must be a non-negative integer", "unknown key 'nope'",
                 "'statuses.finished' is not a class"):
        assert part in run.err


def test_invalid_toml_is_a_one_line_error(cli, make_repo):
    run = cli("scan", make_repo({**HEALTHY, "tracer.toml": "dialect = \n"}))
    assert run.code == 2 and "not valid TOML" in run.err and len(run.err.strip().splitlines()) == 1
