"""Deterministic, seeded generator of realistic repositories in tracer's default document format.

Shape per PRD (the ratio used for every tool): 3 stories, 6 specs, one code file per spec with a route,
a migration per spec that creates a table, and a controlled fraction of planted drift (missing files,
dangling parents, column drift, unrouted endpoints).

    python benchmarks/generate.py OUT --prds 1000 [--seed 7] [--drift 0.05] [--doorstop DIR] [--strictdoc DIR]

``--prds 1000`` gives 10,000 documents (1,000 PRDs + 3,000 stories inside them + 6,000 specs) and 6,000 code
files. ``--doorstop``/``--strictdoc`` write the same requirements (PRDs, stories, specs with their links) in
those tools' formats.
"""

from __future__ import annotations

import argparse
import random
import textwrap
from pathlib import Path

WORDS = ("board task user team invite digest export filter label comment due date owner audit session token "
         "preference channel email inbox sprint release milestone report search archive webhook").split()


def _title(rng: random.Random, n: int = 3) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def prd_text(i: int, stories: list[tuple[str, str]], status: str) -> str:
    body = "\n".join(f"### {sid}: As a user, I want {title.lower()} so that work flows\n\n**Acceptance Criteria:**\n"
                     f"- Given a board, when I act, then {title.lower()} happens\n" for sid, title in stories)
    return textwrap.dedent(f"""\
        ---
        type: prd
        id: prd-{i:05d}
        status: {status}
        created: 2026-01-05
        ---

        # Feature {i}

        ## Problem Statement

        Teams lose track of feature {i}.

        ## Success Criteria

        - [ ] Adoption above 50%

        ## User Stories

        """) + body + textwrap.dedent("""
        ## Scope

        ### In Scope
        - Everything above

        ## Dependencies

        None.

        ## Open Questions

        **None identified.**
        """)


def spec_text(i: int, j: int, parent: str, covers: str, status: str, table: str, col_type: str, code: str,
              endpoint: str, missing: str) -> str:
    modify = f"| `{missing}` | Wire it up |\n" if missing else f"| `{code}` | Register route |\n"
    create = code if status != "draft" else code.replace(".py", "_next.py")  # a draft's new file does not exist yet
    return textwrap.dedent(f"""\
        ---
        type: tech-spec
        status: {status}
        created: 2026-01-12
        parent: {parent}
        ---

        # Spec {i}.{j}

        ## Overview

        **Parent PRD:** {parent}
        **User Stories Covered:** {covers}

        Slice {j} of feature {i}.

        ## Technical Approach

        ### Architecture

        A service module and a router.

        **Key Decisions:**
        - Keep it small

        ## Database Changes

        ```sql
        -- Migration: {table}
        CREATE TABLE {table} (
            id SERIAL PRIMARY KEY,
            name VARCHAR(120) NOT NULL,
            amount {col_type} NOT NULL DEFAULT 0,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );

        CREATE INDEX idx_{table}_name ON {table} (name);
        ```

        ## API Changes

        ### Endpoints

        **{endpoint}**

        ```json
        {{"name": "x"}}
        ```

        ## Code Structure

        ```
        src/
        └── f{i:05d}/
            └── s{j}.py   # service and route
        ```

        **Files to Create:**

        | File | Purpose |
        |------|---------|
        | `{create}` | Service and route |

        **Files to Modify:**

        | File | Change |
        |------|--------|
        """) + modify + textwrap.dedent("""
        ## Edge Cases

        | Case | Handling |
        |------|----------|
        | Empty name | 422 |

        ## Error Handling

        | Error | Response |
        |-------|----------|
        | Timeout | 503 |

        ## Testing Strategy

        ### Unit Tests
        - [x] Happy path
        - [ ] Failure path

        **Test Coverage Target:** >80%

        ## Security Considerations

        Members only.

        ## Performance Considerations

        One query.

        ## Open Questions

        **None identified.**
        """)


def generate(out: Path, prds: int, seed: int = 7, drift: float = 0.05) -> dict:
    """Write the repository; returns counts (documents, stories, specs, code files, migrations, planted drift)."""
    rng = random.Random(seed)
    statuses = ["completed"] * 6 + ["in-progress"] * 2 + ["draft"] * 2
    planted = 0
    for i in range(prds):
        folder = out / "docs" / "prds"
        folder.mkdir(parents=True, exist_ok=True)
        stories = [(f"US-{i * 3 + k + 1:05d}", _title(rng)) for k in range(3)]
        (folder / f"prd-{i:05d}.prd.md").write_text(prd_text(i, stories, "active"))
        for j in range(6):
            status = rng.choice(statuses)
            table = f"t{i:05d}_{j}"
            code = f"src/f{i:05d}/s{j}.py"
            route = f"/api/v1/f{i}/s{j}/{{item_id}}"
            parent = f"prd-{i:05d}.prd.md"
            col_type = "INTEGER"
            missing = ""
            if rng.random() < drift:
                planted += 1
                kind = rng.randrange(4)
                if kind == 0:
                    missing = f"src/f{i:05d}/gone{j}.py"
                elif kind == 1:
                    parent = f"prd-{i:05d}-old.prd.md"
                elif kind == 2:
                    col_type = "BIGINT"
                else:
                    route = f"/api/v1/f{i}/s{j}/unrouted"
            spec_dir = out / "docs" / "specs" / f"f{i:05d}"
            spec_dir.mkdir(parents=True, exist_ok=True)
            covers = stories[j % 3][0]
            (spec_dir / f"s{j}.tech.md").write_text(spec_text(i, j, parent, covers, status, table, col_type, code,
                                                              f"POST {route}", missing))
            code_path = out / code
            code_path.parent.mkdir(parents=True, exist_ok=True)
            served = route if "unrouted" not in route else f"/api/v1/f{i}/s{j}/{{item_id}}/other"
            code_path.write_text(f'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.post("{served}")\n'
                                 f"def create_{j}(item_id: int) -> dict:\n    return {{'id': item_id}}\n")
            mig = out / "db" / "migrations" / f"{i:05d}_{j}_{table}.sql"
            mig.parent.mkdir(parents=True, exist_ok=True)
            mig.write_text(f"CREATE TABLE {table} (\n    id SERIAL PRIMARY KEY,\n    name VARCHAR(120) NOT NULL,\n"
                           f"    amount INTEGER NOT NULL DEFAULT 0,\n    created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);\n"
                           f"CREATE INDEX idx_{table}_name ON {table} (name);\n")
    return {"prds": prds, "stories": prds * 3, "specs": prds * 6, "documents": prds * 10, "code_files": prds * 6,
            "migrations": prds * 6, "planted_drift": planted}


def generate_doorstop(out: Path, prds: int) -> None:
    """The same requirements for Doorstop: a PRD document, a story child document, a spec grandchild document."""
    import yaml

    docs = (("PRD", None), ("US", "PRD"), ("SPEC", "US"))
    for prefix, parent in docs:
        d = out / prefix.lower()
        d.mkdir(parents=True, exist_ok=True)
        settings = {"settings": {"digits": 5, "prefix": prefix, "sep": "-"}}
        if parent:
            settings["settings"]["parent"] = parent
        (d / ".doorstop.yml").write_text(yaml.safe_dump(settings))
    for i in range(prds):
        item = {"active": True, "derived": False, "header": "", "level": 1.0, "links": [], "normative": True,
                "ref": "", "reviewed": None, "text": f"Feature {i}: teams lose track of it."}
        (out / "prd" / f"PRD-{i + 1:05d}.yml").write_text(yaml.safe_dump(item))
        for k in range(3):
            n = i * 3 + k + 1
            item = {**item, "text": f"As a user, I want story {n} so that work flows", "links": [f"PRD-{i + 1:05d}"]}
            (out / "us" / f"US-{n:05d}.yml").write_text(yaml.safe_dump(item))
        for j in range(6):
            n = i * 6 + j + 1
            item = {**item, "text": f"Spec {i}.{j}: a service module and a router.", "links": [f"US-{i * 3 + j % 3 + 1:05d}"]}
            (out / "spec" / f"SPEC-{n:05d}.yml").write_text(yaml.safe_dump(item))


def generate_strictdoc(out: Path, prds: int) -> None:
    """The same requirements for StrictDoc: one .sdoc per PRD with its stories and specs, linked by UID."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "strictdoc.toml").write_text('[project]\ntitle = "bench"\n')
    for i in range(prds):
        parts = [f"[DOCUMENT]\nTITLE: Feature {i}\n", f"[REQUIREMENT]\nUID: PRD-{i:05d}\nTITLE: Feature {i}\n"
                 f"STATEMENT: Teams lose track of feature {i}.\n"]
        for k in range(3):
            n = i * 3 + k + 1
            parts.append(f"[REQUIREMENT]\nUID: US-{n:05d}\nTITLE: Story {n}\nSTATEMENT: As a user, I want story {n}.\n"
                         f"RELATIONS:\n- TYPE: Parent\n  VALUE: PRD-{i:05d}\n")
        for j in range(6):
            parts.append(f"[REQUIREMENT]\nUID: SPEC-{i:05d}-{j}\nTITLE: Spec {i}.{j}\nSTATEMENT: A service module.\n"
                         f"RELATIONS:\n- TYPE: Parent\n  VALUE: US-{i * 3 + j % 3 + 1:05d}\n")
        (out / f"f{i:05d}.sdoc").write_text("\n".join(parts))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--prds", type=int, default=100)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--drift", type=float, default=0.05)
    p.add_argument("--doorstop", type=Path)
    p.add_argument("--strictdoc", type=Path)
    a = p.parse_args()
    print(generate(a.out, a.prds, a.seed, a.drift))
    if a.doorstop:
        generate_doorstop(a.doorstop, a.prds)
    if a.strictdoc:
        generate_strictdoc(a.strictdoc, a.prds)


if __name__ == "__main__":
    main()
