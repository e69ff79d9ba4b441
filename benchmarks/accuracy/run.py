"""Accuracy on real repositories: run ``tracer check`` (defaults, no configuration) on public spec-driven
repositories at pinned commits and compare its findings with hand-made labels.

    python benchmarks/accuracy/run.py                       # clone from GitHub into benchmarks/accuracy/.work/
    python benchmarks/accuracy/run.py --source DIR/{owner}+{name}.git --work /tmp/acc
    python benchmarks/accuracy/run.py --repo lore --unlabelled   # CSV rows to label, one per unlabelled finding

Only labels are kept here (``labels.csv``: repository, commit, path, rule, subject, verdict, reason; a path or
subject may be a glob for findings that share one verdict; a must-find's rule may name alternatives, ``TR201|TR207``; ``labels-baseline.csv``: the verdicts, by pattern,
on what the tracer of before the accuracy work reported) and the must-find list (``must_find.csv``): no text
or code of the repositories. Prints, per repository and in total: findings at warning and above, real / noise /
debatable / unlabelled, precision (real over real + noise), strict precision (real over every finding),
must-find recall, errors that are noise, and the worst noise patterns.
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import json
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERDICTS = ("real", "noise", "debatable")


@dataclass(frozen=True)
class Repo:
    name: str  # the short name used in the label files
    github: str  # owner/name
    commit: str
    shape: str


@dataclass
class Tally:
    findings: int = 0
    verdicts: Counter = field(default_factory=Counter)
    noise_errors: int = 0
    must: int = 0
    found: int = 0
    missed: list = field(default_factory=list)
    noise_patterns: Counter = field(default_factory=Counter)
    unlabelled: list = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.findings += other.findings
        self.verdicts.update(other.verdicts)
        self.noise_errors += other.noise_errors
        self.must += other.must
        self.found += other.found
        self.noise_patterns.update(other.noise_patterns)

    @property
    def precision(self) -> float | None:
        den = self.verdicts["real"] + self.verdicts["noise"]
        return self.verdicts["real"] / den if den else None

    @property
    def strict(self) -> float | None:
        return self.verdicts["real"] / self.findings if self.findings else None

    @property
    def recall(self) -> float | None:
        return self.found / self.must if self.must else None


def load_repos() -> list[Repo]:
    data = tomllib.loads((HERE / "repos.toml").read_text())
    return [Repo(name=k, github=v["github"], commit=v["commit"], shape=v["shape"]) for k, v in data["repos"].items()]


def load_csv(name: str) -> list[dict]:
    path = Path(name) if Path(name).is_absolute() or Path(name).exists() else HERE / name
    with path.open(newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if not row["repository"].startswith("#")]


def checkout(repo: Repo, source: str, work: Path) -> Path:
    """A git checkout of the repository at its pinned commit (history included: TR501 reads it)."""
    dest = work / repo.name
    owner, name = repo.github.split("/")
    if not (dest / ".git").exists():
        url = source.format(owner=owner, name=name, repo=repo.github)
        subprocess.run(["git", "clone", "--quiet", "--no-checkout", url, str(dest)], check=True)
    head = subprocess.run(["git", "-C", str(dest), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    if not head.startswith(repo.commit):
        # a snapshot may lack files of several MB: checkout still writes every other file and says which it missed
        subprocess.run(["git", "-C", str(dest), "-c", "advice.detachedHead=false", "checkout", "--quiet", "--force",
                        repo.commit], capture_output=True)
        head = subprocess.run(["git", "-C", str(dest), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
        if not head.strip().startswith(repo.commit):
            raise SystemExit(f"{repo.name}: could not check out {repo.commit}")
    return dest


def run_tracer(tracer: list[str], path: Path) -> list[dict]:
    res = subprocess.run([*tracer, "check", str(path), "--format", "json", "--no-cache", "--fail-on", "never"],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"tracer failed on {path} (exit {res.returncode}): {res.stderr.strip()[-2000:]}")
    return json.loads(res.stdout)["findings"]


def _matches(label: dict, f: dict) -> bool:
    if label["rule"] != f["rule"]:
        return False
    return fnmatch.fnmatchcase(f["path"], label["path"]) and fnmatch.fnmatchcase(f["subject"], label["subject"])


def verdict(labels: list[dict], f: dict) -> dict | None:
    """The label for a finding: an exact one first, else the first glob label that matches."""
    for label in labels:
        if (label["path"], label["rule"], label["subject"]) == (f["path"], f["rule"], f["subject"]):
            return label
    return next((label for label in labels if _matches(label, f)), None)


def judge(repo: Repo, findings: list[dict], labels: list[dict], must: list[dict]) -> Tally:
    t = Tally()
    mine = [lab for lab in labels if lab["repository"] == repo.name]
    for f in findings:
        if f["severity"] not in ("error", "warning"):
            continue
        t.findings += 1
        label = verdict(mine, f)
        if label is None:
            t.verdicts["unlabelled"] += 1
            t.unlabelled.append(f)
            continue
        t.verdicts[label["verdict"]] += 1
        if label["verdict"] == "noise":
            t.noise_errors += f["severity"] == "error"
            t.noise_patterns[f"{f['rule']} {label['reason']}"] += 1
    for m in (m for m in must if m["repository"] == repo.name):
        t.must += 1
        if any(f["path"] == m["path"] and any(f["rule"].startswith(r) for r in m["rule"].split("|"))
               and fnmatch.fnmatchcase(f["subject"], m["subject"])
               and f["severity"] in ("error", "warning") for f in findings):
            t.found += 1
        else:
            t.missed.append(m)
    return t


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f} %"


def table(rows: list[tuple[str, Tally]]) -> str:
    out = ["| repository | warning+ | real | noise | debatable | unlabelled | precision | strict | must-find | noise errors |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, t in rows:
        v = t.verdicts
        out.append(f"| {name} | {t.findings} | {v['real']} | {v['noise']} | {v['debatable']} | {v['unlabelled']} | "
                   f"{pct(t.precision)} | {pct(t.strict)} | {t.found} of {t.must} | {t.noise_errors} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", default="https://github.com/{repo}.git",
                   help="where to clone from; {owner}, {name} and {repo} (owner/name) are filled in")
    p.add_argument("--work", default=str(HERE / ".work"), help="folder for the checkouts")
    p.add_argument("--tracer", default=f"{sys.executable} -m tracer", help="the tracer command to measure")
    p.add_argument("--repo", action="append", help="only these repositories (short names)")
    p.add_argument("--unlabelled", action="store_true", help="print unlabelled findings as label rows to fill in")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    p.add_argument("--labels", action="append", metavar="FILE",
                   help="label files, exact labels winning over glob ones (default: labels.csv; add "
                        "labels-baseline.csv to judge the tracer of before the accuracy work)")
    args = p.parse_args(argv)
    repos = [r for r in load_repos() if not args.repo or r.name in args.repo]
    labels = [row for name in (args.labels or ["labels.csv"]) for row in load_csv(name)]
    must = load_csv("must_find.csv")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows, total, report = [], Tally(), {}
    writer = csv.writer(sys.stdout) if args.unlabelled else None
    for repo in repos:
        findings = run_tracer(args.tracer.split(), checkout(repo, args.source, work))
        t = judge(repo, findings, labels, must)
        rows.append((repo.name, t))
        total.add(t)
        report[repo.name] = {"findings": t.findings, **dict(t.verdicts), "precision": t.precision,
                             "strict_precision": t.strict, "must_find": t.must, "found": t.found,
                             "noise_errors": t.noise_errors, "missed": t.missed}
        if writer:
            for f in t.unlabelled:
                writer.writerow([repo.name, repo.commit, f["path"], f["rule"], f["subject"], "", f["message"]])
    rows.append(("total", total))
    if not args.unlabelled:
        print(table(rows))
        print()
        for name, t in rows[:-1]:
            for m in t.missed:
                print(f"missed in {name}: {m['rule']} {m['path']} {m['subject']!r} — {m['reason']}")
        if total.noise_patterns:
            print("\nworst noise patterns:")
            for pattern, n in total.noise_patterns.most_common(8):
                print(f"  {n:>4}  {pattern}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
