"""``tracer init``: a commented ``tracer.toml`` for a repository, and example documents of the default family.

The examples are the template tracer checks against, filled in: written into a repository, they pass
``tracer check`` with no finding (a test keeps it so), and they show each shape tracer reads.
"""

from __future__ import annotations

from pathlib import Path

from tracer.config import Config
from tracer.errors import TracerError

CONFIG = """# tracer's settings for this repository (every key and its default: docs/configuration.md).
[tool.tracer]
# document formats found here ({found}); remove the line to detect them on every run
profile = [{profiles}]

# which Markdown files are read (every one; those no format claims are listed as "other", never checked)
# docs = ["**/*.md"]

# never read as documents, code or migrations (test fixtures and the formats' templates are left out already)
# exclude = ["**/node_modules/**", "**/fixtures/**"]

# SQL files replayed in order into the schema, and their dialect
# migrations = ["**/migrations/**/*.sql", "**/*.sql"]
dialect = "{dialect}"

# what `tracer check` fails on: error, warning, info or never
fail_on = "error"

# the weekly report's verdict (`tracer report` exits 1 when one is missed)
# [tool.tracer.targets]
# story_coverage = 90
# max_errors = 0

# your own status words, added to the lifecycle classes
# [tool.tracer.statuses]
# planned = ["groomed"]
# done = ["live-in-prod"]
"""

PRD = """---
type: prd
status: draft
created: {date}
---

# {title}

## Problem Statement

Who has the problem, and what it costs them today.

## Success Criteria

- [ ] A measurable outcome, with its target

## User Stories

### US-001: As a user, I want to do the main thing, so that I get the value

**Acceptance Criteria:**
- Given a starting state, when the user acts, then the outcome is visible

### US-002: As an admin, I want to see who did it, so that I can answer questions

**Acceptance Criteria:**
- Given an action happened, when an admin opens the log, then it lists who and when

## Scope

### In Scope
- The main thing

### Out of Scope
- Everything else

## Dependencies

None.

## Open Questions

**None identified.**
"""

SPEC = """---
type: tech-spec
status: draft
created: {date}
parent: {prd}
---

# {title} — Technical Spec

## Overview

**Parent PRD:** {prd}
**User Stories Covered:** US-001, US-002

What this spec builds, in two sentences.

## Technical Approach

### Architecture

One module and one table; the route calls the module, the module writes the table.

**Key Decisions:**
- Why this shape and not another

## Database Changes

```sql
CREATE TABLE example_events (
    id SERIAL PRIMARY KEY,
    actor VARCHAR(120) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_example_events_actor ON example_events (actor);
```

## API Changes

### Endpoints

**POST /api/v1/example-events**

```json
{{"actor": "ana"}}
```

## Code Structure

**Files to Create:**

| File | Purpose |
|------|---------|
| `src/example/events.py` | the module that records events |

## Edge Cases

| Case | Handling |
|------|----------|
| Empty actor | 422 |

## Error Handling

| Error | Response |
|-------|----------|
| Database unavailable | 503, retried by the client |

## Testing Strategy

### Unit Tests
- [ ] records an event
- [ ] refuses an empty actor

## Security Considerations

Only signed-in users record events.

## Performance Considerations

One insert per request.

## Open Questions

- [ ] Do events expire?
"""


def config_text(profiles: tuple[str, ...], config: Config) -> str:
    """The commented tracer.toml for a repository whose detected formats are ``profiles``."""
    names = [p for p in profiles]
    return CONFIG.format(found=", ".join(names), profiles=", ".join(f'"{p}"' for p in names), dialect=config.dialect)


def template(kind: str, *, date: str, prd: str = "example.prd.md", title: str = "Example feature") -> str:
    """A filled-in document of the default family: ``prd`` or ``tech-spec``."""
    if kind == "prd":
        return PRD.format(date=date, title=title)
    if kind == "tech-spec":
        return SPEC.format(date=date, prd=prd, title=title)
    raise TracerError(f"--template must be prd or tech-spec, not {kind!r}")


def write_new(path: Path, text: str) -> None:
    """Write a file tracer creates for the user, never over an existing one."""
    if path.exists() or path.is_symlink():
        raise TracerError(f"{path} exists already; tracer init does not overwrite it")
    from tracer.output import write_atomic

    write_atomic(path, text)
