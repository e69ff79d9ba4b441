"""The layers of the pipeline hold, and `tracer check` never pays for the plotting stack."""

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
