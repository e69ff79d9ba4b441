"""Each declaration shape teams write (task checkboxes, Files sections, frontmatter lists, trees, renames,
relative paths, patterns, ignored files), in a small repository written for the test, with the exact
findings and graph edges it yields. Paths called ``gone``/``missing`` do not exist; the others do."""

from __future__ import annotations

import pytest

from tests import builders
from tests.builders import commit_all, git_init, prd

PRD = {"docs/feature.prd.md": prd({"US-001": "As a user, I want X"})}


def spec(body: str, *, status: str = "completed", extra: str = "") -> str:
    """A tech spec of the default family (claimed by its type), child of docs/feature.prd.md."""
    return f"---\ntype: tech-spec\nstatus: {status}\nparent: feature.prd.md\n{extra}---\n# Spec\n\n" \
           f"**User Stories Covered:** US-001\n\n{body}"


def check(cli, repo, *args) -> set[tuple[str, str, int, str]]:
    """(rule, path, line, subject) of every finding of ``tracer check``, every severity."""
    run = cli("check", repo, "--format", "json", "--fail-on", "never", *args)
    assert run.code == 0, run.err
    return {(f["rule"], f["path"], f["line"], f["subject"]) for f in run.json()["findings"]}


def severities(cli, repo) -> dict[tuple[str, str], str]:
    run = cli("check", repo, "--format", "json", "--fail-on", "never")
    return {(f["rule"], f["subject"]): f["severity"] for f in run.json()["findings"]}


def declared(cli, repo, doc: str) -> set[tuple[str, str, str, int]]:
    """(edge kind, file, intent, line) of the file declarations of document ``doc`` in the graph."""
    g = cli("graph", repo, "--format", "json").json()
    return {(e["kind"], e["target"].removeprefix("file:"), e["intent"], e["line"]) for e in g["links"]
            if e["path"] == doc and e["kind"] in ("creates_file", "modifies_file")}


# -- completion per item ----------------------------------------------------------------------------

SPECKIT_SPEC = """# Feature Specification: Albums

**Status**: Draft

### User Story 1 - Create albums (Priority: P1)

A user groups photos.

### User Story 2 - Share albums (Priority: P2)

A user shares an album.
"""


def test_checked_task_names_a_missing_file_unchecked_ones_are_planned(cli, make_repo):
    repo = make_repo({
        "specs/001-albums/spec.md": SPECKIT_SPEC,
        "specs/001-albums/tasks.md": "# Tasks\n\n## Phase 1\n\n"
        "- [x] T001 [US1] Create `src/albums/models.py`\n"         # exists
        "- [x] T002 [US1] Create `src/albums/gone.py`\n"           # checked, missing: drift
        "- [ ] T003 [US2] Create `src/albums/share.py`\n"          # planned, missing: quiet
        "- [ ] T004 [US2] Update `src/albums/models.py` or a new `src/albums/links.py`\n"  # neither required
        "- [x] T005 [US1] Add the album limit to src/albums/settings.json.\n",  # a bare path in the task's prose
        "src/albums/models.py": "x = 1\n",
    })
    # the task list is in progress (some tasks checked): a checked task's missing file is a warning
    assert check(cli, repo) == {("TR201", "specs/001-albums/tasks.md", 6, "src/albums/gone.py"),
                                ("TR201", "specs/001-albums/tasks.md", 9, "src/albums/settings.json")}
    assert severities(cli, repo)[("TR201", "src/albums/gone.py")] == "warning"
    assert declared(cli, repo, "specs/001-albums/tasks.md") == {
        ("creates_file", "src/albums/models.py", "create", 5), ("creates_file", "src/albums/gone.py", "create", 6),
        ("creates_file", "src/albums/share.py", "create", 7), ("modifies_file", "src/albums/settings.json", "modify", 9)}


def test_a_path_that_climbs_out_of_the_repository_in_prose_is_a_relative_reference(cli, make_repo):
    """"Update `apps/web/tsconfig.json` to extend `../../tsconfig.base.json`", "All `../../` relative imports",
    "change the import from `../../views/Trends` to `@/views`": a ``..`` path in a task, or after a Files entry's
    own path, is written relative to some file (a setting, an import), not a path of the repository (no
    TR203); a Files entry that is itself such a path is still declared and reported."""
    repo = make_repo({
        "specs/001-albums/spec.md": SPECKIT_SPEC,
        "specs/001-albums/tasks.md": "# Tasks\n\n## Phase 1\n\n"
        "- [x] T001 [US1] Update `apps/web/tsconfig.json` to extend `../../tsconfig.base.json`\n"
        "- [x] T002 [US1] Load stories in `apps/web/` from `../../packages/ui/`\n"
        "- [x] T003 [US1] Copy `src/a.py` from `../../../elsewhere/a.py`\n"
        "- [x] T004 [US1] All `../../` relative imports in moved files use `@/` aliases\n"
        "- [x] T005 [US1] Change the import in `src/b.ts` from `../../views/Trends` to `@/views`\n",
        "specs/001-albums/plan.md": "# Plan\n\n## Files to Modify\n\n"
        "- `vitest.config.ts` (imports: `./package.json` → `../../package.json`)\n- `../shared/settings.py`\n",
        "apps/web/tsconfig.json": "{}\n", "tsconfig.base.json": "{}\n", "packages/ui/x.ts": "x\n", "src/a.py": "x\n",
        "src/b.ts": "x\n", "vitest.config.ts": "x\n",
    })
    assert check(cli, repo) == {("TR203", "specs/001-albums/plan.md", 6, "../shared/settings.py")}
    assert declared(cli, repo, "specs/001-albums/tasks.md") == {
        ("modifies_file", "apps/web/tsconfig.json", "modify", 5), ("modifies_file", "apps/web", "either", 6),
        ("modifies_file", "src/a.py", "either", 7), ("modifies_file", "src/b.ts", "modify", 9)}


def test_paths_cited_in_brackets_are_where_the_change_happened(cli, make_repo):
    """A review item names where it changed code in a bracketed list: "... handler removed and the interface
    deleted [`src/a.tsx`, `src/b.tsx:10-20`]" modifies those files (a path is cited with its lines too), it does not delete them (TR206); a Markdown
    link's text, "Delete [`src/c.py`](src/c.py)", is still what the verb acts on."""
    repo = make_repo({
        "specs/001-albums/spec.md": SPECKIT_SPEC,
        "specs/001-albums/tasks.md": "# Tasks\n\n## Phase 1\n\n"
        "- [x] T001 [US1] [Review][Patch] Dead handler removed and the interface deleted [`src/a.tsx`, "
        "`src/b.tsx:10-20`]\n"
        "- [x] T002 [US1] Delete [`src/c.py`](src/c.py)\n",
        "src/a.tsx": "x\n", "src/b.tsx": "x\n", "src/c.py": "x\n",
    })
    assert check(cli, repo) == {("TR206", "specs/001-albums/tasks.md", 6, "src/c.py")}
    assert declared(cli, repo, "specs/001-albums/tasks.md") == {
        ("modifies_file", "src/a.tsx", "modify", 5), ("modifies_file", "src/b.tsx", "modify", 5),
        ("modifies_file", "src/c.py", "delete", 6)}




def test_an_http_method_before_an_endpoint_is_not_a_verb(cli, make_repo):
    """"Implement PATCH and DELETE /api/users/:id: `route.ts`" writes the route file's handlers: DELETE is the
    endpoint's method, so the finished task does not ask for the file to be gone (TR206); a DELETE that is
    not followed by an endpoint is still the verb."""
    repo = make_repo({
        "specs/001-albums/spec.md": SPECKIT_SPEC,
        "specs/001-albums/tasks.md": "# Tasks\n\n## Phase 1\n\n"
        "- [x] T001 [US1] Implement PATCH and DELETE /api/users/:id: `src/users/route.ts`\n"
        "- [x] T002 [US1] Add GET/DELETE `/api/albums` to `src/albums/route.ts`\n"
        "- [x] T003 [US1] DELETE the old handler `src/old.ts`\n",
        "src/users/route.ts": "x\n", "src/albums/route.ts": "x\n", "src/old.ts": "x\n",
    })
    # (TR402: the endpoints are declared, and a Next.js route file is not read for routes)
    assert check(cli, repo) == {("TR206", "specs/001-albums/tasks.md", 7, "src/old.ts"),
                                ("TR402", "specs/001-albums/tasks.md", 5, "routes")}
    assert declared(cli, repo, "specs/001-albums/tasks.md") == {
        ("modifies_file", "src/users/route.ts", "either", 5), ("modifies_file", "src/albums/route.ts", "modify", 6),
        ("modifies_file", "src/old.ts", "delete", 7)}
def test_checked_task_of_a_done_document_is_an_error(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "## Tasks\n\n- [x] Create `src/gone.py`\n- [x] Add the handler to `src/app.py`\n"),
        "src/app.py": "x = 1\n"})
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 12, "src/gone.py")}
    assert severities(cli, repo)[("TR201", "src/gone.py")] == "error"
    # "Add the handler to `src/app.py`": something is added to an existing file
    assert ("modifies_file", "src/app.py", "modify", 13) in declared(cli, repo, "docs/feature.tech.md")


def test_unchecked_task_of_a_planned_document_whose_file_exists(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec("## Tasks\n\n- [ ] Create `src/early.py`\n", status="draft"),
                      "src/early.py": "x = 1\n"})
    assert check(cli, repo) == {("TR202", "docs/feature.tech.md", 12, "src/early.py")}


def test_kiro_sub_bullets_belong_to_their_task(cli, make_repo):
    repo = make_repo({
        ".kiro/specs/cart/requirements.md": "# Requirements\n\n### Requirement 1: Cart\n\n"
        "#### Acceptance Criteria\n\n1. WHEN a user adds THEN the cart grows\n2. WHEN empty THEN say so\n",
        ".kiro/specs/cart/tasks.md": "# Tasks\n\n"
        "- [x] 1. Build the cart\n"
        "  - Create `src/cart/store.ts`\n"
        "  - Wire it into `src/cart/gone.ts`\n"
        "  - _Requirements: 1.1_\n"
        "- [ ] 2. Empty state\n"
        "  - Create `src/cart/empty.ts`\n"
        "  - _Requirements: 1.2_\n",
        "src/cart/store.ts": "export {}\n",
    })
    assert check(cli, repo) == {("TR201", ".kiro/specs/cart/tasks.md", 5, "src/cart/gone.ts")}


# a BMAD project with one story in review: its epic and the sprint board that names it
BMAD_SIGN_UP = {
    "docs/epics.md": "# Epics\n\n## Epic 1\n\n### Story 1.1: Sign up\n\nAs a visitor I sign up.\n",
    "docs/sprint-artifacts/sprint-status.yaml": "development_status:\n  1-1-sign-up: review\n",
}


def test_bmad_tasks_subtasks(cli, make_repo):
    repo = make_repo({
        **BMAD_SIGN_UP,
        "docs/sprint-artifacts/1-1-sign-up.md": "# Story 1.1: Sign up\n\nStatus: review\n\n"
        "## Tasks / Subtasks\n\n"
        "- [x] Task 1: Form (AC: 1)\n"
        "  - [x] Create `src/signup/form.tsx`\n"
        "  - [x] Create `src/signup/gone.tsx`\n"
        "- [ ] Task 2: Email (AC: 2)\n"
        "  - [ ] Create `src/signup/email.ts`\n",
        "src/signup/form.tsx": "export {}\n",
    })
    assert check(cli, repo) == {("TR201", "docs/sprint-artifacts/1-1-sign-up.md", 9, "src/signup/gone.tsx")}


@pytest.mark.parametrize(("status", "tasks", "expected"), [
    ("completed", "- [x] one\n- [ ] two\n- [ ] three\n", "2 of its 3 tasks are not checked"),
    ("draft", "- [x] one\n- [x] two\n- [x] three\n", "all 3 of its tasks are checked"),
    ("completed", "- [x] one\n- [x] two\n", None),
])
def test_document_status_against_its_own_tasks(cli, make_repo, status, tasks, expected):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        f"### Files to Modify\n\n- `src/app.py`\n\n## Tasks\n\n{tasks}", status=status), "src/app.py": "x = 1\n"})
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    found = [(f["rule"], f["line"], f["message"]) for f in run["findings"] if f["rule"] == "TR107"]
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0][1] == 3 and expected in found[0][2]


def test_ccpm_epic_completed_while_its_tasks_are_open(cli, make_repo):
    repo = make_repo({
        ".claude/prds/billing.md": "---\nname: billing\nstatus: active\n---\n# Billing\n\n## User Stories\n\n"
        "### US-1: Invoices\n\nAs a customer I get invoices.\n",
        ".claude/epics/billing/epic.md": "---\nname: billing\nstatus: completed\nprogress: 100%\n"
        "prd: .claude/prds/billing.md\n---\n# Epic: Billing\n",
        ".claude/epics/billing/001.md": "---\nname: Invoice model\nstatus: open\n---\n# Task\n\n"
        "### Files Affected\n\n- `src/billing/invoice.py`\n",
        ".claude/epics/billing/002.md": "---\nname: Invoice API\nstatus: closed\n---\n# Task\n\n"
        "### Files Affected\n\n- `src/billing/api.py`\n",
        "src/billing/invoice.py": "x = 1\n", "src/billing/api.py": "x = 1\n",
    })
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    found = [(f["rule"], f["path"], f["line"], f["message"]) for f in run["findings"] if f["severity"] != "info"]
    assert len(found) == 1
    rule, path, line, message = found[0]
    assert (rule, path, line) == ("TR107", ".claude/epics/billing/epic.md", 3)
    assert "001.md" in message and "002.md" not in message


def test_feature_folder_index_and_tech_spec_disagree(cli, make_repo):
    repo = make_repo({
        "docs/features/search/index.md": "---\ndoc_type: feature-index\nstatus: shipped\n"
        "code_paths:\n  - src/search.go\n---\n# Search\n",
        "docs/features/search/product-spec.md": "---\ndoc_type: product-spec\nstatus: shipped\n---\n# Search\n\n"
        "## User Stories\n\n### US-1: Find\n\nAs a user I find things.\n",
        "docs/features/search/tech-spec.md": "---\ndoc_type: tech-spec\nstatus: proposed\n---\n# Search Tech Spec\n\n"
        "**Covers:** US-1\n\n### Files to Modify\n\n- `src/search.go`\n",
        "src/search.go": "package search\n",
    })
    # the product is shipped while the tech spec that implements it is still proposed: said once, on the product
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    assert [(f["rule"], f["path"], f["line"]) for f in run["findings"]] == [
        ("TR107", "docs/features/search/product-spec.md", 3)]
    assert "docs/features/search/tech-spec.md (proposed)" in run["findings"][0]["message"]


def test_impact_of_a_file_names_the_stories_of_the_tasks_that_touch_it(cli, make_repo):
    repo = make_repo({
        "specs/001-albums/spec.md": SPECKIT_SPEC,
        "specs/001-albums/tasks.md": "# Tasks\n\n- [x] T001 [US1] Create `src/albums/models.py`\n"
        "- [x] T002 [US2] Create `src/albums/share.py`\n",
        "src/albums/models.py": "x = 1\n", "src/albums/share.py": "x = 1\n",
    })
    run = cli("impact", "src/albums/share.py", "--root", repo, "--direction", "up", "--format", "json")
    assert run.code == 0, run.err
    stories = {a["node"] for a in run.json()["affected"] if a["kind"] == "story"}
    assert stories == {"story:001-albums:US-002"}


# -- Files sections in every shape ------------------------------------------------------------------

@pytest.mark.parametrize("section", [
    # heading + table
    "### Files to Modify\n\n| File | Change |\n|---|---|\n| `src/app.py` | route |\n| `src/gone.py` | fix |\n",
    # heading + bullets
    "### Files to Modify\n\n- `src/app.py` - route\n- `src/gone.py` - fix\n",
    # a bold label + bullets
    "**Files to Modify:**\n\n- `src/app.py`\n- `src/gone.py`\n",
    # a bold label + table
    "**Files to Modify:**\n\n| File | Change |\n|---|---|\n| `src/app.py` | route |\n| `src/gone.py` | fix |\n",
])
def test_files_to_modify_in_any_shape(cli, make_repo, section):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(section, status="in-progress"), "src/app.py": "x = 1\n"})
    found = check(cli, repo)
    assert {(r, s) for r, _, _, s in found} == {("TR201", "src/gone.py")}
    assert {(k, f, i) for k, f, i, _ in declared(cli, repo, "docs/feature.tech.md")} == {
        ("modifies_file", "src/app.py", "modify"), ("modifies_file", "src/gone.py", "modify")}


def test_files_to_create_and_modify_with_an_action_column(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "## Files to Create/Modify\n\n| File | Action | Purpose |\n|---|---|---|\n"
        "| `src/new.py` | Create | new module |\n| `src/app.py` | Modify | wire it |\n| `src/gone.py` | Modify | fix |\n"),
        "src/new.py": "x = 1\n", "src/app.py": "x = 1\n"})
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 16, "src/gone.py")}
    assert declared(cli, repo, "docs/feature.tech.md") == {
        ("creates_file", "src/new.py", "create", 14), ("modifies_file", "src/app.py", "modify", 15),
        ("modifies_file", "src/gone.py", "modify", 16)}


def test_a_change_column_that_removes_something_from_the_file_modifies_it(cli, make_repo):
    """"Remove `AnalyticsProvider` import and wrapper" in a Change column takes something out of the file,
    which stays (no TR206); "DELETE", "Delete" alone and "Remove file" delete it."""
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "## Files to Modify\n\n| File | Change |\n|---|---|\n"
        "| `src/app.tsx` | Remove `AnalyticsProvider` import and wrapper |\n| `src/keys.ts` | Remove the legacy keys |\n"
        "| `src/a.ts` | DELETE |\n| `src/b.ts` | Delete |\n| `src/c.ts` | Remove file |\n"),
        "src/app.tsx": "x\n", "src/keys.ts": "x\n", "src/a.ts": "x\n", "src/b.ts": "x\n", "src/c.ts": "x\n"})
    assert check(cli, repo) == {("TR206", "docs/feature.tech.md", n, f"src/{x}.ts") for n, x in ((16, "a"), (17, "b"),
                                                                                             (18, "c"))}
    assert {(f, i) for _, f, i, _ in declared(cli, repo, "docs/feature.tech.md")} == {
        ("src/app.tsx", "modify"), ("src/keys.ts", "modify"), ("src/a.ts", "delete"), ("src/b.ts", "delete"),
        ("src/c.ts", "delete")}


def test_bmad_file_list_records_what_was_written(cli, make_repo):
    repo = make_repo({
        **BMAD_SIGN_UP,
        "docs/sprint-artifacts/1-1-sign-up.md": "# Story 1.1: Sign up\n\nStatus: review\n\n"
        "## Dev Agent Record\n\n### File List\n\n"
        "**Files created:**\n- `src/signup/form.tsx`\n- `src/signup/gone.tsx`\n\n"
        "**Files modified:**\n- `src/app.tsx`\n\n"
        "**Deferred Files:**\n- `tests/signup.e2e.ts` - not created yet\n",
        "src/signup/form.tsx": "export {}\n", "src/app.tsx": "export {}\n",
    })
    assert check(cli, repo) == {("TR201", "docs/sprint-artifacts/1-1-sign-up.md", 11, "src/signup/gone.tsx")}
    assert declared(cli, repo, "docs/sprint-artifacts/1-1-sign-up.md") == {
        ("creates_file", "src/signup/form.tsx", "create", 10), ("creates_file", "src/signup/gone.tsx", "create", 11),
        ("modifies_file", "src/app.tsx", "modify", 14)}


def test_files_modified_in_a_proposal_is_a_plan(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "## Files Modified\n\n| File | Lines | Description |\n|---|---|---|\n| `src/new_thing.py` | +200 | NEW: helper |\n",
        status="proposed")})
    assert check(cli, repo) == set()


def test_ccpm_files_affected_and_file_locations(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "### File Locations\n\n- Model: `src/models/order.py`\n- Tests: `tests/test_gone.py`\n\n"
        "### Files Affected\n\n- `src/api/orders.py`\n"),
        "src/models/order.py": "x = 1\n", "src/api/orders.py": "x = 1\n"})
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 13, "tests/test_gone.py")}


def test_a_table_with_a_path_column_outside_a_files_section_declares_nothing(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "### Files to Modify\n\n- `src/app.py`\n\n## API\n\n| Path | Method | Result |\n|---|---|---|\n"
        "| /api/items | GET | Success |\n\n## Security\n\n| Path | Attack |\n|---|---|\n| ../../../etc/passwd | traversal |\n"),
        "src/app.py": "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/api/items')\ndef items():\n    return []\n"})
    assert check(cli, repo) == set()
    # the API table is read as what it is: an endpoint the code serves
    g = cli("graph", repo, "--format", "json").json()
    assert {(e["kind"], e["target"]) for e in g["links"] if e["path"] == "docs/feature.tech.md"} >= {
        ("declares_endpoint", "endpoint:GET /api/items"), ("modifies_file", "file:src/app.py")}


# -- frontmatter lists, trees, renames ----------------------------------------------------------------

def test_code_paths_in_frontmatter_are_existing_code(cli, make_repo):
    repo = make_repo({
        "docs/features/search/index.md": "---\ndoc_type: feature-index\nstatus: shipped\n"
        "code_paths:\n  - src/search.go\n  - src/gone.go\ntest_paths:\n  - src/search_test.go\n---\n# Search\n",
        "src/search.go": "package search\n",
    })
    assert check(cli, repo) == {("TR201", "docs/features/search/index.md", 6, "src/gone.go"),
                                ("TR201", "docs/features/search/index.md", 8, "src/search_test.go")}
    assert declared(cli, repo, "docs/features/search/index.md") == {
        ("modifies_file", "src/search.go", "modify", 5), ("modifies_file", "src/gone.go", "modify", 6),
        ("modifies_file", "src/search_test.go", "modify", 8)}


def test_project_tree_leaves_are_declarations(cli, make_repo):
    tree = ("## Code Structure\n\n```\nsrc/\n├── app.py\n├── orders/\n│   ├── model.py      # new\n"
            "│   └── gone.py       # new\ntests/\n└── test_orders.py   # new\n```\n")
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(tree), "src/app.py": "x = 1\n",
                      "src/orders/model.py": "x = 1\n"})
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 17, "src/orders/gone.py"),
                                ("TR201", "docs/feature.tech.md", 19, "tests/test_orders.py")}
    assert ("creates_file", "src/orders/model.py", "create", 16) in declared(cli, repo, "docs/feature.tech.md")


@pytest.mark.parametrize("word, intent", [
    ("new", "create"), ("created", "create"), ("added", "create"), ("modified", "modify"), ("updated", "modify"),
    ("changed", "modify"), ("edited", "modify"), ("existing", "modify"), ("deleted", "delete"), ("removed", "delete"),
    ("moved", "either"), ("renamed", "either"), ("new or update", "either"), ("new or existing", "either"),
])
def test_every_annotation_word_after_a_path_and_in_a_tree(cli, make_repo, word, intent):
    """Each word an annotation may be (``(moved)`` after a path, ``# MOVED`` in a tree) gives an intent;
    before, "moved" and "renamed" were recognised and had none, and the document's parser crashed."""
    body = f"## Files\n\n- `src/a.py` ({word})\n\n## Code Structure\n\n```\nsrc/\n└── b.py    # {word.upper()}\n```\n"
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(body, status="draft"), "src/a.py": "x\n", "src/b.py": "x\n"})
    intents = {f: i for _, f, i, _ in declared(cli, repo, "docs/feature.tech.md")}
    assert intents == {"src/a.py": intent, "src/b.py": intent}


def test_a_glob_in_a_tree_keeps_its_star_and_emphasis_is_dropped(cli, make_repo):
    """``└── *.test.ts  # MODIFY`` stands for the folder's test files (a pattern, matched), not a file named
    ``.test.ts``; ``**model.py**`` is the file ``model.py``, emphasised; ``__tests__`` keeps its underscores."""
    tree = ("## Code Structure\n\n```\nsrc/\n├── cars/\n│   ├── **model.py**\n│   ├── *gone.py*\n│   ├── __tests__\n"
            "│   │   └── a.test.ts\n│   └── *.test.ts          # MODIFY\n└── trips/\n    └── *.spec.ts          # MODIFY\n```\n")
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(tree), "src/cars/model.py": "x = 1\n",
                      "src/cars/create.test.ts": "x\n", "src/cars/__tests__/a.test.ts": "x\n"})
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 16, "src/cars/gone.py"),
                                ("TR201", "docs/feature.tech.md", 21, "src/trips/*.spec.ts")}


def test_a_tree_drawn_from_the_repositorys_own_folder_is_read_from_the_root(cli, make_repo):
    """``todo-app/`` over ``frontend/`` (a top-level folder): the root line is the repository itself, for every
    path of the tree, also those whose next folder is not at the top (``src/main.py`` lives in ``backend/``)."""
    tree = ("## Project Structure\n\n```\ntodo-app/\n├── frontend/\n│   └── App.tsx\n├── src/\n│   └── main.py\n"
            "└── src/gone.py\n```\n")
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(tree), "frontend/App.tsx": "x\n",
                      "backend/src/main.py": "x = 1\n"})
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 18, "src/gone.py")}
    assert {f for _, f, _, _ in declared(cli, repo, "docs/feature.tech.md")} == {
        "frontend/App.tsx", "src/main.py", "src/gone.py"}


def test_a_tree_drawn_from_a_repository_named_like_its_package(cli, make_repo):
    """``shop/`` over ``pyproject.toml`` and the package ``shop/``: the repository is named like the folder it
    holds, so the root line is the repository (the entries are found at the top, not under ``shop/``); a tree
    whose top folder holds no folder of its own name is read as written."""
    tree = ("## Project Structure\n\n```\nshop/\n├── pyproject.toml\n├── shop/\n│   ├── cart.py\n│   └── gone.py\n"
            "└── README.md\n```\n\n## Code\n\n```\nsrc/\n├── pyproject.toml\n├── README.md\n└── app.py\n```\n")
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(tree), "pyproject.toml": "[project]\n", "README.md": "x\n",
                      "shop/cart.py": "x = 1\n", "src/app.py": "x = 1\n"})
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 17, "shop/gone.py"),
                                ("TR201", "docs/feature.tech.md", 25, "src/pyproject.toml"),
                                ("TR201", "docs/feature.tech.md", 26, "src/README.md")}


def test_a_tree_of_the_current_structure_describes_what_exists(cli, make_repo):
    tree = "## Current Structure\n\n```\nsrc/\n├── app.py\n└── old.py\n```\n"
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(tree, status="draft"), "src/app.py": "x = 1\n"})
    # existing code it names must be there even while the spec is a draft
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 15, "src/old.py")}


def test_renames_need_the_new_path_and_not_the_old(cli, make_repo):
    body = ("## Tasks\n\n- [x] Move `src/old_name.py` to `src/new_name.py`\n"
            "- [x] `src/a.py` → `src/b.py`\n- [x] Rename `src/c.py` to `src/d.py`\n")
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(body), "src/new_name.py": "x = 1\n",
                      "src/a.py": "x = 1\n", "src/b.py": "x = 1\n", "src/c.py": "x = 1\n"})
    found = check(cli, repo)
    # the first rename is complete; the second left the old file behind; the third never happened (said once)
    assert found == {("TR206", "docs/feature.tech.md", 13, "src/a.py"), ("TR201", "docs/feature.tech.md", 14, "src/d.py")}


def test_a_chain_of_arrows_and_a_variable_set_are_not_paths(cli, make_repo):
    """"(`.env` → `config.py` → service init)" draws how settings flow, it renames nothing, and "`MODEL=Org/Whisper-v3`"
    sets an environment variable: neither is a path the finished tasks promise."""
    body = ("## Design\n\n1. **Settings** (`.env` → `config.py` → service init)\n"
            "2. **Startup** → `settings.py` → `config.py`\n\n"
            "## Tasks\n\n- [x] Add environment variable `MODEL_NAME=Org/Whisper-v3`\n- [x] `src/a.py` → `src/b.py`\n")
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(body), "src/b.py": "x = 1\n"})
    assert check(cli, repo) == set()
    assert declared(cli, repo, "docs/feature.tech.md") == {("modifies_file", "src/b.py", "rename", 18)}


# -- where a path is relative to something ------------------------------------------------------------

def test_bare_names_under_a_package_heading(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "## Package: `internal/report/`\n\n| File | Purpose |\n|---|---|\n| `types.go` | types |\n| `submit.go` | submit |\n"),
        "internal/report/types.go": "package report\n"})
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 15, "internal/report/submit.go")}


def test_relative_paths_are_found_by_their_end_and_missing_ones_get_candidates(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "### Files to Modify\n\n- `Components/Item.cs`\n- `Components/Itme.cs`\n"),
        "dotnet/App.Web/Components/Item.cs": "class Item {}\n"})
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    assert [(f["rule"], f["subject"]) for f in run["findings"]] == [("TR201", "Components/Itme.cs")]
    assert "did you mean dotnet/App.Web/Components/Item.cs" in run["findings"][0]["message"]


def test_path_templates_are_patterns_and_brace_lists_expand(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "### Files to Modify\n\n- `src/App.Contracts.{Domain}/Api.cs`\n- `src/<feature>/index.ts`\n"
        "- `src/handlers/*.py`\n- `src/{models,gone}/base.py`\n"),
        "src/App.Contracts.Orders/Api.cs": "class Api {}\n", "src/cart/index.ts": "export {}\n",
        "src/handlers/a.py": "x = 1\n", "src/models/base.py": "x = 1\n"})
    assert {(r, s) for r, _, _, s in check(cli, repo)} == {("TR201", "src/gone/base.py")}


def test_a_migrations_number_or_timestamp_placeholder_matches_the_real_name(cli, make_repo):
    """``migrations/YYYYMMDDHHMMSS_add_flags.sql`` and ``db/XXXX_init.sql`` stand for the migration the tool
    numbers: the file ``20251201000001_add_flags.sql`` is it; a placeholder nothing matches is still missing."""
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "### Files to Create\n\n- `migrations/YYYYMMDDHHMMSS_add_flags.sql`\n- `db/XXXX_init.sql`\n"
        "- `db/NNN_gone.sql`\n"),
        "migrations/20251201000001_add_flags.sql": "SELECT 1;\n", "db/0001_init.sql": "SELECT 1;\n"})
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 14, "db/NNN_gone.sql")}


def test_gitignored_paths(cli, make_repo):
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "## Tasks\n\n- [x] Confirm `.env.local` has the API key\n- [x] Create `.env.example`\n"),
        ".gitignore": "node_modules/\n.env*\n"})
    git_init(repo)
    (repo / ".env.example").write_text("KEY=\n")
    commit_all(repo, "init", "2026-01-01T10:00:00")
    run = cli("check", repo, "--format", "json", "--fail-on", "never").json()
    assert [(f["rule"], f["line"], f["subject"]) for f in run["findings"]] == [("TR205", 13, ".env.example")]
    assert ".gitignore:2" in run["findings"][0]["message"] and ".env*" in run["findings"][0]["message"]


def test_a_submodule_is_part_of_the_repository(cli, make_repo):
    """A submodule git holds (a gitlink), checked out as an empty folder or not at all, exists, and so does
    anything in it (another repository's files, which tracer does not check); a missing path beside it is
    still missing."""
    repo = make_repo({**PRD, "docs/feature.tech.md": spec(
        "## Files Created\n\n- `vendor/engine/` (git submodule)\n- `vendor/engine/src/run.py`\n- `vendor/tools/`\n"
        "- `vendor/gone.py`\n")})
    git_init(repo)
    for path in ("vendor/engine", "vendor/tools"):  # the other repository's commit need not be here
        builders.git(repo, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},{path}")
        (repo / path).mkdir(parents=True)  # a clone makes an empty folder
    commit_all(repo, "init", "2026-01-01T10:00:00")
    (repo / "vendor" / "tools").rmdir()  # or none at all
    assert check(cli, repo) == {("TR201", "docs/feature.tech.md", 15, "vendor/gone.py")}


def test_prose_paths_in_a_kiro_design_are_not_required(cli, make_repo):
    repo = make_repo({
        ".kiro/specs/cart/requirements.md": "# Requirements\n\n### Requirement 1: Cart\n\n"
        "#### Acceptance Criteria\n\n1. WHEN a user adds THEN the cart grows\n",
        ".kiro/specs/cart/design.md": "# Design\n\nThe store lives next to `src/cart/maybe.ts`, like the "
        "session code in `src/session/other.ts`.\n",
        ".kiro/specs/cart/tasks.md": "# Tasks\n\n- [x] 1. Build the cart\n  - Create `src/cart/store.ts`\n"
        "  - _Requirements: 1.1_\n",
        "src/cart/store.ts": "export {}\n",
    })
    assert {(r, s) for r, _, _, s in check(cli, repo) if r.startswith("TR2")} == set()
