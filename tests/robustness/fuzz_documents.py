"""A fuzzing harness for the document parser.

Short bounded pass (part of the test suite):    pytest tests/robustness/fuzz_documents.py
Longer run with hypothesis (N examples):        TRACER_FUZZ_EXAMPLES=200000 pytest tests/robustness/fuzz_documents.py
Coverage-guided with atheris (pip install atheris):  python tests/robustness/fuzz_documents.py -runs=1000000

The property: whatever bytes a document holds, parsing it returns a Document and raises nothing.
"""

from __future__ import annotations

import os
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracer.model.status import build_status_map
from tracer.scanner.documents import parse_document

STATUS = build_status_map()


def one_input(data: bytes) -> None:
    """Parse ``data`` as a document the way the scanner would (decoded with replacement), in every format."""
    from tests.builders import every_rule

    text = data.decode("utf-8", errors="replace")
    for profiles in every_rule():
        doc = parse_document("docs/fuzz.tech.md", text, profiles=profiles, dialect="postgres", status_map=STATUS)
        assert doc.path == "docs/fuzz.tech.md" and doc.profile == profiles[0].name


EXAMPLES = int(os.environ.get("TRACER_FUZZ_EXAMPLES", "300"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(st.binary(max_size=4096))
def test_fuzz_document_parser(data):
    one_input(data)


# documents built from the shapes the parser reads, so that rare combinations (an annotation word after a
# path, a verb before an endpoint, an arrow between paths) are tried, not only random bytes
_WORDS = ("new", "created", "added", "modified", "updated", "changed", "edited", "deleted", "removed", "renamed",
          "moved", "existing", "exists", "new file", "new or update", "new or existing", "not created", "deferred",
          "DELETE", "Remove the keys", "Remove file", "NEW:", "+ f()", "extend", "from", "to", "into", "none",
          "(no PRD)", "N/A", "As a user, I can", "FR-001:", "US-1:", "User Story 2", "[US1]", "PATCH", "GET /api/x",
          "→", "->", "`a.py` → `b.py`", "../../", "`../x.py`", "NAME=Org/Model", "YYYYMMDD_x.sql", "XXXX_", "*.ts",
          "**x.py**", "*", "`", "[", "]", "(", ")", ":", "|", "#", "~~", "{a,b}", "<feature>", "T001", "", " ")
_PATHS = ("src/a.py", "src/b/", "../up.py", "/etc/passwd", "a.py", "src/*.ts", "src/{x,y}.py", "db/XXXX_init.sql",
          "x/YYYYMMDDHHMMSS_y.sql", "C:\\x.py", "src/a.py:12-20", ".env", "Makefile", "app/(group)/page.tsx")
_LINES = ("## Files to Modify", "## Files to Create", "### Files Affected", "## Tasks", "## User Stories",
          "## Code Structure", "## API Changes", "**Parent PRD:** {w}", "- [x] {w} `{p}` ({w})", "- [ ] {w} {p} {w}",
          "1. {w} `{p}` {w}", "- `{p}` ({w})", "| `{p}` | {w} |", "| File | Change |", "|---|---|", "```",
          "```sql", "├── {p}   # {w}", "│   └── {p}  # {w}", "{w}/", "    {p}", "prd: {w}", "---", "{w} `{p}` {w} `{p}`")


@st.composite
def _shaped_document(draw) -> bytes:
    lines = []
    for template in draw(st.lists(st.sampled_from(_LINES), max_size=40)):
        line = template
        while "{w}" in line or "{p}" in line:
            line = line.replace("{w}", draw(st.sampled_from(_WORDS)), 1).replace("{p}", draw(st.sampled_from(_PATHS)), 1)
        lines.append(line)
    return "\n".join(lines).encode()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(_shaped_document())
def test_fuzz_document_shapes(data):
    one_input(data)


@settings(max_examples=max(25, EXAMPLES // 10), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(_shaped_document(), min_size=3, max_size=3))
def test_fuzz_every_rule_over_shaped_documents(tmp_path_factory, docs):
    """The same shapes through the whole check (resolution and every rule), as a PRD, a tech spec and a
    spec-kit feature's spec and task list, beside a file or two they may name: no rule crashes."""
    from tracer.api import analyse, check

    root = tmp_path_factory.mktemp("shaped")
    files = {"docs/f.prd.md": b"---\ntype: prd\n---\n" + docs[0], "docs/f.tech.md": b"---\nparent: f.prd.md\n---\n" + docs[1],
             "specs/001-x/spec.md": docs[0], "specs/001-x/tasks.md": docs[2], "src/a.py": b"x = 1\n", "a.py": b""}
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    result = check(analyse(root, {"cache": False}))
    assert not result.crashes, result.crashes


if __name__ == "__main__":
    import atheris  # noqa: PLC0415 - optional, only for long coverage-guided runs

    atheris.instrument_all()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
