"""The weekly report at 10,000 items: time against `tracer check` on the same tree (the medians of warm runs
taken in turns, so that a slow moment of the machine weighs on both), peak memory, the size of index.html, and
the page loaded in Chromium at phone width (no horizontal overflow).

    python benchmarks/report_scale.py [--prds 1000] [--repeat 3] [--limit-ratio 2] [--limit-mib 500]
        [--limit-index-kb 1024]

Exits 1 when a limit is missed (CI runs it). Chromium is optional here: without it the load is skipped and said.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import statistics
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one command in a fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed with {code}: {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def load_in_chromium(index: Path) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return "skipped (no chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 390, "height": 900})
        start = time.perf_counter()
        page.goto(index.as_uri())
        page.wait_for_load_state("load")
        took = time.perf_counter() - start
        width = page.evaluate("document.documentElement.scrollWidth")
        nodes = page.evaluate("document.getElementsByTagName('*').length")
        browser.close()
    if width > 390:
        raise SystemExit(f"index.html is {width} px wide at 390 px")
    return f"loaded in {took:.2f} s, {nodes} elements, no horizontal overflow at 390 px"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--prds", type=int, default=1000, help="PRDs of the generated corpus (10 items each)")
    p.add_argument("--limit-ratio", type=float, default=2.0,
                   help="report time over check time, warm with one document changed")
    p.add_argument("--limit-mib", type=float, default=500.0)
    p.add_argument("--limit-index-kb", type=float, default=1024.0)
    p.add_argument("--repeat", type=int, default=3, help="warm check and report runs, in turns (medians compared)")
    args = p.parse_args(argv)
    tracer = [sys.executable, "-m", "tracer"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(corpus), "--prds", str(args.prds)], check=True,
                       stdout=subprocess.DEVNULL)
        cold, cold_mib = timed([*tracer, "check", ".", "--no-cache", "-q", "--fail-on", "never"], corpus)
        timed([*tracer, "check", ".", "-q", "--fail-on", "never"], corpus)  # fills the cache
        spec = corpus / "docs" / "specs" / "f00000" / "s0.tech.md"
        text = spec.read_text()
        out = Path(tmp) / "report"
        checks, reports = [], []
        for turn in range(args.repeat):  # in turns, so that a slow moment of the machine weighs on both
            # both warm runs after a change to a document's parse (its status): neither may reuse a stored result
            spec.write_text(text.replace("status: completed", f"status: in-progress-{turn}", 1))
            checks.append(timed([*tracer, "check", ".", "-q", "--fail-on", "never"], corpus))
            spec.write_text(text)
            reports.append(timed([*tracer, "report", ".", "--out", str(out), "--no-history", "-q"], corpus))
        check, check_mib = statistics.median(t for t, _ in checks), max(m for _, m in checks)
        report, report_mib = statistics.median(t for t, _ in reports), max(m for _, m in reports)
        index_kb = (out / "index.html").stat().st_size / 1024
        total_mb = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6
        pages = len(list((out / "prd").glob("*.html")))
        loaded = load_in_chromium(out / "index.html")
    items = args.prds * 10
    print(f"{items:,} items: check cold {cold:.2f} s ({cold_mib:.0f} MiB), check warm {check:.2f} s, "
          f"report warm {report:.2f} s ({report_mib:.0f} MiB) = {report / check:.2f}x check (medians of "
          f"{args.repeat} in turns: check {', '.join(f'{t:.2f}' for t, _ in checks)} s, report "
          f"{', '.join(f'{t:.2f}' for t, _ in reports)} s); index.html "
          f"{index_kb:.0f} KB, report folder {total_mb:.1f} MB with {pages} PRD pages; Chromium: {loaded}")
    failed = []
    if report / check > args.limit_ratio:
        failed.append(f"report takes {report / check:.2f}x check (limit {args.limit_ratio}x)")
    if report_mib > args.limit_mib:
        failed.append(f"report peaks at {report_mib:.0f} MiB (limit {args.limit_mib:.0f})")
    if index_kb > args.limit_index_kb:
        failed.append(f"index.html is {index_kb:.0f} KB (limit {args.limit_index_kb:.0f})")
    for f in failed:
        print(f"report scale: {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
