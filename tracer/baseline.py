"""Baselines: accept today's findings so CI fails only on new ones, and say which entries went stale."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from tracer.errors import TracerError
from tracer.output import write_atomic
from tracer.rules.result import CheckResult
from tracer.reading import NotRegular, read_regular

VERSION = 1
MAX_BYTES = 50_000_000


def load(path: str | Path) -> list[dict]:
    """The entries of a baseline file; a usage error when it is missing or not a tracer baseline."""
    try:
        raw = read_regular(path, MAX_BYTES)
        if len(raw) > MAX_BYTES:
            raise TracerError(f"baseline {path} is larger than {MAX_BYTES // 1_000_000} MB; not read")
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise TracerError(f"baseline {path} does not exist (create it with --write-baseline)") from None
    except NotRegular:
        raise TracerError(f"baseline {path} is not a regular file; not read") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise TracerError(f"baseline {path} is not readable JSON: {exc}") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
        raise TracerError(f"baseline {path} is not a tracer baseline (expected {{\"version\": 1, \"findings\": [...]}})")
    return entries


def apply(result: CheckResult, entries: list[dict]) -> CheckResult:
    """Drop findings whose fingerprint is in the baseline; keep the entries that matched nothing."""
    known = {e["fingerprint"] for e in entries}
    found = {f.fingerprint for f in result.findings}
    kept = tuple(f for f in result.findings if f.fingerprint not in known)
    unmatched = tuple({k: e.get(k, "") for k in ("rule", "path", "subject", "fingerprint")}
                      for e in entries if e["fingerprint"] not in found)
    return replace(result, findings=kept, baseline_matched=len(result.findings) - len(kept), baseline_unmatched=unmatched)


def write(path: str | Path, result: CheckResult) -> None:
    """Write every finding of ``result`` as the new baseline (sorted, no lines: they change with edits)."""
    entries = [{"rule": f.rule, "path": f.path, "subject": f.subject, "fingerprint": f.fingerprint}
               for f in sorted(result.findings, key=lambda f: (f.path, f.rule, f.subject, f.fingerprint))]
    write_atomic(path, json.dumps({"version": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n")
