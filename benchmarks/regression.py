"""Performance regression check for CI: tracer check against the lower-bound program, same corpus, same run.

    python benchmarks/regression.py [--prds 100] [--limit 8] [--warm-limit 3.5] [--reworded-limit 2] [--unchanged-limit 1.5]

Compares medians as ratios, so a slower or busier machine does not make it fail; only a large regression
does. Four runs of tracer are measured against the lower bound: cold (no parse cache), warm with one
document's status changed before each run, warm with a paragraph added to one document, and with nothing
changed (the last two reuse the stored result). Today's ratios are in benchmarks/README.md.
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
    p.add_argument("--limit", type=float, default=8.0, help="fail when a cold check is slower than this × the lower bound")
    p.add_argument("--warm-limit", type=float, default=3.5,
                   help="... a warm check after a change to one document's parse")
    p.add_argument("--reworded-limit", type=float, default=2.0, help="... a check after one document was reworded")
    p.add_argument("--unchanged-limit", type=float, default=1.5, help="... a check with nothing changed")
    a = p.parse_args()
    check = [sys.executable, "-m", "tracer", "check", "--format", "json"]
    with tempfile.TemporaryDirectory(prefix="tracer-regression-") as tmp:
        repo = Path(tmp) / "repo"
        generate(repo, a.prds)
        lower = [timed([sys.executable, str(HERE / "lower_bound.py"), str(repo)]) for _ in range(a.repeat)]
        cold = [timed([*check, str(repo), "--no-cache"]) for _ in range(a.repeat)]
        spec = repo / "docs" / "specs" / "f00000" / "s0.tech.md"
        text = spec.read_text()
        warm, reworded = [], []
        timed([*check, str(repo)])  # the run that fills the parse cache (the cold runs above keep nothing)
        for i in range(a.repeat):  # its status changed: the document's parse changes
            spec.write_text(text.replace("status: completed", "status: in-progress" if i % 2 == 0 else "status: done", 1))
            warm.append(timed([*check, str(repo)]))
        spec.write_text(text)
        time.sleep(2.5)
        timed([*check, str(repo)])  # the run that keeps its result
        for i in range(a.repeat):  # a paragraph added: the document parses as before
            spec.write_text(text + f"\nEdited {i}.\n")
            reworded.append(timed([*check, str(repo)]))
        spec.write_text(text)
        time.sleep(2.5)  # a result is kept only when no file changed in the two seconds before the run
        timed([*check, str(repo)])  # the run that stores it
        unchanged = [timed([*check, str(repo)]) for _ in range(a.repeat)]
    base = statistics.median(lower)
    failed = False
    print(f"performance on {a.prds * 10} documents, lower bound {base:.2f} s:")
    for name, runs, limit in (("cold", cold, a.limit), ("warm, one document's status changed", warm, a.warm_limit),
                              ("warm, one document reworded", reworded, a.reworded_limit),
                              ("warm, nothing changed", unchanged, a.unchanged_limit)):
        ratio = statistics.median(runs) / base
        failed |= ratio > limit
        print(f"  tracer check {name}: {statistics.median(runs):.2f} s, ratio {ratio:.2f}x (limit {limit:g}x)"
              + ("  REGRESSION" if ratio > limit else ""))
    if failed:
        print("performance regression: tracer check is far slower than the lower bound", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
