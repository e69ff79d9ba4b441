"""The committed report of sample_repo (reports/sample_repo/): regenerate it, and compare ignoring what varies.

Update it with ``make gold`` (or ``TRACER_UPDATE_GOLD=1 make test``).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "reports" / "sample_repo"
NOW = "2026-11-23T09:00:00+00:00"
TEXT_FILES = ("report.json", "report.md", "coverage.csv", "index.html")


def generate(dest: Path) -> None:
    """Write sample_repo's report into ``dest``, from a copy outside git, at a fixed time, without history."""
    from tracer.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "sample_repo"
        shutil.copytree(ROOT / "sample_repo", repo, ignore=shutil.ignore_patterns(".tracer", "__pycache__"))
        code = main(["report", str(repo), "--out", str(dest), "--no-history", "--now", NOW])
        if code != 0:
            raise SystemExit(f"tracer report failed with exit code {code}")


def scrub(name: str, text: str) -> str:
    """Remove what legitimately differs between runs and machines: the version and the chart pixels."""
    text = re.sub(r'"tracer_version": "[^"]*"', '"tracer_version": "X"', text)
    text = re.sub(r"tracer \d+\.\d+\.\d+\S*", "tracer X", text)
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,...", text)


if __name__ == "__main__":
    if GOLD.exists():
        shutil.rmtree(GOLD)
    generate(GOLD)
    print(f"wrote {GOLD}", file=sys.stderr)
