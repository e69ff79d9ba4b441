"""Coverage snapshots in SQLite: one atomic transaction per snapshot, WAL mode, safe for concurrent writers."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tracer.errors import TracerError
from tracer.output import own_folder

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
        if path.parent.name == ".tracer":
            own_folder(path.parent)
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


def _metrics(text) -> dict:
    """A stored metrics object: a JSON object of numbers (or null); anything else is not ours."""
    data = json.loads(text) if isinstance(text, str) and len(text) < 1_000_000 else None
    if not isinstance(data, dict) or not all(isinstance(k, str) and (v is None or isinstance(v, (int, float))
                                                                     and not isinstance(v, bool) or isinstance(v, str) and k in _TEXT_KEYS)
                                             for k, v in data.items()):
        raise ValueError("not a metrics object")
    return data


_TEXT_KEYS = {"prd", "title", "status", "status_class", "path"}  # the text fields of stored PRD metrics


def _load(conn: sqlite3.Connection, row) -> Snapshot:
    """One snapshot; ValueError when any part of it is not what tracer stores (a damaged or foreign row)."""
    sid, taken, commit, source, totals = row
    taken_at = dt.datetime.fromisoformat(taken) if isinstance(taken, str) else None
    if taken_at is None or taken_at.tzinfo is None or not 1970 <= taken_at.year <= 9998:
        raise ValueError("taken_at is not an aware ISO time")
    prds = {p: _metrics(m) for p, m in conn.execute("SELECT prd, metrics FROM prd_metrics WHERE snapshot_id = ?", (sid,))}
    stories = {s: bool(c) for s, c in conn.execute("SELECT story, covered FROM story_status WHERE snapshot_id = ?", (sid,))}
    findings = {fp: (r, p, s) for fp, r, p, s in
                conn.execute("SELECT fingerprint, rule, path, subject FROM findings WHERE snapshot_id = ?", (sid,))}
    if not all(isinstance(x, str) for k, v in findings.items() for x in (k, *v)):
        raise ValueError("a finding row is not text")
    return Snapshot(id=sid, taken_at=taken_at, commit=str(commit or ""), source=str(source or ""),
                    totals=_metrics(totals), prds=prds, stories=stories, findings=findings)


def snapshots(path: Path, notes: list[str] | None = None) -> list[Snapshot]:
    """Every snapshot, oldest first (an absent database has none). A row that is not what tracer stores
    (a naive or malformed time, metrics that are not a JSON object of numbers) is skipped, and said in
    ``notes``: a damaged history never stops the report."""
    if not path.exists():
        return []
    if not path.is_file():
        raise TracerError(f"history {path} is not a regular file")
    conn = _connect(path)
    out, bad = [], []
    try:
        rows = conn.execute("SELECT id, taken_at, git_commit, source, totals FROM snapshots ORDER BY id").fetchall()
        for r in rows:
            try:
                out.append(_load(conn, r))
            except (ValueError, TypeError, OverflowError, RecursionError, sqlite3.DatabaseError):
                bad.append(str(r[0]))
    except sqlite3.DatabaseError as exc:
        raise TracerError(f"history database {path} cannot be read: {exc}") from None
    finally:
        conn.close()
    if bad and notes is not None:
        notes.append(f"history: {len(bad)} snapshot(s) skipped because they are not valid (ids {', '.join(bad[:5])})")
    out.sort(key=lambda snap: (snap.taken_at, snap.id))
    return out


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
