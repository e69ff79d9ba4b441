"""Time tracer next to a lower-bound program, Doorstop and StrictDoc on the same generated corpus, in one run.

    python benchmarks/run.py --sizes 100,1000 --repeat 3 [--tools tracer,lower,doorstop,strictdoc] [--env DIR]

``--sizes`` counts PRDs: each PRD brings 3 stories and 6 specs, so 1000 PRDs are 10,000 documents.
Doorstop and StrictDoc are taken from ``--env`` (a virtual environment with them installed: see
benchmarks/README.md); a tool that is missing is left out of the table, never faked.

Every measurement runs in a fresh process; the table shows the median wall time, the ratio to the
lower bound, and the peak resident memory of the measured process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, generate_doorstop, generate_strictdoc  # noqa: E402

#: status words of the default lifecycle, a few of each class the status-change runs move between
STATUS_WORDS = {"active": ("in-progress", "wip", "doing", "started", "in-review", "implementing", "testing", "qa",
                           "in-development", "partial"),
                "done": ("completed", "done", "implemented", "shipped", "released", "closed", "merged", "delivered",
                         "verified", "finished")}

# runs ``cmd`` and prints its wall time and the child's peak RSS (KiB) as JSON
_MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': r.returncode,"
    " 'maxrss_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, 'err': r.stderr.decode()[-400:]}))\n"
)


def measure(cmd: list[str], cwd: Path | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def median_of(cmd, repeat, before=None, cwd=None, ok=(0, 1)):
    runs = []
    for _ in range(repeat):
        if before:
            before()
        m = measure(cmd, cwd)
        if m["rc"] not in ok:
            raise RuntimeError(f"{' '.join(cmd)} failed ({m['rc']}): {m['err']}")
        runs.append(m)
    return {"seconds": statistics.median(r["seconds"] for r in runs), "maxrss_mib": max(r["maxrss_kib"] for r in runs) / 1024}


def bench_size(prds: int, repeat: int, tools: set[str], env: Path | None, work: Path,
               ops: set[str] = frozenset({"scan", "check", "impact", "report"})) -> list[dict]:
    repo, door, sdoc = work / f"repo{prds}", work / f"doorstop{prds}", work / f"strictdoc{prds}"
    counts = generate(repo, prds)
    rows = []
    tracer = [sys.executable, "-m", "tracer"]
    items = counts["documents"]

    def add(tool, op, result):
        rows.append({"items": items, "tool": tool, "operation": op, **result})
        print(f"  {items:>7} {tool:<10} {op:<34} {result['seconds']:8.3f} s {result['maxrss_mib']:8.0f} MiB", flush=True)

    def no_cache():
        shutil.rmtree(repo / ".tracer", ignore_errors=True)

    counter = iter(range(10**6))

    def touch_one():  # a paragraph added: the document parses as before
        spec = repo / "docs" / "specs" / "f00000" / "s0.tech.md"
        spec.write_text(spec.read_text() + f"\nEdited {next(counter)}.\n")

    declared = iter(range(10**6))

    def declare_one():  # a status changed: the document's parse changes, and with it the findings
        # from done to active and back, each time in a word not used before: a state seen earlier could match a
        # result kept then, and the run would measure its reuse instead of a run after a change
        i = next(declared)
        words = STATUS_WORDS["active" if i % 2 == 0 else "done"]
        spec = repo / "docs" / "specs" / "f00000" / "s0.tech.md"
        spec.write_text(re.sub(r"(?m)^status: .*$", f"status: {words[i // 2 % len(words)]}", spec.read_text(), count=1))

    if "lower" in tools:
        add("lower", "read+frontmatter+regex+networkx", median_of([sys.executable, str(HERE / "lower_bound.py"), str(repo)], repeat))
    if "tracer" in tools:
        for op, args in (("scan", ["scan", str(repo), "--format", "json"]), ("check", ["check", str(repo), "--format", "json"])):
            if op not in ops:
                continue
            add("tracer", f"{op} cold", median_of(tracer + args, repeat, before=no_cache))
            median_of(tracer + args, 1)  # fill the cache
            add("tracer", f"{op} warm, one document reworded", median_of(tracer + args, repeat, before=touch_one))
            add("tracer", f"{op} warm, one document's status changed",
                median_of(tracer + args, repeat, before=declare_one))
            time.sleep(2.5)  # a result is kept only when no file changed in the two seconds before the run
            median_of(tracer + args, 1)  # the run that keeps it
            add("tracer", f"{op} warm, nothing changed", median_of(tracer + args, repeat))
        if "impact" in ops:
            impact = tracer + ["impact", "--root", str(repo), "src/f00000/s0.py", "--format", "json"]
            time.sleep(2.5)
            median_of(impact, 1)  # the run that keeps the graph
            add("tracer", "impact one file, warm, nothing changed", median_of(impact, repeat))
            add("tracer", "impact one file, warm, one document reworded", median_of(impact, repeat, before=touch_one))
            add("tracer", "impact one file, warm, one document's status changed",
                median_of(impact, repeat, before=declare_one))
    if "tracer" in tools and "report" in ops:
        out = work / "report"
        add("tracer", "report cold", median_of(tracer + ["report", str(repo), "--out", str(out), "--no-history"], repeat,
                                                before=no_cache))
        add("tracer", "report warm, one document's status changed",
            median_of(tracer + ["report", str(repo), "--out", str(out), "--no-history"], repeat, before=declare_one))
    if "doorstop" in tools and env and (env / "bin" / "doorstop").exists():
        generate_doorstop(door, prds)
        subprocess.run(["git", "init", "-q", str(door)], check=True)
        add("doorstop", "validate, read-only (-F)", median_of([str(env / "bin" / "doorstop"), "-F"], repeat, cwd=door))
        add("doorstop", "validate, default", median_of([str(env / "bin" / "doorstop")], repeat, cwd=door))
    if "strictdoc" in tools and env and (env / "bin" / "strictdoc").exists():
        generate_strictdoc(sdoc, prds)
        out = work / f"sdoc-out{prds}"
        cache = Path(tempfile.gettempdir()) / "strictdoc_cache"

        def clear():
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)

        cmd = [str(env / "bin" / "strictdoc"), "export", "--formats", "json", "--output-dir", str(out), str(sdoc)]
        add("strictdoc", "export json, cold", median_of(cmd, repeat, before=clear))
        add("strictdoc", "export json, warm cache", median_of(cmd, repeat, before=lambda: shutil.rmtree(out, ignore_errors=True)))
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| items | tool | operation | median | × lower bound | peak memory |", "|---:|---|---|---:|---:|---:|"]
    lower = {r["items"]: r["seconds"] for r in rows if r["tool"] == "lower"}
    for r in rows:
        ratio = f"{r['seconds'] / lower[r['items']]:.1f}×" if r["items"] in lower else "—"
        lines.append(f"| {r['items']:,} | {r['tool']} | {r['operation']} | {r['seconds']:.2f} s | {ratio} | {r['maxrss_mib']:.0f} MiB |")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="100,1000", help="PRD counts, comma-separated (10 documents each)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--tools", default="lower,tracer,doorstop,strictdoc")
    p.add_argument("--env", type=Path, help="virtual environment holding doorstop and strictdoc")
    p.add_argument("--ops", default="scan,check,impact,report", help="tracer operations to time")
    p.add_argument("--json", type=Path, help="also write the raw rows here")
    a = p.parse_args()
    if a.env:  # the tools run inside each corpus folder: a relative --env must not be read from there
        a.env = a.env.resolve()
        if not (a.env / "bin").is_dir():
            p.error(f"--env {a.env}: no virtual environment there")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="tracer-bench-") as tmp:
        for size in (int(s) for s in a.sizes.split(",")):
            rows += bench_size(size, a.repeat, set(a.tools.split(",")), a.env, Path(tmp), set(a.ops.split(",")))
    print()
    print(table(rows))
    if a.json:
        a.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
