"""Performance regression check for CI: tracer check against the lower-bound program, same corpus, same run.

    python benchmarks/regression.py [--prds 100] [--limit 15]

Compares medians of cold runs (no parse cache) as a ratio, so a slower or busier machine does not make it
fail; only a large regression (the ratio above --limit) does. Today's ratio is in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def timed(cmd: list[str], ok=(0, 1)) -> float:
    t = time.perf_counter()
    res = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    if res.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed: {res.stderr.decode()[-400:]}")
    return elapsed


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prds", type=int, default=100)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--limit", type=float, default=15.0, help="fail when tracer check is slower than this × the lower bound")
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="tracer-regression-") as tmp:
        repo = Path(tmp) / "repo"
        generate(repo, a.prds)
        lower = [timed([sys.executable, str(HERE / "lower_bound.py"), str(repo)]) for _ in range(a.repeat)]
        check = [timed([sys.executable, "-m", "tracer", "check", str(repo), "--no-cache", "--format", "json"])
                 for _ in range(a.repeat)]
    ratio = statistics.median(check) / statistics.median(lower)
    print(f"performance: tracer check {statistics.median(check):.2f} s, lower bound {statistics.median(lower):.2f} s, "
          f"ratio {ratio:.1f}x (limit {a.limit:.0f}x) on {a.prds * 10} documents")
    if ratio > a.limit:
        print("performance regression: tracer check is far slower than the lower bound", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
