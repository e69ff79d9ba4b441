"""The report's "what to fix first": errors before warnings, done before active before planned, new first."""

from tracer.rules.base import Finding, fingerprint
from tracer.rules.engine import CheckResult
from tracer.weekly import fix_first


def finding(rule, severity, path, subject="x"):
    return Finding(rule=rule, slug="s", severity=severity, path=path, line=1, message="m", subject=subject,
                   fingerprint=fingerprint(rule, path, subject))


def test_errors_then_finished_documents_then_the_newest():
    old_warning = finding("TR201", "warning", "docs/done.md")
    error_in_planned = finding("TR101", "error", "docs/planned.md")
    old_error_active = finding("TR101", "error", "docs/active.md", "a")
    new_error_active = finding("TR301", "error", "docs/active.md", "b")
    error_done = finding("TR302", "error", "docs/done.md")
    check = CheckResult(findings=(old_warning, error_in_planned, old_error_active, new_error_active, error_done))
    status = {"docs/done.md": "done", "docs/active.md": "active", "docs/planned.md": "planned"}
    ranked = fix_first(check, status, new={new_error_active.fingerprint})
    assert [f["fingerprint"] for f in ranked] == [error_done.fingerprint, new_error_active.fingerprint,
                                                  old_error_active.fingerprint, error_in_planned.fingerprint,
                                                  old_warning.fingerprint]
    assert [f["new"] for f in ranked] == [False, True, False, False, False]
    # without an earlier report nothing is new, and the rule decides between the two active errors
    assert [f["rule"] for f in fix_first(check, status)][1:3] == ["TR101", "TR301"]
    assert not any(f["new"] for f in fix_first(check, status))
