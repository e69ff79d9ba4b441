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


if __name__ == "__main__":
    import atheris  # noqa: PLC0415 - optional, only for long coverage-guided runs

    atheris.instrument_all()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
