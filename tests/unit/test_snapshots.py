"""Snapshots in real SQLite: round trip, the week-over-week baseline, and concurrent writers."""

import datetime as dt
import multiprocessing
import sqlite3

from tracer.snapshots import baseline_for, record, snapshots, weekly_trend

T0 = dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone.utc)


def _store(path, when, cov=0.5, covered=True):
    return record(path, taken_at=when, commit="abc", source="run", version="0", totals={"story_coverage": cov},
                  prds={"A": {"story_coverage": cov}}, stories=[("US-001", "A", covered)],
                  findings=[("fp1", "TR201", "docs/s.md", "src/a.py")])


def test_round_trip(tmp_path):
    db = tmp_path / "h.sqlite"
    _store(db, T0)
    [s] = snapshots(db)
    assert s.taken_at == T0 and s.totals == {"story_coverage": 0.5} and s.stories == {"US-001": True}
    assert s.findings == {"fp1": ("TR201", "docs/s.md", "src/a.py")} and s.prds["A"]["story_coverage"] == 0.5
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_baseline_is_latest_snapshot_at_least_a_week_older(tmp_path):
    db = tmp_path / "h.sqlite"
    for days in (0, 7, 10, 14):
        _store(db, T0 + dt.timedelta(days=days), cov=days / 100)
    snaps = snapshots(db)
    now = T0 + dt.timedelta(days=18)
    assert baseline_for(snaps, now, 7).totals["story_coverage"] == 0.10
    assert baseline_for(snaps, T0 + dt.timedelta(days=3), 7) is None
    assert [s.totals["story_coverage"] for s in weekly_trend(snaps)] == [0.0, 0.10, 0.14]


def _writer(args):
    path, n, offset = args
    for i in range(n):
        _store(path, T0 + dt.timedelta(hours=offset + i))
    return n


def test_two_concurrent_writers_both_land(tmp_path):
    db = tmp_path / "h.sqlite"
    _store(db, T0)  # create the schema first, as the first report would
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        assert pool.map(_writer, [(db, 25, 100), (db, 25, 200)]) == [25, 25]
    snaps = snapshots(db)
    assert len(snaps) == 51
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM story_status").fetchone()[0] == 51
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
