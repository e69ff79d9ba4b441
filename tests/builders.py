"""Documents and repositories written for tracer's tests (the default template family)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from pathlib import Path

SECTIONS_AFTER_CODE = """
## Edge Cases

| Case | Handling |
|------|----------|
| Empty input | 422 |

## Error Handling

| Error | Response |
|-------|----------|
| Timeout | 503 |

## Testing Strategy

### Unit Tests
- [x] happy path
- [ ] failure path

**Test Coverage Target:** >80%

## Security Considerations

Members only.

## Performance Considerations

One query.

## Open Questions

- [ ] Is this needed?
"""


def prd(stories: dict[str, str] | None = None, *, status: str = "active", doc_id: str = "", title: str = "Feature") -> str:
    """A PRD whose User Stories section holds ``stories`` (ID -> title; ID "" makes a story heading without one)."""
    stories = {"US-001": "As a user, I want X so that Y"} if stories is None else stories
    head = f"---\ntype: prd\nstatus: {status}\ncreated: 2026-01-05\n" + (f"id: {doc_id}\n" if doc_id else "") + "---\n"
    body = [f"# {title}", "", "## Problem Statement", "", "People need it.", "", "## Success Criteria", "",
            "- [ ] it works", "", "## User Stories", ""]
    for sid, text in stories.items():
        body += [f"### {sid}: {text}" if sid else f"### {text}", "", "**Acceptance Criteria:**",
                 "- Given a, when b, then c", ""]
    body += ["## Scope", "", "### In Scope", "- all", "", "## Dependencies", "", "None.", "", "## Open Questions", "",
             "**None identified.**", ""]
    return head + "\n".join(body)


def spec(*, status: str = "completed", parent: str | None = "feature.prd.md", body_parent: str | None = None,
         covers: str = "US-001", sql: str = "", create: tuple[str, ...] = (), modify: tuple[str, ...] = (),
         endpoints: tuple[str, ...] = (), title: str = "Feature Spec", frontmatter_extra: str = "",
         before_create_table: str = "", omit: tuple[str, ...] = (), tree: tuple[str, ...] = ()) -> str:
    """A complete tech spec of the template; pass what a test needs, the rest is filled in correctly."""
    fm = f"---\ntype: tech-spec\nstatus: {status}\ncreated: 2026-01-10\n"
    if parent is not None:
        fm += f"parent: {parent}\n"
    fm += frontmatter_extra + "---\n"
    bp = body_parent if body_parent is not None else parent
    lines = [f"# {title}", "", "## Overview", ""]
    if bp is not None:
        lines.append(f"**Parent PRD:** {bp}")
    lines += [f"**User Stories Covered:** {covers}", "", "What it does.", "",
              "## Technical Approach", "", "### Architecture", "", "A module.", "", "**Key Decisions:**", "- one", "",
              "## Database Changes", ""]
    lines += [f"```sql\n{sql}\n```", ""] if sql else ["**N/A** - no schema change.", ""]
    lines += ["## API Changes", "", "### Endpoints", ""]
    if endpoints:
        for ep in endpoints:
            lines += [f"**{ep}**", "", "```json", '{"ok": true}', "```", ""]
    else:
        lines += ["**N/A** - no endpoints.", ""]
    lines += ["## Code Structure", ""]
    lines += ["```", "src/", *[f"└── {t}" for t in tree], "```", ""] if tree else ["One module.", ""]
    if create:
        lines += [before_create_table] if before_create_table else []
        lines += ["**Files to Create:**", "", "| File | Purpose |", "|------|---------|"]
        lines += [f"| `{f}` | new |" for f in create] + [""]
    if modify:
        lines += ["**Files to Modify:**", "", "| File | Change |", "|------|--------|"]
        lines += [f"| `{f}` | changed |" for f in modify] + [""]
    text = fm + "\n".join(lines) + SECTIONS_AFTER_CODE
    for name in omit:
        start = text.index(f"## {name}\n")
        nxt = text.find("\n## ", start + 3)
        text = text[:start] + (text[nxt + 1 :] if nxt != -1 else "")
    return text


def write_repo(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (repo-relative path -> content) under ``root``."""
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root


GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com"}


def git(root: Path, *args: str, date: str | None = None) -> str:
    """Run real git in ``root`` (commit dates fixed with ``date``, e.g. "2026-01-01T10:00:00")."""
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    res = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return res.stdout


def git_init(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    return root


def commit_all(root: Path, message: str, date: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, "--allow-empty", date=date)
    return git(root, "rev-parse", "HEAD").strip()


def every_rule(name: str | None = None):
    """For each rule of each profile (or of profile ``name``): a profile tuple in which that rule claims every path."""
    from tracer.profiles import Profile, registry

    for profile in registry().values():
        if name is None or profile.name == name:
            for rule in profile.rules:
                yield (Profile(name=profile.name, detect=(), rules=(replace(rule, glob="**", types=(), keys=()),)),)
