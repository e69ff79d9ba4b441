"""The layers of the pipeline hold, and `tracer check` never pays for the plotting stack, nor for the SQL parser
when it parses no SQL."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_import_layers_hold():
    exe = shutil.which("lint-imports", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    assert exe, "import-linter is part of the dev dependencies"
    res = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-3000:]


def test_check_does_not_import_matplotlib_or_pandas(sample_copy, tmp_path):
    code = ("import sys; from tracer.cli import main; main(['check', sys.argv[1], '--format', 'json', '-o', sys.argv[2]]);"
            "print(sorted(m for m in ('matplotlib', 'pandas') if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code, str(sample_copy), str(tmp_path / "out.json")], capture_output=True,
                         text=True, timeout=120)
    assert res.stdout.strip().splitlines()[-1] == "[]", res.stderr


def _modules_after_an_edit(root: Path, out: Path, edit) -> set[str]:
    """The parsers a check imports after ``edit``, when an earlier check left its caches (a fresh process)."""
    code = ("import sys; from tracer.cli import main; main(['check', sys.argv[1], '--format', 'json', '-o', sys.argv[2]]);"
            "print(sorted(m for m in ('sqlglot', 'pyromark', 'yaml') if m in sys.modules))")
    run = [sys.executable, "-c", code, str(root), str(out)]
    subprocess.run(run, capture_output=True, text=True, timeout=120, check=True)
    edit()
    res = subprocess.run(run, capture_output=True, text=True, timeout=120)
    return set(eval(res.stdout.strip().splitlines()[-1]))  # noqa: S307 - a list of module names we printed


def _set_status(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert f"status: {old}" in text
    path.write_text(text.replace(f"status: {old}", f"status: {new}", 1))


def test_a_warm_check_imports_only_the_parsers_of_what_changed(sample_copy, tmp_path):
    """A warm check parses only the files that changed, and imports only their parsers: sqlglot's import is a
    quarter of a warm check at 1,000 documents, the Markdown and YAML readers a tenth. A PRD's status (no
    SQL in it), a spec's status (SQL in it, and again with a column's type changed), a route in a code file."""
    prd, spec = sample_copy / "docs/prds/task-board.prd.md", sample_copy / "docs/specs/task-api.tech.md"
    routes = sample_copy / "src/harbor/tasks/routes.py"
    assert "```sql" not in prd.read_text() and "```sql" in spec.read_text()
    assert _modules_after_an_edit(sample_copy, tmp_path / "a.json", lambda: _set_status(prd, "active", "completed")) \
        == {"pyromark", "yaml"}
    # the spec's SQL did not change: its statements are taken from its previous parse
    assert _modules_after_an_edit(sample_copy, tmp_path / "b.json", lambda: _set_status(spec, "completed", "active")) \
        == {"pyromark", "yaml"}

    def retype_a_column():
        spec.write_text(spec.read_text().replace("SMALLINT", "INT", 1))

    assert _modules_after_an_edit(sample_copy, tmp_path / "d.json", retype_a_column) == {"pyromark", "yaml", "sqlglot"}

    def move_a_route():
        routes.write_text(routes.read_text().replace('@router.get("/{task_id}")', '@router.get("/{task_id}/detail")', 1))

    assert _modules_after_an_edit(sample_copy, tmp_path / "c.json", move_a_route) == set()
