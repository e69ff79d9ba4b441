"""What a rule is and what it produces: the frozen Finding, the Rule record, and severity by status class."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tracer.model import StatusClass

SEVERITY_ORDER = {"error": 3, "warning": 2, "info": 1}


@dataclass(frozen=True, slots=True)
class Related:
    """A second place a finding quotes: the migration line of a column, the first definition of an ID."""

    path: str
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Fix:
    """An edit that resolves a finding: in ``path`` at ``line``, the text ``old`` (starting at 1-based
    ``column``) becomes ``new``. SARIF carries it as a fix; ``tracer fix`` applies it."""

    path: str
    line: int
    column: int
    old: str
    new: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One place where the documents and the repository disagree, pointing at the line to fix."""

    rule: str
    slug: str
    severity: str
    path: str
    line: int
    message: str
    subject: str
    fingerprint: str = ""
    related: tuple[Related, ...] = ()
    fix: Fix | None = None

    def sort_key(self) -> tuple:
        """Findings are ordered by path, line, rule, then subject."""
        return (self.path, self.line, self.rule, self.subject)

    def to_dict(self) -> dict:
        """The JSON shape of a finding (schema version 1)."""
        out = {
            "rule": self.rule, "slug": self.slug, "severity": self.severity, "path": self.path,
            "line": self.line, "message": self.message, "subject": self.subject, "fingerprint": self.fingerprint,
        }
        if self.related:
            out["related"] = [{"path": r.path, "line": r.line, "message": r.message} for r in self.related]
        if self.fix is not None:
            out["fix"] = {"path": self.fix.path, "line": self.fix.line, "column": self.fix.column,
                          "old": self.fix.old, "new": self.fix.new}
        return out


def fingerprint(rule: str, path: str, subject: str, occurrence: int = 0) -> str:
    """A stable identity from (rule, document, subject): never the line, so baselines survive edits."""
    text = f"{rule}\0{path}\0{subject}" + (f"\0{occurrence}" if occurrence else "")
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Draft:
    """A finding before selection, severity overrides and fingerprinting (what rule functions yield)."""

    path: str
    line: int
    subject: str
    message: str
    severity: str = ""  # "" = the rule's default
    related: tuple[Related, ...] = ()
    fix: Fix | None = None


CheckFn = Callable[["object"], Iterable[Draft]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: stable code, slug naming the problem, default severity, and the function that checks.

    The function's docstring is the rule's user documentation (docs/rules.md and SARIF help are made
    from it), written in four sections: What it finds, Why it matters, Example, How to fix.
    """

    code: str
    slug: str
    severity: str
    check: CheckFn
    enabled: bool = True  # off-by-default rules run only when selected

    @property
    def doc(self) -> str:
        """The rule's documentation."""
        import inspect

        return inspect.cleandoc(self.check.__doc__ or "")

    def section(self, name: str) -> str:
        """One section of the documentation (e.g. "What it finds"), as text."""
        out, on = [], False
        for line in self.doc.splitlines():
            if line.rstrip(":").strip().lower() == name.lower():
                on = True
                continue
            if on and line.rstrip(":").strip().lower() in ("what it finds", "why it matters", "example", "how to fix"):
                break
            if on:
                out.append(line)
        return "\n".join(out).strip()

    @property
    def summary(self) -> str:
        """The first sentence of "What it finds"."""
        text = " ".join(self.section("What it finds").split())
        return text.split(". ")[0].rstrip(".") + "." if text else self.slug


def drift_severity(cls: StatusClass, *, done: str = "error", active: str = "", planned: str = "",
                   unknown: str = "") -> str:
    """Severity of a drift finding by the spec's status class ("" = not reported). Retired: never."""
    return {StatusClass.DONE: done, StatusClass.ACTIVE: active, StatusClass.PLANNED: planned,
            StatusClass.UNKNOWN: unknown}.get(cls, "")
