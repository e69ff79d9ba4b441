"""What a check produces: the findings of one run and what could not be checked (a light module: a reused
result is rebuilt from it without importing the rules)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from tracer.model import Crash
from tracer.rules.base import SEVERITY_ORDER, Finding


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The findings of one run, sorted by path, line and rule, and what could not be checked."""

    findings: tuple[Finding, ...]
    suppressed: int = 0
    notes: tuple[str, ...] = ()
    rules_run: tuple[str, ...] = ()
    baseline_matched: int = 0
    baseline_unmatched: tuple[dict, ...] = field(default_factory=tuple)
    crashes: tuple[Crash, ...] = ()  # parsers and rules of tracer's that failed: the run is not trustworthy
    texts: tuple[str, ...] = ()  # files whose text the rules read besides their parse (where a fix edits)
    unread_history: tuple[str, ...] = ()  # what git history could not tell in full: such a result is not kept

    def rooted(self, prefix: str) -> "CheckResult":
        """The result with every path made relative to a folder ``prefix`` levels up (the git top level of
        a scanned subfolder), so that CI annotations land on the files; fingerprints are kept."""
        if not prefix:
            return self

        def up(path: str) -> str:
            return prefix + path if path else path

        findings = tuple(replace(f, path=up(f.path), related=tuple(replace(r, path=up(r.path)) for r in f.related),
                                 fix=replace(f.fix, path=up(f.fix.path)) if f.fix else None) for f in self.findings)
        return replace(self, findings=findings)

    def restricted(self, paths: set[str]) -> "CheckResult":
        """The findings about ``paths`` alone (by path, or by subject for a file that is gone: what
        ``--changed`` shows); tracer's own crashes (TR000) are always kept."""
        return replace(self, findings=tuple(f for f in self.findings
                                            if f.rule == "TR000" or f.path in paths or f.subject in paths))

    def counts(self) -> dict[str, int]:
        """Findings per severity."""
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in ("error", "warning", "info")}

    def fails(self, fail_on: str) -> bool:
        """Whether any finding reaches the ``fail_on`` severity."""
        if fail_on == "never":
            return False
        floor = SEVERITY_ORDER[fail_on]
        return any(SEVERITY_ORDER[f.severity] >= floor for f in self.findings)
