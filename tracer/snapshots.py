"""Coverage snapshots in SQLite: one atomic transaction per snapshot, WAL mode, safe for concurrent writers."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tracer.errors import TracerError

SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    taken_at TEXT NOT NULL,
    git_commit TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'run',
    tracer_version TEXT NOT NULL,
    totals TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_taken_at ON snapshots (taken_at);
CREATE TABLE IF NOT EXISTS prd_metrics (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    prd TEXT NOT NULL,
    metrics TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_status (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    story TEXT NOT NULL,
    prd TEXT NOT NULL,
    covered INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    rule TEXT NOT NULL,
    path TEXT NOT NULL,
    subject TEXT NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One stored snapshot."""

    id: int
    taken_at: dt.datetime
    commit: str
    source: str
    totals: dict
    prds: dict  # prd id -> metrics
    stories: dict  # story id -> covered
    findings: dict  # fingerprint -> (rule, path, subject)


def _connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(SCHEMA)
        return conn
    except (sqlite3.DatabaseError, OSError) as exc:
        raise TracerError(f"history database {path} cannot be used: {exc}") from None


def iso(t: dt.datetime) -> str:
    """UTC ISO-8601 with seconds, the one spelling stored."""
    return t.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()


def record(path: Path, *, taken_at: dt.datetime, commit: str, source: str, version: str, totals: dict,
           prds: dict[str, dict], stories: list[tuple[str, str, bool]], findings: list[tuple[str, str, str, str]]) -> int:
    """Store one snapshot in a single immediate transaction; returns its id."""
    conn = _connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        cur = conn.execute(
            "INSERT INTO snapshots (taken_at, git_commit, source, tracer_version, totals) VALUES (?, ?, ?, ?, ?)",
            (iso(taken_at), commit, source, version, json.dumps(totals, sort_keys=True)))
        sid = cur.lastrowid
        conn.executemany("INSERT INTO prd_metrics VALUES (?, ?, ?)",
                         [(sid, prd, json.dumps(m, sort_keys=True)) for prd, m in prds.items()])
        conn.executemany("INSERT INTO story_status VALUES (?, ?, ?, ?)", [(sid, s, p, int(c)) for s, p, c in stories])
        conn.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?)", [(sid, *f) for f in findings])
        conn.execute("COMMIT")
        return int(sid)
    except sqlite3.DatabaseError as exc:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.DatabaseError:
            pass
        raise TracerError(f"could not store the snapshot in {path}: {exc}") from None
    finally:
        conn.close()


def _load(conn: sqlite3.Connection, row) -> Snapshot:
    sid, taken, commit, source, totals = row
    prds = {p: json.loads(m) for p, m in conn.execute("SELECT prd, metrics FROM prd_metrics WHERE snapshot_id = ?", (sid,))}
    stories = {s: bool(c) for s, c in conn.execute("SELECT story, covered FROM story_status WHERE snapshot_id = ?", (sid,))}
    findings = {fp: (r, p, s) for fp, r, p, s in
                conn.execute("SELECT fingerprint, rule, path, subject FROM findings WHERE snapshot_id = ?", (sid,))}
    return Snapshot(id=sid, taken_at=dt.datetime.fromisoformat(taken), commit=commit, source=source,
                    totals=json.loads(totals), prds=prds, stories=stories, findings=findings)


def snapshots(path: Path) -> list[Snapshot]:
    """Every snapshot, oldest first (an absent database has none)."""
    if not path.exists():
        return []
    conn = _connect(path)
    try:
        rows = conn.execute("SELECT id, taken_at, git_commit, source, totals FROM snapshots ORDER BY taken_at, id").fetchall()
        return [_load(conn, r) for r in rows]
    finally:
        conn.close()


def baseline_for(all_snapshots: list[Snapshot], now: dt.datetime, days: int) -> Snapshot | None:
    """The latest snapshot at least ``days`` older than ``now`` (the week-over-week comparison point)."""
    cutoff = now - dt.timedelta(days=days)
    older = [s for s in all_snapshots if s.taken_at <= cutoff]
    return older[-1] if older else None


def weekly_trend(all_snapshots: list[Snapshot]) -> list[Snapshot]:
    """The last snapshot of each ISO week, oldest first (what the trend chart plots)."""
    by_week: dict[tuple[int, int], Snapshot] = {}
    for s in all_snapshots:
        by_week[s.taken_at.isocalendar()[:2]] = s
    return [by_week[k] for k in sorted(by_week)]
