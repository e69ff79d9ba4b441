"""sample_repo's planted drift is found exactly: the set below is the one sample_repo/README.md lists."""

import re

from tests.conftest import SAMPLE

EXPECTED = {
    ("TR009", "docs/prds/notifications.prd.md", "notifications.prd#story-4"),
    ("TR104", "docs/prds/notifications.prd.md", "notifications.prd#story-4"),
    ("TR107", "docs/prds/notifications.prd.md", "progress"),
    ("TR104", "docs/prds/task-board.prd.md", "US-005"),
    ("TR005", "docs/specs/board-export.tech.md", "someday"),
    ("TR006", "docs/specs/board-export.tech.md", "Error Handling"),
    ("TR103", "docs/specs/board-export.tech.md", "parent"),
    ("TR007", "docs/specs/board-export.tech.md", "CREATE TABLE board_exports ("),
    ("TR101", "docs/specs/invite-links.tech.md", "docs/prds/onboarding.prd.md"),
    ("TR301", "docs/specs/notification-delivery.tech.md", "notifications"),
    ("TR201", "docs/specs/notification-delivery.tech.md", "src/harbor/notifications/mailer.py"),
    ("TR102", "docs/specs/notification-preferences.tech.md", "US-009"),
    ("TR203", "docs/specs/notification-preferences.tech.md", "../shared/settings.py"),
    ("TR302", "docs/specs/task-api.tech.md", "tasks.priority"),
    ("TR303", "docs/specs/task-assignment.tech.md", "idx_tasks_assignee"),
    ("TR401", "docs/specs/task-assignment.tech.md", "PUT /api/v1/tasks/{}/assignee"),
    ("TR001", "docs/specs/team-sessions.tech.md", "frontmatter"),
    ("TR002", "docs/specs/team-sessions.tech.md", "{{date}}"),
    ("TR002", "docs/specs/team-sessions.tech.md", "{{architectureSummary}}"),
    ("TR202", "docs/specs/team-sessions.tech.md", "src/harbor/auth/sessions.py"),
}


def test_check_finds_exactly_the_planted_drift_and_exits_1(cli, sample_copy):
    run = cli("check", sample_copy, "--format", "json")
    assert run.code == 1
    got = {(f["rule"], f["path"], f["subject"]) for f in run.json()["findings"]}
    assert got == EXPECTED


def test_sample_readme_lists_every_planted_finding():
    readme = (SAMPLE / "README.md").read_text()
    rows = set(re.findall(r"^\| (TR\d{3}) \| `([^`]+)` \| `([^`]+)` \|", readme, re.M))
    assert rows == EXPECTED


def test_baseline_of_today_makes_check_pass(cli, sample_copy, tmp_path):
    base = tmp_path / "baseline.json"
    assert cli("check", sample_copy, "--write-baseline", base).code == 0
    run = cli("check", sample_copy, "--baseline", base, "--format", "json")
    assert run.code == 0 and run.json()["findings"] == []
    assert run.json()["baseline"]["matched"] == len(EXPECTED)


def test_every_document_appears_in_the_scan(cli, sample_copy):
    run = cli("scan", sample_copy, "--format", "json")
    assert run.code == 0
    docs = {d["path"] for d in run.json()["documents"]}
    on_disk = {str(p.relative_to(sample_copy)) for p in sample_copy.rglob("*.md")}
    assert docs == on_disk  # the README too, as a document of no family
