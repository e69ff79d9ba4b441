"""Running the rules: selection, severity overrides, fingerprints, inline suppressions and TR901."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from tracer.config import Config
from tracer.errors import TracerError
from tracer.model import Crash, Project, Suppression
from tracer.model.links import Resolution
from tracer.rules.base import Finding, Rule, fingerprint
from tracer.rules.catalog import RULES, RULES_BY_CODE
from tracer.rules.result import CheckResult
from tracer.rules.context import Context
from tracer.scanner.cache import ParseCache, cache_folder

__all__ = ["CheckResult", "run_checks", "selected_rules", "validate_tokens"]


def _matches(rule: Rule, token: str, *, exact: bool = False) -> bool:
    token = token.strip()
    if token.upper() == "ALL":
        return not exact
    if token.upper() == rule.code or token.lower() == rule.slug:
        return True
    return not exact and rule.code.startswith(token.upper())


def validate_tokens(tokens: Iterable[str], what: str) -> None:
    """Raise a usage error naming every token that matches no rule."""
    bad = [t for t in tokens if t.strip() and not any(_matches(r, t) for r in RULES)]
    if bad:
        import difflib

        names = [r.slug for r in RULES] + [r.code for r in RULES]
        close = difflib.get_close_matches(bad[0], names, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise TracerError(f"{what}: no rule matches {', '.join(repr(b) for b in bad)}{hint} (see docs/rules.md)")


def selected_rules(config: Config, enable: Iterable[str] = ()) -> list[Rule]:
    """The rules a run executes: select (code, prefix, slug or ALL) minus ignore, plus enabled extras.

    Off-by-default rules run only when named exactly by ``select`` or ``enable``.
    """
    enable = tuple(enable)
    validate_tokens(config.select, "--select")
    validate_tokens(config.ignore, "--ignore")
    validate_tokens(enable, "--enable")
    overrides = config.severity_dict()
    validate_tokens(overrides, "severity")
    out = []
    for rule in RULES:
        named = any(_matches(rule, t, exact=True) for t in (*config.select, *enable))
        if config.select:
            chosen = named or (rule.enabled and any(_matches(rule, t) for t in config.select))
        else:
            chosen = rule.enabled or named
        if not chosen or any(_matches(rule, t) for t in config.ignore):
            continue
        if overrides.get(rule.code, overrides.get(rule.slug)) == "off":
            continue
        out.append(rule)
    return out


def _doc_suppressions(ctx: Context) -> dict[str, list[Suppression]]:
    """Per document: its Markdown and frontmatter suppressions plus those written inside SQL statements."""
    out: dict[str, list[Suppression]] = {}
    for doc in ctx.project.documents:
        sups = list(doc.suppressions)
        for st in doc.sql:
            if st.ignores:
                sups.append(Suppression(codes=st.ignores, line=st.line, target_line=st.line,
                                        end_line=max(st.end_line, st.line)))
        if sups:
            out[doc.path] = sups
    return out


def _covers(sup: Suppression, f: Finding) -> bool:
    if not any(c.upper() == f.rule or c.lower() == f.slug for c in sup.codes):
        return False
    return sup.target_line == 0 or sup.target_line <= f.line <= max(sup.end_line, sup.target_line)


def _unused_suppressions(sups: dict[str, list[Suppression]], used: set[tuple[str, int, str]], ran: set[str],
                         overrides: dict[str, str], seen: Counter) -> list[Finding]:
    """TR901 findings: suppression codes that matched no finding of a rule that ran."""
    rule = RULES_BY_CODE["TR901"]
    sev = overrides.get(rule.code, overrides.get(rule.slug, rule.severity))
    out = []
    for path, items in sups.items():
        for i, sup in enumerate(items):
            for code in sup.codes:
                target = RULES_BY_CODE.get(code.upper()) or next((r for r in RULES if r.slug == code.lower()), None)
                if target is None:
                    message = f"suppression names '{code}', which is not a rule"
                elif target.code in ran and (path, i, code) not in used:
                    message = f"suppression of {target.code} suppresses nothing"
                else:
                    continue
                key = ("TR901", path, code)
                occurrence = seen[key]
                seen[key] += 1
                out.append(Finding(rule=rule.code, slug=rule.slug, severity=sev, path=path, line=sup.line,
                                   message=message, subject=code,
                                   fingerprint=fingerprint(rule.code, path, code, occurrence)))
    return out


def _crash_findings(crashes: Iterable[Crash]) -> list[Finding]:
    """TR000 findings for crashes, when the configuration asks for findings instead of exit code 2."""
    rule = RULES_BY_CODE["TR000"]
    out = []
    for c in crashes:
        path = c.name if c.where == "parser" else ""
        subject = f"{c.where} {c.name}"
        out.append(Finding(rule=rule.code, slug=rule.slug, severity="error", path=path, line=1,
                           message=f"tracer's {c.where} failed on {c.name}: {c.message}", subject=subject,
                           fingerprint=fingerprint(rule.code, path, subject)))
    return out


def run_checks(project: Project, resolution: Resolution, config: Config, *,
               enable: Iterable[str] = (), only_paths: set[str] | None = None, debug: bool = False) -> CheckResult:
    """Run the selected rules over the project and its resolved links.

    A rule that raises is a crash, never a silent pass: it is carried in the result (the CLI exits 2), or
    reported as a TR000 finding at error when ``crash = "finding"`` is configured.
    """
    rules = selected_rules(config, enable)
    history = ParseCache(cache_folder(Path(project.root)), stat_index=False) if config.cache else None
    ctx = Context(project, resolution, config.statuses_dict(), history)
    overrides = config.severity_dict()
    raw: list[Finding] = []
    crashes: list[Crash] = list(project.crashes)
    for rule in rules:
        if rule.code in ("TR901", "TR000"):
            continue
        severity = overrides.get(rule.code, overrides.get(rule.slug, rule.severity))
        try:
            drafts = list(rule.check(ctx))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide every other finding
            if debug:
                raise
            crashes.append(Crash(where="rule", name=rule.code, message=f"{type(exc).__name__}: {exc}"))
            continue
        for d in drafts:
            sev = severity if rule.code in overrides or rule.slug in overrides else (d.severity or severity)
            raw.append(Finding(rule=rule.code, slug=rule.slug, severity=sev, path=d.path, line=d.line,
                               message=d.message, subject=d.subject, related=d.related, fix=d.fix))
    raw.sort(key=Finding.sort_key)
    seen: Counter = Counter()
    sups = _doc_suppressions(ctx)
    used: set[tuple[str, int, str]] = set()
    kept: list[Finding] = []
    suppressed = 0
    for f in raw:
        key = (f.rule, f.path, f.subject)
        occurrence = seen[key]
        seen[key] += 1
        f = replace(f, fingerprint=fingerprint(f.rule, f.path, f.subject, occurrence))
        hit = False
        for i, sup in enumerate(sups.get(f.path, ())):
            if _covers(sup, f):
                used.update((f.path, i, c) for c in sup.codes if c.upper() == f.rule or c.lower() == f.slug)
                hit = True
        if hit:
            suppressed += 1
        else:
            kept.append(f)
    ran = {r.code for r in rules}
    if "TR901" in ran:
        kept.extend(_unused_suppressions(sups, used, ran, overrides, seen))
    if config.crash == "finding":
        kept.extend(_crash_findings(crashes))
        crashes = []
    kept.sort(key=Finding.sort_key)
    unread = tuple(dict.fromkeys((*project.unread_history, *ctx.unread_history)))
    if unread:
        ctx.notes.append(f"git history could not be read in full ({', '.join(unread)}; a git call failed or timed "
                         "out): findings that depend on it may be missing, and the next run asks again")
    result = CheckResult(findings=tuple(kept), suppressed=suppressed, notes=tuple(dict.fromkeys(ctx.notes)),
                         rules_run=tuple(r.code for r in rules), crashes=tuple(crashes), texts=ctx.texts_read(),
                         unread_history=unread)
    return result if only_paths is None else result.restricted(only_paths)
