"""tracer impact on sample_repo and on a scripted git history of it."""

import shutil

from tests.builders import commit_all, git, git_init
from tests.conftest import SAMPLE


def test_code_file_names_spec_stories_and_prd(cli, sample_copy):
    data = cli("impact", "--root", sample_copy, "src/harbor/notifications/inbox.py", "--direction", "up",
               "--format", "json").json()
    direct = {a["node"] for a in data["affected"] if a["direct"]}
    assert direct == {"spec:docs/specs/notification-delivery.tech.md", "story:US-006", "story:US-007",
                      "prd:notifications.prd"}


def test_base_returns_exactly_the_changed_paths_impact(cli, tmp_path):
    repo = tmp_path / "harbor"
    shutil.copytree(SAMPLE, repo)
    git_init(repo)
    commit_all(repo, "import", "2026-03-01T09:00:00")
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "db/migrations/0002_task_assignment.sql").write_text(
        (repo / "db/migrations/0002_task_assignment.sql").read_text() + "CREATE INDEX idx_tasks_assignee ON tasks (assignee_id);\n")
    commit_all(repo, "add index", "2026-03-02T09:00:00")
    data = cli("impact", "--root", repo, "--base", "main", "--direction", "up", "--format", "json").json()
    assert data["targets"] == [{"input": "db/migrations/0002_task_assignment.sql",
                                "nodes": ["migration:db/migrations/0002_task_assignment.sql"], "note": "modified"}]
    assert data["by_kind"]["spec"] == ["spec:docs/specs/task-api.tech.md", "spec:docs/specs/task-assignment.tech.md"]
    assert data["by_kind"]["prd"] == ["prd:task-board"]
    assert data["by_kind"]["story"] == ["story:US-001", "story:US-002", "story:US-003", "story:US-004"]
