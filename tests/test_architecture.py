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
            "print(sorted(m for m in ('sqlglot', 'pyromark') if m in sys.modules))")
    run = [sys.executable, "-c", code, str(root), str(out)]
    subprocess.run(run, capture_output=True, text=True, timeout=120, check=True)
    edit()
    res = subprocess.run(run, capture_output=True, text=True, timeout=120)
    return set(eval(res.stdout.strip().splitlines()[-1]))  # noqa: S307 - a list of module names we printed


def _set_status(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert f"status: {old}" in text
    path.write_text(text.replace(f"status: {old}", f"status: {new}", 1))


def test_a_document_without_sql_is_parsed_again_without_the_sql_parser(sample_copy, tmp_path):
    """sqlglot's import is a quarter of a warm check at 1,000 documents: a run that parses only a PRD again
    (its status changed) must not pay for it, while one that parses a spec's SQL again does."""
    prd, spec = sample_copy / "docs/prds/task-board.prd.md", sample_copy / "docs/specs/task-api.tech.md"
    assert "```sql" not in prd.read_text() and "```sql" in spec.read_text()
    assert _modules_after_an_edit(sample_copy, tmp_path / "a.json", lambda: _set_status(prd, "active", "completed")) \
        == {"pyromark"}
    assert _modules_after_an_edit(sample_copy, tmp_path / "b.json", lambda: _set_status(spec, "completed", "active")) \
        == {"pyromark", "sqlglot"}
