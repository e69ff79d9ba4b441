"""tracer report: files, history and deltas, backfill from a scripted git history, escaping."""

import csv
import io
import json

import pytest

from tests.builders import commit_all, git_init, prd, spec

NOW = "2026-11-23T09:00:00+00:00"
FILES = {
    "docs/board.prd.md": prd({"US-001": "create", "US-002": "move"}, doc_id="board"),
    "docs/api.tech.md": spec(parent="board", covers="US-001", modify=("src/a.py",)),
    "src/a.py": "",
}


def report(cli, repo, *args):
    run = cli("report", repo, "--out", repo / "out", *args)
    assert run.code == 0, run.err
    return json.loads((repo / "out" / "report.json").read_text())


def test_writes_every_output(cli, make_repo):
    repo = make_repo(FILES)
    view = report(cli, repo, "--no-history", "--now", NOW)
    out = repo / "out"
    for name in ("index.html", "report.md", "coverage.csv", "report.json", "charts/trend.png", "charts/trend.svg",
                 "charts/coverage_by_prd.png", "charts/drift_by_rule.svg"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "charts/trend.png").read_bytes().startswith(b"\x89PNG")
    assert view["version"] == 1 and view["generated_at"] == NOW
    assert view["totals"]["story_coverage"] == 0.5
    assert not (repo / ".tracer" / "history.sqlite").exists()  # --no-history stores nothing
    html = (out / "index.html").read_text()
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html and "<script" not in html


def test_history_gives_week_over_week_change(cli, make_repo):
    repo = make_repo(FILES)
    report(cli, repo, "--now", "2026-11-16T09:00:00+00:00")
    (repo / "docs/api.tech.md").write_text(spec(parent="board", covers="US-001, US-002", modify=("src/a.py", "src/gone.py")))
    view = report(cli, repo, "--now", NOW)
    hl = {h["key"]: h for h in view["headline"]}
    assert hl["story_coverage"]["value"] == 1.0 and hl["story_coverage"]["delta_pp"] == 50.0
    assert view["changes"]["stories_newly_covered"] == ["US-002"]
    assert [f["subject"] for f in view["changes"]["findings_new"]] == ["src/gone.py"]
    assert [r["story_coverage"] for r in view["trend"]] == [0.5, 1.0]
    md = (repo / "out/report.md").read_text()
    assert "| Story coverage | 100% | 2/2 | +50.0 pp | ▅█ |" in md
    assert (repo / ".tracer/history.sqlite").exists()


def test_a_report_less_than_a_week_later_compares_with_the_older_snapshot(cli, make_repo):
    repo = make_repo(FILES)
    report(cli, repo, "--now", "2026-11-10T09:00:00+00:00")
    report(cli, repo, "--now", "2026-11-20T09:00:00+00:00")
    view = report(cli, repo, "--now", NOW)
    assert view["changes"]["since"] == "2026-11-10T09:00:00+00:00"


def test_backfill_reads_one_commit_per_week_without_touching_the_work_tree(cli, make_repo):
    repo = git_init(make_repo({**FILES, "docs/api.tech.md": spec(parent="board", covers="", modify=("src/a.py",))}))
    commit_all(repo, "week 1: nothing covered", "2026-10-27T12:00:00+00:00")
    (repo / "docs/api.tech.md").write_text(spec(parent="board", covers="US-001", modify=("src/a.py",)))
    commit_all(repo, "week 2: one story", "2026-11-03T12:00:00+00:00")
    (repo / "docs/api.tech.md").write_text(spec(parent="board", covers="US-001, US-002", modify=("src/a.py",)))
    commit_all(repo, "week 3: both", "2026-11-10T12:00:00+00:00")
    (repo / "docs/api.tech.md").write_text("uncommitted edit that backfill must not see or touch")
    before = (repo / "docs/api.tech.md").read_text()
    view = report(cli, repo, "--backfill", "4w", "--now", NOW)
    assert (repo / "docs/api.tech.md").read_text() == before
    trend = [(r["taken_at"][:10], r["source"], r["story_coverage"]) for r in view["trend"]]
    # 26 Oct is before the first commit: no snapshot; the run itself sees the broken uncommitted spec
    assert trend == [("2026-11-02", "backfill", 0.0), ("2026-11-09", "backfill", 0.5),
                     ("2026-11-16", "backfill", 1.0), ("2026-11-23", "run", 0.0)]
    # second run: the weeks are there already, nothing is added twice
    report(cli, repo, "--backfill", "4w", "--now", "2026-11-23T10:00:00+00:00")
    from tracer.snapshots import snapshots

    assert [s.source for s in snapshots(repo / ".tracer/history.sqlite")] == ["backfill"] * 3 + ["run"] * 2


def test_backfill_outside_git_is_a_usage_error(cli, make_repo):
    import multiprocessing

    run = cli("report", make_repo(FILES), "--backfill", "4w", "--out", "/tmp/never-written-x")
    assert run.code == 2 and "not a git checkout" in run.err
    assert multiprocessing.active_children() == []  # the charts' process, started first, ended with the run


@pytest.mark.parametrize("bad", ["12x", "0w", ""])
def test_bad_backfill_period(cli, make_repo, bad):
    repo = make_repo(FILES)
    assert cli("report", repo, "--backfill", bad, "--no-history", "--out", repo / "out").code == 2


HOSTILE = "<script>alert(1)</script>"


def test_document_text_is_escaped_in_every_format(cli, make_repo):
    files = {"docs/board.prd.md": prd({"US-001": f"{HOSTILE} [x](javascript:alert(1)) | =HYPERLINK(\"http://e\")"},
                                      doc_id="board", title=HOSTILE),
             "docs/api.tech.md": spec(parent="board", covers="", title=f"=cmd|' /C calc'!A0 {HOSTILE}"), "src/a.py": ""}
    repo = make_repo(files)
    report(cli, repo, "--no-history", "--now", NOW)
    html = (repo / "out/index.html").read_text()
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = (repo / "out/report.md").read_text()
    assert "<script>" not in md and "](javascript" not in md
    rows = list(csv.DictReader(io.StringIO((repo / "out/coverage.csv").read_text())))
    assert all(not (v or "").startswith(("=", "+", "@")) for r in rows for v in r.values())
    story = next(r for r in rows if r["level"] == "story")
    assert story["title"].startswith("<script>")  # kept as text, not mangled


def test_outputs_replace_old_files_atomically(cli, make_repo):
    repo = make_repo(FILES)
    report(cli, repo, "--no-history", "--now", NOW)
    leftovers = [p.name for p in (repo / "out").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
