"""How big `tracer impact` answers are: for code files of a repository, the median and largest number of
nodes each direction names (used to choose the default direction; run on the accuracy checkouts).

    python benchmarks/impact_size.py benchmarks/accuracy/.work/gasoline [--sample 200]
"""

from __future__ import annotations

import argparse
import random
import statistics

from tracer import api


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("repos", nargs="+")
    p.add_argument("--sample", type=int, default=200, help="code files per repository (declared ones first)")
    args = p.parse_args(argv)
    print("| repository | files | direction | median nodes | largest | median specs |")
    print("|---|---:|---|---:|---:|---:|")
    for repo in args.repos:
        a = api.analyse(repo)
        declared = sorted({n[5:] for _, n, k in a.graph.edges(data="kind") if k in ("creates_file", "modifies_file")
                           and a.graph.nodes[n].get("code")})
        rest = sorted(c.path for c in a.project.code_files if c.path not in set(declared))
        random.Random(7).shuffle(rest)
        files = (declared + rest)[: args.sample]
        for direction in ("both", "auto"):
            sizes, specs = [], []
            for f in files:
                r = api.impact(a, [f], direction=direction)
                sizes.append(len(r.affected))
                specs.append(sum(x.kind == "spec" for x in r.affected))
            print(f"| {repo.rstrip('/').split('/')[-1]} | {len(files)} | {direction} | {statistics.median(sizes):.0f} | "
                  f"{max(sizes)} | {statistics.median(specs):.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
